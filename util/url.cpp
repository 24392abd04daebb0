// URL parsing and the loopback-only rule for plain-text schemes.
#include "util/url.h"

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <stdexcept>

namespace mentorbot::net {

bool is_loopback_host(std::string_view host) {
    // Only a literal address: a name (even "localhost") is whatever the resolver says it is.
    boost::system::error_code error;
    auto address = boost::asio::ip::make_address(std::string(host), error);
    return !error && address.is_loopback();
}

std::string Endpoint::origin() const { return std::string(secure ? "https://" : "http://") + host + ":" + port; }

std::string Endpoint::host_header() const {
    std::string header = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port != (secure ? "443" : "80")) header += ":" + port;
    return header;
}

namespace {

Endpoint endpoint_from(const boost::urls::url_view& url) {
    Endpoint endpoint;
    std::string scheme(url.scheme());
    for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool plain = false;
    if (scheme == "https" || scheme == "wss") {
        endpoint.secure = true;
    } else if (scheme == "http" || scheme == "ws") {
        plain = true;
        endpoint.secure = false;
    } else {
        throw std::invalid_argument("unsupported URL scheme '" + scheme + "' (use https or wss)");
    }
    // After an authority the path is empty or starts with '/'. Boost.URL 1.81 reads
    // "http://127.0.0.1.evil.com:18777/" as host 127.0.0.1 and path ".evil.com:18777/":
    // such a URL is refused rather than sent to a host and port nobody wrote.
    const auto path = url.encoded_path();
    if (!url.has_authority() || (!path.empty() && path.front() != '/'))
        throw std::invalid_argument("cannot read the host and port of '" + std::string(url.buffer()) + "'");
    // host_address() drops the brackets of an IPv6 literal, which the resolver wants.
    endpoint.host = url.host_address();
    if (endpoint.host.empty()) throw std::invalid_argument("URL has no host");
    if (plain && !is_loopback_host(endpoint.host)) {
        throw std::invalid_argument("plain " + scheme + ":// is only allowed for loopback hosts, not '" +
                                    endpoint.host + "'");
    }
    endpoint.port = url.has_port() && !url.port().empty() ? std::string(url.port()) : (endpoint.secure ? "443" : "80");
    endpoint.target = std::string(url.encoded_path());
    if (endpoint.target.empty()) endpoint.target = "/";
    if (url.has_query()) endpoint.target += "?" + std::string(url.encoded_query());
    return endpoint;
}

}  // namespace

Endpoint parse_endpoint(std::string_view text) {
    auto parsed = boost::urls::parse_absolute_uri(text);
    if (!parsed) throw std::invalid_argument("not an absolute URL: " + std::string(text));
    return endpoint_from(*parsed);
}

Endpoint resolve_endpoint(std::string_view base, std::string_view relative) {
    auto parsed_base = boost::urls::parse_absolute_uri(base);
    if (!parsed_base) throw std::invalid_argument("not an absolute URL: " + std::string(base));
    endpoint_from(*parsed_base);  // the base's own host and port must read exactly too
    auto parsed_relative = boost::urls::parse_uri_reference(relative);
    if (!parsed_relative) throw std::invalid_argument("not a URL reference: " + std::string(relative));
    boost::urls::url resolved;
    auto result = boost::urls::resolve(*parsed_base, *parsed_relative, resolved);
    if (!result) throw std::invalid_argument("cannot resolve " + std::string(relative));
    return endpoint_from(resolved);
}

}  // namespace mentorbot::net

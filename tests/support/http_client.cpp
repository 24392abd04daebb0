// The test HTTP client over Beast: connect, write one request, read one response.
#include "tests/support/http_client.h"

#include <algorithm>
#include <cctype>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace mentorbot::testing {

namespace http = boost::beast::http;

std::string HttpReply::header(const std::string& name) const {
    auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
}

HttpReply http_request(unsigned short port, const std::string& method, const std::string& target,
                       const std::string& cookie, const std::string& body) {
    boost::asio::io_context io;
    boost::beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(20));
    stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    http::request<http::string_body> request{http::string_to_verb(method), target, 11};
    request.set(http::field::host, "127.0.0.1");
    if (!cookie.empty()) request.set(http::field::cookie, cookie);
    if (!body.empty()) {
        request.set(http::field::content_type, "application/x-www-form-urlencoded");
        request.body() = body;
    }
    request.prepare_payload();
    http::write(stream, request);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    HttpReply reply{response.result_int(), {}, response.body()};
    for (const auto& field : response) {
        std::string name(field.name_string());
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        reply.headers.emplace(name, std::string(field.value()));
    }
    return reply;
}

}  // namespace mentorbot::testing

// Splits a service URL into what a connection needs, and refuses insecure schemes off loopback.
// A utility below every layer: the network layer connects with it and the config checks the
// platforms' API URLs with it, so a bad URL is refused at startup by the same rule.
#pragma once

#include <string>
#include <string_view>

namespace mentorbot::net {

// Where to connect and what to ask for, taken apart from an https/wss/http/ws URL.
struct Endpoint {
    bool secure = true;          // TLS (https, wss) or plain (http, ws; loopback only)
    std::string host;            // as written in the URL, brackets removed from IPv6 literals
    std::string port;            // explicit port, or 443 / 80 from the scheme
    std::string target;          // path and query, sent unchanged; "/" when the URL has no path
    std::string origin() const;  // "https://host:port", to tell connections apart
    // The Host header: "host", or "host:port" when the port is not the scheme's default.
    std::string host_header() const;
};

// Parses `url`. Accepts https:// and wss:// everywhere; http:// and ws:// only when the
// host is a literal loopback address (127.0.0.0/8, ::1; not the name localhost, which a
// resolver or hosts file may send anywhere) so that tests and local fakes work while a
// mistyped production URL can never send a token in clear text. A URL whose host and port
// cannot be read exactly is refused.
// Throws std::invalid_argument with a readable reason otherwise.
Endpoint parse_endpoint(std::string_view url);

// Resolves `relative` (e.g. "chat.postMessage") against a base such as
// "https://slack.com/api/" the way a browser would, then parses it.
Endpoint resolve_endpoint(std::string_view base, std::string_view relative);

bool is_loopback_host(std::string_view host);

}  // namespace mentorbot::net

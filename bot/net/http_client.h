// A small HTTPS (or loopback HTTP) client that keeps one connection alive to one origin.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "util/url.h"

namespace mentorbot::net {

struct HttpTimeouts {
    std::chrono::steady_clock::duration connect = std::chrono::seconds(10);    // resolve + TCP
    std::chrono::steady_clock::duration handshake = std::chrono::seconds(10);  // TLS
    std::chrono::steady_clock::duration exchange = std::chrono::seconds(15);   // write request + read response
};

struct HttpRequest {
    std::string method = "POST";
    std::string target;  // path and query, e.g. "/api/chat.postMessage"
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

struct HttpResponse {
    unsigned status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // First header with this name (case-insensitive), or "" when absent.
    std::string header(std::string_view name) const;
};

// Sends requests to one origin (scheme, host, port) over a kept-alive connection,
// connecting lazily and reconnecting when the server closed it. Each phase has its own
// deadline (HttpTimeouts). Network failures and timeouts throw
// boost::system::system_error; any HTTP status is returned, not thrown.
//
// One request at a time: callers that need parallel requests use several clients
// (the Slack Web API keeps one per queue). Must be used from one executor/thread.
class HttpClient {
public:
    HttpClient(boost::asio::any_io_executor executor, std::shared_ptr<boost::asio::ssl::context> tls, Endpoint origin,
               HttpTimeouts timeouts = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    boost::asio::awaitable<HttpResponse> send(HttpRequest request);

    // Drops the kept-alive connection (the next send connects again).
    void close();

    const Endpoint& origin() const { return origin_; }

private:
    struct Connection;
    boost::asio::awaitable<HttpResponse> exchange(const HttpRequest& request);
    boost::asio::awaitable<void> connect();

    boost::asio::any_io_executor executor_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    Endpoint origin_;
    HttpTimeouts timeouts_;
    std::unique_ptr<Connection> connection_;
};

// Sends one request to a full URL on a fresh connection (for one-off posts such as a
// Slack response_url). Same URL policy as parse_endpoint.
boost::asio::awaitable<HttpResponse> send_once(std::shared_ptr<boost::asio::ssl::context> tls, const std::string& url,
                                               HttpRequest request, HttpTimeouts timeouts = {});

}  // namespace mentorbot::net

// Keep-alive HTTP/1.1 client over Beast, TLS or loopback plain text.
#include "bot/net/http_client.h"

#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/version.hpp>
#include <strings.h>

#include "bot/net/connect.h"

namespace mentorbot::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

std::string HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
    }
    return {};
}

struct HttpClient::Connection {
    std::unique_ptr<beast::tcp_stream> plain;
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
    beast::flat_buffer buffer;
    bool used = false;  // has carried at least one exchange (so a failure may just be a stale keep-alive)

    beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

    // Both stream kinds give the same awaitable type, so callers write each step once.
    template <typename Step>
    auto with_stream(Step&& step) {
        if (tls) return step(*tls);
        return step(*plain);
    }
};

HttpClient::HttpClient(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls, Endpoint origin,
                       HttpTimeouts timeouts)
    : executor_(std::move(executor)), tls_(std::move(tls)), origin_(std::move(origin)), timeouts_(timeouts) {}

HttpClient::~HttpClient() { close(); }

void HttpClient::close() {
    if (!connection_) return;
    boost::system::error_code ignored;
    connection_->lowest().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    connection_->lowest().close();
    connection_.reset();
}

asio::awaitable<void> HttpClient::connect() {
    auto connection = std::make_unique<Connection>();
    if (origin_.secure) {
        connection->tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(executor_, *tls_);
        co_await connect_tcp(beast::get_lowest_layer(*connection->tls), origin_, timeouts_.connect);
        co_await handshake_tls(*connection->tls, origin_.host, timeouts_.handshake);
    } else {
        connection->plain = std::make_unique<beast::tcp_stream>(executor_);
        co_await connect_tcp(*connection->plain, origin_, timeouts_.connect);
    }
    connection_ = std::move(connection);
}

asio::awaitable<HttpResponse> HttpClient::send(HttpRequest request) {
    if (!connection_) co_await connect();
    const bool reused = connection_->used;
    try {
        co_return co_await exchange(request);
    } catch (const boost::system::system_error& error) {
        close();
        // A kept-alive connection the server had already closed fails on first use;
        // that request never reached the server, so one retry on a fresh connection is safe.
        const auto code = error.code();
        const bool stale = reused && (code == http::error::end_of_stream || code == asio::error::connection_reset ||
                                      code == asio::error::broken_pipe || code == asio::error::eof ||
                                      code == asio::ssl::error::stream_truncated);
        if (!stale) throw;
    }
    co_await connect();
    co_return co_await exchange(request);
}

asio::awaitable<HttpResponse> HttpClient::exchange(const HttpRequest& request) {
    http::request<http::string_body> message{http::string_to_verb(request.method), request.target, 11};
    message.set(http::field::host, origin_.host_header());
    message.set(http::field::user_agent, "mentorbot/" MENTORBOT_VERSION);
    for (const auto& [name, value] : request.headers) message.set(name, value);
    message.body() = request.body;
    message.prepare_payload();
    message.keep_alive(true);

    Connection& connection = *connection_;
    connection.lowest().expires_after(timeouts_.exchange);
    co_await connection.with_stream(
        [&](auto& stream) { return http::async_write(stream, message, asio::use_awaitable); });
    http::response_parser<http::string_body> parser;
    parser.body_limit(16 * 1024 * 1024);
    co_await connection.with_stream(
        [&](auto& stream) { return http::async_read(stream, connection.buffer, parser, asio::use_awaitable); });
    connection.lowest().expires_never();
    connection.used = true;

    auto response = parser.release();
    HttpResponse result;
    result.status = response.result_int();
    for (const auto& field : response) {
        result.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    result.body = std::move(response.body());
    if (!response.keep_alive()) close();
    co_return result;
}

asio::awaitable<HttpResponse> send_once(std::shared_ptr<asio::ssl::context> tls, const std::string& url,
                                        HttpRequest request, HttpTimeouts timeouts) {
    Endpoint endpoint = parse_endpoint(url);
    request.target = endpoint.target;
    HttpClient client(co_await asio::this_coro::executor, std::move(tls), std::move(endpoint), timeouts);
    co_return co_await client.send(std::move(request));
}

}  // namespace mentorbot::net

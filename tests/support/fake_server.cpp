// The fake server base: accept loop, HTTP keep-alive sessions, WebSocket upgrades and test controls.
#include "tests/support/fake_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <unistd.h>

namespace mentorbot::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

ServerResponse make_response(const ServerRequest& request, unsigned status, std::string body,
                             std::string content_type) {
    ServerResponse response{static_cast<http::status>(status), request.version()};
    response.set(http::field::content_type, content_type);
    response.keep_alive(request.keep_alive());
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
}

struct ServerWebSocket::Impl {
    std::unique_ptr<websocket::stream<TlsStream>> tls;
    std::unique_ptr<websocket::stream<beast::tcp_stream>> plain;
    beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : beast::get_lowest_layer(*plain); }
    template <typename Step>
    auto with_stream(Step&& step) {
        if (tls) return step(*tls);
        return step(*plain);
    }
};

ServerWebSocket::ServerWebSocket(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
    impl_->with_stream([this](auto& ws) {
        ws.control_callback([this](websocket::frame_type kind, beast::string_view) {
            if (kind == websocket::frame_type::ping) ++pings_received_;
        });
        return 0;
    });
}

ServerWebSocket::~ServerWebSocket() {
    if (frozen_descriptor_ >= 0) ::close(frozen_descriptor_);
    boost::system::error_code ignored;
    impl_->lowest().socket().close(ignored);
}

bool ServerWebSocket::is_open() const {
    return !dropped_ && impl_->lowest().socket().is_open() && impl_->with_stream([](auto& ws) { return ws.is_open(); });
}

asio::awaitable<void> ServerWebSocket::read_messages(std::function<void(std::string)> on_message) {
    auto self = shared_from_this();
    beast::flat_buffer buffer;
    while (!frozen_ && !dropped_) {
        auto [error, bytes] = co_await impl_->with_stream(
            [&](auto& ws) { return ws.async_read(buffer, asio::as_tuple(asio::use_awaitable)); });
        if (error == websocket::error::closed) {
            close_code_received_ = impl_->with_stream([](auto& ws) { return std::uint16_t(ws.reason().code); });
        }
        if (error || frozen_) break;
        on_message(beast::buffers_to_string(buffer.data()));
        buffer.consume(buffer.size());
    }
}

void ServerWebSocket::send(std::string text) {
    if (frozen_ || dropped_) return;
    outgoing_.emplace_back(std::move(text), true);
    if (!writing_) {
        writing_ = true;
        asio::co_spawn(impl_->lowest().get_executor(), write_queued(), asio::detached);
    }
}

void ServerWebSocket::send_binary(std::string bytes) {
    if (frozen_ || dropped_) return;
    outgoing_.emplace_back(std::move(bytes), false);
    if (!writing_) {
        writing_ = true;
        asio::co_spawn(impl_->lowest().get_executor(), write_queued(), asio::detached);
    }
}

asio::awaitable<void> ServerWebSocket::write_queued() {
    auto self = shared_from_this();
    while (!outgoing_.empty() && !frozen_ && !dropped_) {
        auto [error, bytes] = co_await impl_->with_stream([&](auto& ws) {
            ws.text(outgoing_.front().second);
            return ws.async_write(asio::buffer(outgoing_.front().first), asio::as_tuple(asio::use_awaitable));
        });
        if (error) break;
        outgoing_.pop_front();
    }
    writing_ = false;
}

void ServerWebSocket::drop() {
    dropped_ = true;
    if (frozen_descriptor_ >= 0) ::close(frozen_descriptor_);
    frozen_descriptor_ = -1;
    boost::system::error_code ignored;
    impl_->lowest().socket().close(ignored);
}

void ServerWebSocket::freeze() {
    if (frozen_ || dropped_) return;
    frozen_ = true;
    // Taking the descriptor away from Asio aborts our pending read and guarantees nothing
    // reads or writes it again, while the kernel keeps the TCP connection up: the client
    // sees a peer that accepts bytes and never answers, like a dead path.
    boost::system::error_code ignored;
    frozen_descriptor_ = impl_->lowest().socket().release(ignored);
}

asio::awaitable<void> ServerWebSocket::close(std::uint16_t code) {
    auto self = shared_from_this();
    co_await impl_->with_stream(
        [&](auto& ws) { return ws.async_close(websocket::close_reason(code), asio::as_tuple(asio::use_awaitable)); });
}

FakeServer::FakeServer(asio::io_context& io, const TestCertificates& certificates, bool use_tls)
    : io_(io), acceptor_(io) {
    if (use_tls) {
        tls_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
        tls_->use_certificate_chain(asio::buffer(certificates.server_certificate));
        tls_->use_private_key(asio::buffer(certificates.server_private_key), asio::ssl::context::pem);
    }
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
}

FakeServer::~FakeServer() {
    *alive_ = false;
    stop();
}

void FakeServer::start() { asio::co_spawn(io_, accept_loop(), asio::detached); }

void FakeServer::stop() {
    if (stopped_) return;
    stopped_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    for (auto& socket : websockets_) {
        if (auto open = socket.lock()) open->drop();
    }
    for (auto& [token, closer] : http_connections_) {
        if (auto open = token.lock()) closer();
    }
}

std::string FakeServer::http_url(const std::string& path) const {
    return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + path;
}

std::string FakeServer::websocket_url(const std::string& path) const {
    return std::string(tls_ ? "wss" : "ws") + "://127.0.0.1:" + std::to_string(port_) + path;
}

bool FakeServer::accept_websocket(const ServerRequest&, ServerResponse&) { return true; }

void FakeServer::on_websocket(std::shared_ptr<ServerWebSocket> socket, const ServerRequest&) {
    asio::co_spawn(io_, socket->close(), asio::detached);
}

asio::awaitable<void> FakeServer::accept_loop() {
    auto alive = alive_;
    for (;;) {
        auto [error, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
        if (!*alive || stopped_) co_return;
        if (error) {
            if (error == asio::error::operation_aborted) co_return;
            continue;
        }
        ++connections_accepted_;
        // Like a real platform's servers: small frames leave at once instead of waiting
        // (Nagle) for the bot's delayed ACK, which would add 40 ms stalls to every figure.
        boost::system::error_code ignored;
        socket.set_option(asio::ip::tcp::no_delay(true), ignored);
        asio::co_spawn(io_, serve(std::move(socket)), asio::detached);
    }
}

asio::awaitable<void> FakeServer::serve(asio::ip::tcp::socket socket) {
    auto alive = alive_;
    try {
        if (tls_) {
            auto stream = std::make_shared<TlsStream>(std::move(socket), *tls_);
            beast::get_lowest_layer(*stream).expires_after(std::chrono::seconds(10));
            auto [error] = co_await stream->async_handshake(asio::ssl::stream_base::server,
                                                            asio::as_tuple(asio::use_awaitable));
            if (error) co_return;  // e.g. the client refused our certificate
            beast::get_lowest_layer(*stream).expires_never();
            co_await serve_stream(stream);
        } else {
            auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
            co_await serve_stream(stream);
        }
    } catch (const std::exception&) {
        // A test server never takes the test down over one broken connection.
    }
}

template <typename Stream>
asio::awaitable<void> FakeServer::serve_stream(std::shared_ptr<Stream> stream) {
    auto alive = alive_;
    if (!*alive || stopped_) co_return;
    http_connections_.emplace_back(std::weak_ptr<void>(stream), [raw = stream.get()] {
        boost::system::error_code ignored;
        beast::get_lowest_layer(*raw).socket().close(ignored);
    });
    // Requests carry which keep-alive connection they came on: a request on a connection
    // after an answer on it was sent after the client read that answer (no pipelining).
    const std::string connection_id = std::to_string(++http_connections_served_);
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        auto [read_error, bytes] = co_await http::async_read(*stream, buffer, parser,
                                                             asio::as_tuple(asio::use_awaitable));
        if (read_error || !*alive) co_return;
        ServerRequest request = parser.release();
        if (websocket::is_upgrade(request)) {
            ServerResponse refusal;
            if (!accept_websocket(request, refusal)) {
                refusal.keep_alive(false);
                refusal.prepare_payload();
                co_await http::async_write(*stream, refusal, asio::as_tuple(asio::use_awaitable));
                co_return;
            }
            auto impl = std::make_unique<ServerWebSocket::Impl>();
            if constexpr (std::is_same_v<Stream, TlsStream>) {
                impl->tls = std::make_unique<websocket::stream<TlsStream>>(std::move(*stream));
            } else {
                impl->plain = std::make_unique<websocket::stream<beast::tcp_stream>>(std::move(*stream));
            }
            auto [accept_error] = co_await impl->with_stream([&](auto& ws) {
                ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
                // The fake must be able to send more than the client accepts (oversize tests).
                ws.read_message_max(64 * 1024 * 1024);
                return ws.async_accept(request, asio::as_tuple(asio::use_awaitable));
            });
            if (accept_error || !*alive) co_return;
            // Beast's suggested server timeouts would ping for us; the tests decide that.
            impl->with_stream([](auto& ws) {
                websocket::stream_base::timeout timeouts{};
                timeouts.handshake_timeout = std::chrono::seconds(10);
                timeouts.idle_timeout = websocket::stream_base::none();
                timeouts.keep_alive_pings = false;
                ws.set_option(timeouts);
                return 0;
            });
            auto socket = std::make_shared<ServerWebSocket>(std::move(impl));
            ++websockets_accepted_;
            websockets_.push_back(socket);
            on_websocket(socket, request);
            co_return;
        }
        request.set(fake_connection_header, connection_id);
        ServerResponse response = co_await handle_http(std::move(request));
        if (!*alive) co_return;
        const bool keep_alive = response.keep_alive();
        auto [write_error, written] = co_await http::async_write(*stream, response,
                                                                 asio::as_tuple(asio::use_awaitable));
        if (write_error || !keep_alive) co_return;
    }
}

bool run_until(asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return done();
        if (io.stopped()) io.restart();
        io.run_for(std::min<std::chrono::steady_clock::duration>(deadline - now, std::chrono::milliseconds(5)));
    }
    return true;
}

void run_for(asio::io_context& io, std::chrono::milliseconds duration) {
    const auto deadline = std::chrono::steady_clock::now() + duration;
    while (std::chrono::steady_clock::now() < deadline) {
        if (io.stopped()) io.restart();
        io.run_until(deadline);
    }
}

}  // namespace mentorbot::testing

// WebSocket client over Beast: connect, read loop, single writer, pings and watchdog, bounded close.
#include "bot/net/websocket_client.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <spdlog/spdlog.h>

#include "bot/net/coalescing_stream.h"
#include "bot/net/connect.h"

namespace mentorbot::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using Clock = std::chrono::steady_clock;

constexpr std::size_t read_chunk_bytes = 64 * 1024;

const char* to_string(WebSocketEnd end) {
    switch (end) {
        case WebSocketEnd::closed_by_peer: return "closed by peer";
        case WebSocketEnd::closed_by_us: return "closed by us";
        case WebSocketEnd::unresponsive: return "unresponsive";
        case WebSocketEnd::message_too_big: return "message too big";
        case WebSocketEnd::network_error: return "network error";
    }
    return "unknown";
}

struct WebSocketClient::Impl {
    explicit Impl(asio::any_io_executor executor) : keep_alive_timer(executor) {}

    // Frames of a burst leave together (see CoalescingStream), over TLS or plain TCP.
    using TlsWebSocket = websocket::stream<beast::ssl_stream<CoalescingStream<beast::tcp_stream>>>;
    using PlainWebSocket = websocket::stream<CoalescingStream<beast::tcp_stream>>;
    std::unique_ptr<TlsWebSocket> tls;
    std::unique_ptr<PlainWebSocket> plain;
    asio::steady_timer keep_alive_timer;

    beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : beast::get_lowest_layer(*plain); }
    // Both stream kinds return the same awaitable type, so each step is written once.
    template <typename Step>
    auto with_stream(Step&& step) {
        if (tls) return step(*tls);
        return step(*plain);
    }
};

std::shared_ptr<WebSocketClient> WebSocketClient::create(asio::any_io_executor executor,
                                                         std::shared_ptr<asio::ssl::context> tls,
                                                         WebSocketOptions options) {
    return std::shared_ptr<WebSocketClient>(new WebSocketClient(std::move(executor), std::move(tls), options));
}

WebSocketClient::WebSocketClient(asio::any_io_executor executor, std::shared_ptr<asio::ssl::context> tls,
                                 WebSocketOptions options)
    : executor_(executor), tls_(std::move(tls)), options_(options), impl_(std::make_unique<Impl>(executor)) {}

WebSocketClient::~WebSocketClient() { terminate(); }

asio::awaitable<void> WebSocketClient::connect(const Endpoint& endpoint) {
    if (endpoint.secure) {
        impl_->tls = std::make_unique<Impl::TlsWebSocket>(executor_, *tls_);
        auto& tcp = beast::get_lowest_layer(*impl_->tls);
        co_await connect_tcp(tcp, endpoint, options_.connect_timeout);
        co_await handshake_tls(impl_->tls->next_layer(), endpoint.host, options_.handshake_timeout);
    } else {
        impl_->plain = std::make_unique<Impl::PlainWebSocket>(executor_);
        co_await connect_tcp(beast::get_lowest_layer(*impl_->plain), endpoint, options_.connect_timeout);
    }
    co_await impl_->with_stream([&](auto& ws) -> asio::awaitable<void> {
        // Our own keep-alive replaces Beast's: it pings on a fixed beat and tells pong
        // silence apart from a quiet line. Beast only bounds the upgrade here.
        websocket::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = options_.handshake_timeout;
        timeouts.idle_timeout = websocket::stream_base::none();
        timeouts.keep_alive_pings = false;
        beast::get_lowest_layer(ws).expires_never();
        ws.set_option(timeouts);
        // No limit in Beast: run() enforces max_message_bytes itself, because Beast reports
        // its own limit under whatever error the closing handshake ends with.
        ws.read_message_max(0);
        ws.set_option(websocket::stream_base::decorator([](websocket::request_type& request) {
            request.set(beast::http::field::user_agent, "mentorbot/" MENTORBOT_VERSION);
        }));
        ws.control_callback([this](websocket::frame_type kind, beast::string_view) {
            last_received_ = Clock::now();
            if (kind == websocket::frame_type::pong) last_pong_ = Clock::now();
        });
        std::string host = endpoint.host;
        if (endpoint.port != (endpoint.secure ? "443" : "80")) host += ":" + endpoint.port;
        co_await ws.async_handshake(host, endpoint.target, asio::use_awaitable);
    });
    open_ = true;
    last_received_ = last_pong_ = Clock::now();
}

asio::awaitable<WebSocketEndInfo> WebSocketClient::run(TextHandler on_text) {
    auto self = shared_from_this();
    asio::co_spawn(executor_, keep_alive(), asio::detached);
    beast::flat_buffer buffer;
    WebSocketEndInfo end;
    for (;;) {
        // Frame pieces at a time, so a message is never held beyond max_message_bytes.
        auto [error, bytes] = co_await impl_->with_stream([&](auto& ws) {
            return ws.async_read_some(buffer, read_chunk_bytes, asio::as_tuple(asio::use_awaitable));
        });
        if (error) {
            std::uint16_t peer_code = impl_->with_stream([](auto& ws) { return ws.reason().code; });
            if (unresponsive_) {
                end = {WebSocketEnd::unresponsive, 0, "no pong or data within the deadline"};
            } else if (closing_ || terminated_) {
                end = {WebSocketEnd::closed_by_us, peer_code, "closed locally"};
            } else if (error == websocket::error::closed) {
                end = {WebSocketEnd::closed_by_peer, peer_code,
                       impl_->with_stream([](auto& ws) { return std::string(ws.reason().reason.c_str()); })};
            } else if (error == websocket::error::message_too_big) {
                end = {WebSocketEnd::message_too_big, 0, error.message()};
            } else {
                end = {WebSocketEnd::network_error, 0, error.message()};
            }
            break;
        }
        last_received_ = Clock::now();
        if (buffer.size() > options_.max_message_bytes) {
            end = {WebSocketEnd::message_too_big, 0,
                   "a message over " + std::to_string(options_.max_message_bytes) + " bytes"};
            co_await close(1009);
            break;
        }
        if (!impl_->with_stream([](auto& ws) { return ws.is_message_done(); })) continue;
        const bool is_text = impl_->with_stream([](auto& ws) { return ws.got_text(); });
        if (is_text) {
            std::string text = beast::buffers_to_string(buffer.data());
            buffer.consume(buffer.size());
            on_text(std::move(text));
        } else {
            spdlog::debug("websocket: ignoring a binary message of {} bytes", buffer.size());
            buffer.consume(buffer.size());
        }
    }
    open_ = false;
    impl_->keep_alive_timer.cancel();
    terminate();
    co_return end;
}

bool WebSocketClient::send(std::string text) {
    if (!open_ || closing_) return false;
    outgoing_.push_back(std::move(text));
    if (!writing_) {
        writing_ = true;
        asio::co_spawn(executor_, write_queued(), asio::detached);
    }
    return true;
}

asio::awaitable<void> WebSocketClient::write_queued() {
    auto self = shared_from_this();
    // The only writer of message frames: sends leave in order, one at a time.
    while (!outgoing_.empty() && open_ && !terminated_) {
        auto [error, bytes] = co_await impl_->with_stream([&](auto& ws) {
            ws.text(true);
            return ws.async_write(asio::buffer(outgoing_.front()), asio::as_tuple(asio::use_awaitable));
        });
        if (error) {
            spdlog::debug("websocket: write failed: {}", error.message());
            terminate();
            break;
        }
        outgoing_.pop_front();
    }
    writing_ = false;
}

asio::awaitable<void> WebSocketClient::keep_alive() {
    auto self = shared_from_this();
    const auto tick = std::min({options_.ping_interval, options_.pong_timeout / 4,
                                std::chrono::steady_clock::duration(std::chrono::seconds(1))});
    auto last_ping = Clock::now();
    while (open_ && !terminated_) {
        impl_->keep_alive_timer.expires_after(tick);
        auto [error] = co_await impl_->keep_alive_timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (error || !open_ || terminated_ || closing_) break;
        const auto now = Clock::now();
        if (now - last_pong_ > options_.pong_timeout || now - last_received_ > options_.idle_timeout) {
            spdlog::warn("websocket: peer unresponsive (last pong {} ms ago, last data {} ms ago); dropping it",
                         std::chrono::duration_cast<std::chrono::milliseconds>(now - last_pong_).count(),
                         std::chrono::duration_cast<std::chrono::milliseconds>(now - last_received_).count());
            unresponsive_ = true;
            terminate();
            break;
        }
        if (now - last_ping >= options_.ping_interval) {
            last_ping = now;
            auto [ping_error] = co_await impl_->with_stream(
                [&](auto& ws) { return ws.async_ping({}, asio::as_tuple(asio::use_awaitable)); });
            if (ping_error) break;
        }
    }
}

asio::awaitable<void> WebSocketClient::close(std::uint16_t code) {
    if (!open_ || closing_ || terminated_) {
        terminate();
        co_return;
    }
    auto self = shared_from_this();
    closing_ = true;
    impl_->keep_alive_timer.cancel();
    // Some servers keep TCP open after the close frame: bound the handshake, then cut.
    asio::steady_timer deadline(executor_, options_.close_timeout);
    std::weak_ptr<WebSocketClient> weak = self;
    deadline.async_wait([weak](boost::system::error_code error) {
        if (error) return;
        if (auto client = weak.lock()) client->terminate();
    });
    // Messages already queued (acks of work done) leave before the close frame: anything
    // written after it is lost. The deadline above bounds this wait too.
    while (writing_ && !terminated_) {
        asio::steady_timer drained(executor_, std::chrono::milliseconds(5));
        co_await drained.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (terminated_) co_return;
    co_await impl_->with_stream(
        [&](auto& ws) { return ws.async_close(websocket::close_reason(code), asio::as_tuple(asio::use_awaitable)); });
    deadline.cancel();
    terminate();
}

void WebSocketClient::terminate() {
    if (terminated_ || (!impl_->tls && !impl_->plain)) return;
    terminated_ = true;
    boost::system::error_code ignored;
    auto& socket = impl_->lowest().socket();
    if (socket.is_open()) {
        socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
    }
    impl_->keep_alive_timer.cancel();
}

}  // namespace mentorbot::net

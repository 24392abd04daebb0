// A WebSocket client (TLS, or plain on loopback) with a send queue, client pings and bounded close.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "util/url.h"

namespace mentorbot::net {

struct WebSocketOptions {
    std::chrono::steady_clock::duration connect_timeout = std::chrono::seconds(10);    // resolve + TCP
    std::chrono::steady_clock::duration handshake_timeout = std::chrono::seconds(10);  // TLS + upgrade
    // The client pings this often; servers that never ping still prove they are alive.
    std::chrono::steady_clock::duration ping_interval = std::chrono::seconds(5);
    // No pong for this long: the peer is gone even if TCP looks open (half-open).
    std::chrono::steady_clock::duration pong_timeout = std::chrono::seconds(20);
    // Nothing at all received for this long: same verdict.
    std::chrono::steady_clock::duration idle_timeout = std::chrono::seconds(30);
    // A bigger incoming message fails the connection with close code 1009.
    std::size_t max_message_bytes = 1024 * 1024;
    // How long the close handshake may take before the socket is simply closed.
    std::chrono::steady_clock::duration close_timeout = std::chrono::seconds(1);
};

// Why a connection ended, as seen by run().
enum class WebSocketEnd {
    closed_by_peer,   // the server sent a close frame
    closed_by_us,     // close() or terminate() was called
    unresponsive,     // no pong / nothing received in time: half-open, socket terminated
    message_too_big,  // the server sent more than max_message_bytes
    network_error,    // reset, EOF without close, TLS failure
};

struct WebSocketEndInfo {
    WebSocketEnd kind = WebSocketEnd::network_error;
    std::uint16_t close_code = 0;  // from the peer's close frame, when there was one
    std::string detail;            // human-readable, for logs
};

const char* to_string(WebSocketEnd end);

// One connection. Use it from a single executor (thread):
//
//   auto socket = WebSocketClient::create(executor, tls, options);
//   co_await socket->connect(parse_endpoint("wss://host/link/?ticket=1"));   // throws on failure
//   co_spawn(executor, [socket]() -> awaitable<void> {
//       auto end = co_await socket->run([](std::string text) { ... });     // until it ends
//   }, detached);
//   socket->send("{...}");   // any time; frames leave one at a time, in order
//   co_await socket->close();  // 1000, at most close_timeout, then the socket is closed
//
// run() starts the client pings and the watchdog; it returns only after the TCP socket
// is closed, so a finished connection never lingers. Binary messages are ignored.
class WebSocketClient : public std::enable_shared_from_this<WebSocketClient> {
public:
    using TextHandler = std::function<void(std::string)>;

    static std::shared_ptr<WebSocketClient> create(boost::asio::any_io_executor executor,
                                                   std::shared_ptr<boost::asio::ssl::context> tls,
                                                   WebSocketOptions options = {});
    ~WebSocketClient();

    // Resolves, connects, runs TLS (verified, SNI) and the upgrade to `endpoint.target`.
    boost::asio::awaitable<void> connect(const Endpoint& endpoint);

    boost::asio::awaitable<WebSocketEndInfo> run(TextHandler on_text);

    // Queues one text frame. Ignored (with false) once the connection is closing or closed.
    bool send(std::string text);

    // Close handshake with `code`, bounded by close_timeout, then the socket is closed.
    boost::asio::awaitable<void> close(std::uint16_t code = 1000);

    // Closes the TCP socket now, without a close handshake.
    void terminate();

    bool is_open() const { return open_ && !closing_; }
    std::size_t queued_frames() const { return outgoing_.size(); }

    struct Impl;

private:
    WebSocketClient(boost::asio::any_io_executor executor, std::shared_ptr<boost::asio::ssl::context> tls,
                    WebSocketOptions options);
    boost::asio::awaitable<void> write_queued();
    boost::asio::awaitable<void> keep_alive();

    boost::asio::any_io_executor executor_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    WebSocketOptions options_;
    std::unique_ptr<Impl> impl_;
    std::deque<std::string> outgoing_;
    bool writing_ = false;
    bool open_ = false;
    bool closing_ = false;
    bool terminated_ = false;
    bool unresponsive_ = false;
    std::chrono::steady_clock::time_point last_received_{};
    std::chrono::steady_clock::time_point last_pong_{};
};

}  // namespace mentorbot::net

// A reusable fake platform server for tests: HTTPS (or HTTP) and WebSocket on 127.0.0.1, ephemeral port.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/test_ca.h"

namespace mentorbot::testing {

using ServerRequest = boost::beast::http::request<boost::beast::http::string_body>;
using ServerResponse = boost::beast::http::response<boost::beast::http::string_body>;

// The header FakeServer adds to each HTTP request it hands on: the number of the
// connection it came on (counting from 1 per server).
inline constexpr const char* fake_connection_header = "X-Fake-Connection";

// Builds a response with a JSON (or other) body and keep-alive matching the request.
ServerResponse make_response(const ServerRequest& request, unsigned status, std::string body,
                             std::string content_type = "application/json");

// The server side of one accepted WebSocket. Lives on the server's io_context; every
// method must be called there.
class ServerWebSocket : public std::enable_shared_from_this<ServerWebSocket> {
public:
    struct Impl;
    explicit ServerWebSocket(std::unique_ptr<Impl> impl);
    ~ServerWebSocket();

    // Reads text messages until the connection ends (or freeze()); binary ones too, as text.
    boost::asio::awaitable<void> read_messages(std::function<void(std::string)> on_message);
    void send(std::string text);  // queued, one writer
    void send_binary(std::string bytes);
    // Closes TCP with no close frame: what a dropped network path looks like to the client.
    void drop();
    // Stops reading (so no pongs) and sending while keeping TCP open: a half-open peer.
    void freeze();
    boost::asio::awaitable<void> close(std::uint16_t code = 1000);
    bool is_open() const;
    bool is_frozen() const { return frozen_; }
    std::size_t pings_received() const { return pings_received_; }
    // The code of the close frame the peer sent, once read_messages() saw one.
    std::optional<std::uint16_t> close_code_received() const { return close_code_received_; }

private:
    boost::asio::awaitable<void> write_queued();
    std::unique_ptr<Impl> impl_;
    std::deque<std::pair<std::string, bool>> outgoing_;  // payload, is_text
    bool writing_ = false;
    bool frozen_ = false;
    bool dropped_ = false;
    int frozen_descriptor_ = -1;
    std::size_t pings_received_ = 0;
    std::optional<std::uint16_t> close_code_received_;
};

// Accepts connections on 127.0.0.1 (TLS with the test certificates, or plain) and hands
// each HTTP request to handle_http() and each WebSocket upgrade to on_websocket().
// Runs on the io_context it is given: the test's own (single thread) or a dedicated
// thread (benchmarks). Call start() once the derived object is fully built.
class FakeServer {
public:
    FakeServer(boost::asio::io_context& io, const TestCertificates& certificates, bool use_tls = true);
    virtual ~FakeServer();
    FakeServer(const FakeServer&) = delete;
    FakeServer& operator=(const FakeServer&) = delete;

    void start();
    void stop();  // closes the listener and every connection

    std::uint16_t port() const { return port_; }
    // "https://127.0.0.1:<port><path>" (or http), "wss://…" (or ws).
    std::string http_url(const std::string& path) const;
    std::string websocket_url(const std::string& path) const;
    boost::asio::io_context& io() { return io_; }

    std::size_t connections_accepted() const { return connections_accepted_; }
    std::size_t websockets_accepted() const { return websockets_accepted_; }

protected:
    virtual boost::asio::awaitable<ServerResponse> handle_http(ServerRequest request) = 0;
    // Return false (and fill `refusal`) to answer an upgrade with an HTTP error instead.
    virtual bool accept_websocket(const ServerRequest& request, ServerResponse& refusal);
    // Called once the upgrade succeeded; the server keeps no other reference to `socket`.
    virtual void on_websocket(std::shared_ptr<ServerWebSocket> socket, const ServerRequest& request);

private:
    boost::asio::awaitable<void> accept_loop();
    boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket);
    template <typename Stream>
    boost::asio::awaitable<void> serve_stream(std::shared_ptr<Stream> stream);

    boost::asio::io_context& io_;
    std::unique_ptr<boost::asio::ssl::context> tls_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::uint16_t port_ = 0;
    bool stopped_ = false;
    std::size_t connections_accepted_ = 0;
    std::size_t websockets_accepted_ = 0;
    std::size_t http_connections_served_ = 0;
    std::vector<std::weak_ptr<ServerWebSocket>> websockets_;
    // Open HTTP connections, closed by stop(): liveness token plus how to close it.
    std::vector<std::pair<std::weak_ptr<void>, std::function<void()>>> http_connections_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// Runs `io` until `done()` is true or `timeout` passes; returns done(). Restarts the
// context when it runs out of work, so it can be called repeatedly.
bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
               std::chrono::milliseconds timeout = std::chrono::seconds(10));
// Runs `io` for `duration`.
void run_for(boost::asio::io_context& io, std::chrono::milliseconds duration);

}  // namespace mentorbot::testing

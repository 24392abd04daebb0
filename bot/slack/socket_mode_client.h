// Keeps mentorbot connected to Slack over Socket Mode: tickets, hello, envelopes, acks, reconnects.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/net/http_client.h"
#include "bot/net/websocket_client.h"
#include "bot/slack/envelope_dedupe.h"

namespace mentorbot::slack {

struct SocketModeOptions {
    net::WebSocketOptions socket = [] {
        net::WebSocketOptions options;
        options.ping_interval = std::chrono::seconds(5);
        // Two missed pongs is enough: a half-open link must be replaced within 15 s.
        options.pong_timeout = std::chrono::seconds(10);
        options.idle_timeout = std::chrono::seconds(30);
        options.close_timeout = std::chrono::seconds(1);
        options.max_message_bytes = 1024 * 1024;
        return options;
    }();
    std::chrono::steady_clock::duration hello_timeout = std::chrono::seconds(10);
    std::chrono::steady_clock::duration backoff_initial = std::chrono::seconds(1);
    std::chrono::steady_clock::duration backoff_max = std::chrono::seconds(60);
    // A connection that lived this long resets the backoff; shorter ones count as failures.
    std::chrono::steady_clock::duration healthy_after = std::chrono::seconds(30);
    std::chrono::steady_clock::duration default_rate_limit_wait = std::chrono::seconds(30);
    std::chrono::steady_clock::duration dedupe_ttl = std::chrono::minutes(10);
    net::HttpTimeouts http{};
};

enum class SocketModeState {
    idle,        // not started
    connecting,  // the one state that opens connections (ticket, socket, hello)
    connected,   // a connection has said hello and is not being replaced
    stopped,     // stop() was called, or Slack refused us for good
};
const char* to_string(SocketModeState state);

struct SocketModeStats {
    std::size_t tickets_requested = 0;
    std::size_t connections_opened = 0;  // reached hello
    std::size_t connection_failures = 0;
    std::size_t unresponsive_drops = 0;  // half-open connections detected
    std::size_t envelopes = 0;
    std::size_t duplicates = 0;  // acked again, not run
    std::size_t malformed_frames = 0;
    std::size_t acks_sent = 0;
};

// Runs on one executor. The envelope sink turns one envelope into its ack text and
// hands it to the AckSender it got, at once or later (after a group commit); it is
// called at most once per envelope id / event id (within the dedupe window) no matter
// how many connections Slack sends it on.
//
// Connection rules (S1–S12): every connection starts with a fresh apps.connections.open
// ticket; only the connecting state opens connections, so reconnect paths never race.
// On `warning` / `refresh_requested` the old connection keeps serving until the new one
// said hello, then it is closed. `too_many_websockets` closes the old one first and backs off.
// `link_disabled` and auth errors stop for good and call on_fatal. Drops and half-open
// links (no pong) reconnect at once, then with exponential backoff and jitter.
class SocketModeClient : public std::enable_shared_from_this<SocketModeClient> {
public:
    // Sends one envelope's ack: on the connection it came in on, or any ready one.
    using AckSender = std::function<void(std::string ack)>;
    using EnvelopeSink = std::function<void(const nlohmann::json& envelope, AckSender send_ack)>;
    using FatalHandler = std::function<void(const std::string& reason)>;

    static std::shared_ptr<SocketModeClient> create(boost::asio::any_io_executor executor,
                                                    std::shared_ptr<boost::asio::ssl::context> tls,
                                                    std::string api_base_url, std::string app_token, EnvelopeSink sink,
                                                    SocketModeOptions options = {});
    ~SocketModeClient();

    void on_fatal(FatalHandler handler) { on_fatal_ = std::move(handler); }
    void start();
    // Closes every connection (1000, bounded) and stops reconnecting.
    void stop();

    SocketModeState state() const { return state_; }
    const SocketModeStats& stats() const { return stats_; }
    const std::string& fatal_reason() const { return fatal_reason_; }
    // Connections that said hello and are still open (including one being replaced).
    std::size_t ready_connections() const;

    // Handles one text frame exactly as if it had been read from a ready connection,
    // but one without a socket, so its ack goes nowhere. The fuzzer drives frames
    // through here without a network.
    void handle_frame_without_socket(std::string text);

private:
    struct Connection;
    SocketModeClient(boost::asio::any_io_executor executor, std::shared_ptr<boost::asio::ssl::context> tls,
                     std::string api_base_url, std::string app_token, EnvelopeSink sink, SocketModeOptions options);

    boost::asio::awaitable<void> supervise();
    boost::asio::awaitable<std::string> request_ticket();
    boost::asio::awaitable<std::shared_ptr<Connection>> open_connection(const std::string& url);
    boost::asio::awaitable<void> read_connection(std::shared_ptr<Connection> connection);
    void on_frame(const std::shared_ptr<Connection>& connection, std::string text);
    void on_disconnect_request(const std::shared_ptr<Connection>& connection, const std::string& reason);
    void on_envelope(const std::shared_ptr<Connection>& connection, const nlohmann::json& envelope,
                     std::chrono::steady_clock::time_point received_at);
    void send_ack(const std::shared_ptr<Connection>& connection, const std::string& envelope_id, std::string ack,
                  std::chrono::steady_clock::time_point received_at);
    void close_connection(const std::shared_ptr<Connection>& connection);
    boost::asio::awaitable<void> retire_when_quiet(std::shared_ptr<Connection> connection);
    void stop_for_good(const std::string& reason);
    bool needs_connection() const;
    void wake_supervisor();
    boost::asio::awaitable<void> pause(std::chrono::steady_clock::duration delay);

    boost::asio::any_io_executor executor_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    std::string api_base_url_;
    std::string app_token_;
    EnvelopeSink sink_;
    SocketModeOptions options_;
    FatalHandler on_fatal_;
    std::unique_ptr<net::HttpClient> api_;
    boost::asio::steady_timer wake_;           // the supervisor sleeps on it until something changes
    boost::asio::steady_timer backoff_timer_;  // waits between attempts; stop() cuts it short
    std::vector<std::shared_ptr<Connection>> connections_;
    std::shared_ptr<Connection> socketless_;  // only for handle_frame_without_socket
    EnvelopeDedupe dedupe_;
    SocketModeState state_ = SocketModeState::idle;
    SocketModeStats stats_;
    std::string fatal_reason_;
    int failures_ = 0;
    std::size_t next_connection_id_ = 1;
    bool stopping_ = false;
};

}  // namespace mentorbot::slack

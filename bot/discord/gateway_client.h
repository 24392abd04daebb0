// One Discord Gateway shard connection kept alive: GET /gateway/bot, WebSocket, session state machine, reconnects.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "bot/discord/gateway_session.h"
#include "bot/discord/rest_client.h"
#include "bot/net/websocket_client.h"

namespace mentorbot::discord {

struct GatewayOptions {
    GatewayIdentity identity;
    net::WebSocketOptions socket;
    std::function<double()> random_unit;  // [0, 1); a seeded generator when empty
    // Discord's identify rate limit window (D5); tests of other things shorten it.
    std::chrono::milliseconds identify_window = IdentifyWindow::discord_window;
};

// Figures for logs, tests and the benchmark.
struct GatewayFigures {
    std::size_t connections = 0;
    std::size_t identifies = 0;
    std::size_t resumes = 0;
    std::size_t zombies = 0;  // sockets terminated for a missing ACK or silence
};

class GatewayClient : public std::enable_shared_from_this<GatewayClient> {
public:
    // `replayed` is true for events that arrive while a Resume replays missed ones.
    using EventHandler = std::function<void(const GatewayEvent& event, bool replayed)>;
    // Called once when the gateway stops for good: a fatal close code or a rejected token.
    using StopHandler = std::function<void(const std::string& reason)>;

    static std::shared_ptr<GatewayClient> create(boost::asio::any_io_executor executor,
                                                 std::shared_ptr<boost::asio::ssl::context> tls,
                                                 std::shared_ptr<DiscordRest> rest, GatewayOptions options,
                                                 EventHandler on_event, StopHandler on_stop);

    void start();
    // Shutdown: the only time we close with 1000 (it ends the session on Discord's side).
    void stop();

    const GatewayFigures& figures() const { return figures_; }
    const GatewaySession& session() const { return session_; }
    bool connected_and_ready() const { return socket_ && session_.phase() == GatewaySession::Phase::ready; }

private:
    GatewayClient(boost::asio::any_io_executor executor, std::shared_ptr<boost::asio::ssl::context> tls,
                  std::shared_ptr<DiscordRest> rest, GatewayOptions options, EventHandler on_event,
                  StopHandler on_stop);
    boost::asio::awaitable<void> run(std::shared_ptr<GatewayClient> keep_alive);
    // D1: the gateway URL, waiting out session_start_limit; nullopt when told to stop.
    boost::asio::awaitable<std::optional<std::string>> fetch_gateway_url();
    boost::asio::awaitable<std::optional<std::uint16_t>> serve(std::shared_ptr<net::WebSocketClient> socket);
    boost::asio::awaitable<void> watch_deadlines(std::shared_ptr<GatewayClient> keep_alive,
                                                 std::shared_ptr<net::WebSocketClient> socket);
    boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds duration);
    void apply(const GatewayOutput& output, bool replayed);
    void finish(const std::string& reason);

    boost::asio::any_io_executor executor_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    std::shared_ptr<DiscordRest> rest_;
    GatewayOptions options_;
    EventHandler on_event_;
    StopHandler on_stop_;
    GatewaySession session_;
    IdentifyWindow identify_window_;
    std::shared_ptr<net::WebSocketClient> socket_;
    boost::asio::steady_timer deadline_timer_;
    boost::asio::steady_timer sleep_timer_;
    bool stopping_ = false;
    bool finished_ = false;
    GatewayFigures figures_;
};

}  // namespace mentorbot::discord

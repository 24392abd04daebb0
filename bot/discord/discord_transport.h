// mentorbot on Discord: serves interactions from the gateway, answers over REST, delivers DMs and channel posts.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bot/command_service.h"
#include "bot/discord/command_registration.h"
#include "bot/discord/gateway_client.h"
#include "bot/discord/interactions.h"
#include "bot/discord/rest_client.h"
#include "bot/discord/user_guilds.h"
#include "bot/transport.h"
#include "commands/registry.h"
#include "config/discord_settings.h"

namespace mentorbot::discord {

// The Discord settings from the configuration, and what the transport needs besides.
struct DiscordOptions : DiscordSettings {
    net::WebSocketOptions socket;
    // Interactions that shared a commit are answered together: enough connections that such
    // a burst (about seven under load) goes out at once rather than a few per round trip.
    // discord.js opens as many as it needs; each kept connection holds its TLS buffers.
    std::size_t rest_connections = 8;
    std::chrono::milliseconds server_error_backoff{500};
    // An interaction older than this when we get to it is deferred first (type 5), so a
    // slow command cannot miss the 3-second window.
    std::chrono::milliseconds defer_after{1500};
    // A command that once took longer than this is deferred from then on.
    std::chrono::milliseconds slow_command{1000};
    std::function<double()> random_unit;  // injected by tests; seeded otherwise
    // Discord's identify rate limit window (D5); tests of other things shorten it.
    std::chrono::milliseconds identify_window = IdentifyWindow::discord_window;
    // Runs after each interaction's command (the app delivers its outbox then).
    std::function<void()> after_command;
    // For a DM from a user not seen in a guild since start: the guild they are known in
    // from earlier runs ("" when none), so a restart does not make them a stranger.
    std::function<std::string(const std::string& user_id)> known_guild_of;
};

struct DiscordFigures {
    // Counted where answers are sent (the network thread), read anywhere.
    std::atomic<std::size_t> interactions_answered = 0;
    std::size_t interactions_deferred = 0;
    std::size_t replays_skipped = 0;  // already answered before a Resume replayed them
    std::size_t expired_skipped = 0;  // replayed after their 3-second window
    std::size_t malformed_dropped = 0;
    std::atomic<std::size_t> callbacks_failed = 0;
    bool commands_registered = false;   // PUT sent and accepted in this run
    bool registration_skipped = false;  // unchanged since the last successful PUT
};

class DiscordTransport : public Transport, public std::enable_shared_from_this<DiscordTransport> {
public:
    using StopHandler = GatewayClient::StopHandler;

    static std::shared_ptr<DiscordTransport> create(boost::asio::any_io_executor executor,
                                                    std::shared_ptr<boost::asio::ssl::context> tls,
                                                    CommandService& service,
                                                    std::shared_ptr<RegistrationRecord> registrations,
                                                    std::vector<CommandSpec> commands, DiscordOptions options,
                                                    StopHandler on_stop);
    ~DiscordTransport() override;

    // Registers the commands (when changed) and connects the gateway.
    void start();
    void stop();

    Platform platform() const override { return Platform::discord; }
    void deliver(const OutboundMessage& message, std::function<void(DeliveryOutcome)> done) override;
    // Up while the gateway session is READY (or RESUMED) on an open socket.
    bool healthy() const override { return gateway_ && gateway_->connected_and_ready(); }

    const DiscordFigures& figures() const { return *figures_; }
    const GatewayFigures& gateway_figures() const { return gateway_->figures(); }
    const GatewayClient& gateway() const { return *gateway_; }
    DiscordRest& rest() { return *rest_; }

private:
    DiscordTransport(boost::asio::any_io_executor executor, std::shared_ptr<boost::asio::ssl::context> tls,
                     CommandService& service, std::shared_ptr<RegistrationRecord> registrations,
                     std::vector<CommandSpec> commands, DiscordOptions options, StopHandler on_stop);
    void on_event(const GatewayEvent& event, bool replayed);
    boost::asio::awaitable<void> register_commands(std::shared_ptr<DiscordTransport> keep_alive);
    boost::asio::awaitable<void> answer(std::shared_ptr<DiscordTransport> keep_alive, Interaction interaction,
                                        std::string guild_id, bool defer,
                                        std::chrono::steady_clock::time_point received_at);
    boost::asio::awaitable<RestResult> respond(const Interaction& interaction, const nlohmann::json& body);
    // Answers an autocomplete interaction with the values the app offers for what was typed.
    boost::asio::awaitable<void> offer_choices(std::shared_ptr<DiscordTransport> keep_alive, Interaction interaction,
                                               std::string guild_id);
    // Counts an answer whose command runs here for as long as it lives; the last one out
    // after a stop lets the REST client close once the answers handed to it are sent.
    struct AnswerInFlight {
        explicit AnswerInFlight(DiscordTransport& transport) : transport(transport) { ++transport.answers_in_flight_; }
        ~AnswerInFlight() {
            if (--transport.answers_in_flight_ == 0 && transport.stopped_)
                transport.rest_->close_when_idle(answers_grace);
        }
        AnswerInFlight(const AnswerInFlight&) = delete;
        AnswerInFlight& operator=(const AnswerInFlight&) = delete;
        DiscordTransport& transport;
    };
    boost::asio::awaitable<DeliveryOutcome> deliver_async(std::shared_ptr<DiscordTransport> keep_alive,
                                                          OutboundMessage message);
    boost::asio::awaitable<RestResult> open_dm(const std::string& user_id);
    std::string guild_for(const Interaction& interaction);

    boost::asio::any_io_executor executor_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    CommandService& service_;
    std::shared_ptr<RegistrationRecord> registrations_;
    std::vector<CommandSpec> commands_;
    DiscordOptions options_;
    StopHandler on_stop_;
    std::shared_ptr<DiscordRest> rest_;
    std::shared_ptr<GatewayClient> gateway_;
    InteractionLedger ledger_;
    UserGuilds guild_of_user_;  // learned from guild interactions, for DMs
    std::map<std::string, std::string> dm_channel_of_user_;
    std::set<std::string> slow_commands_;    // "command subcommand" that took long before
    std::set<std::string> public_commands_;  // last reply was public: defer visibly
    std::shared_ptr<DiscordFigures> figures_ = std::make_shared<DiscordFigures>();
    bool stopped_ = false;
    // Interactions whose command runs or whose answer waits for its commit: stopping lets
    // them finish and be sent (a second at most each way), because their commands ran.
    int answers_in_flight_ = 0;
    static constexpr std::chrono::seconds answers_grace{1};
};

}  // namespace mentorbot::discord

// Starts mentorbot on Discord: the transport wired to the app on the app's io_context, and a runner for main().
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>

#include "bot/discord/discord_config.h"
#include "bot/discord/discord_transport.h"

namespace mentorbot {
class App;
}

namespace mentorbot::discord {

// Creates the Discord transport for `app` on `io` (the thread that owns the database),
// registers it with the app and starts it: commands registered when changed, gateway
// connected, the outbox delivered after every interaction. `on_fatal` gets the reason
// when Discord refuses the bot for good.
std::shared_ptr<DiscordTransport> start_discord_transport(boost::asio::io_context& io, App& app,
                                                          const DiscordSettings& settings,
                                                          std::function<void(const std::string&)> on_fatal);

// Runs `app` on Discord until SIGINT/SIGTERM (exit code 0) or until Discord refuses the
// bot for good (exit code 3, the reason on one line of standard error). Due jobs run and
// the outbox is delivered every second and after every interaction.
int run_on_discord(App& app, const DiscordSettings& settings);

}  // namespace mentorbot::discord

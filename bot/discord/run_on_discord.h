// Starts mentorbot on Discord: the transport wired to the app on the app's io_context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>

#include "bot/discord/discord_transport.h"
#include "config/discord_settings.h"

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

}  // namespace mentorbot::discord

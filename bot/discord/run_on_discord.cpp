// Wires the Discord transport to the app and runs it on one io_context.
#include "bot/discord/run_on_discord.h"

#include <boost/asio/post.hpp>

#include <spdlog/spdlog.h>

#include "bot/app.h"
#include "bot/discord/stored_registration_record.h"
#include "bot/net/tls.h"
#include "storage/member_store.h"

namespace mentorbot::discord {

namespace asio = boost::asio;

std::shared_ptr<DiscordTransport> start_discord_transport(asio::io_context& io, App& app,
                                                          const DiscordSettings& settings,
                                                          std::function<void(const std::string&)> on_fatal) {
    DiscordOptions options{settings};
    // Discord payloads are small without privileged intents; the limit bounds a broken peer.
    options.socket.max_message_bytes = app.config().max_platform_message_bytes;
    options.after_command = [&io, &app] {
        asio::post(io, [&app] {
            try {
                app.deliver_outbox();
            } catch (const std::exception& error) {
                spdlog::error("mentorbot: delivering the outbox failed: {}", error.what());
            }
        });
    };
    options.known_guild_of = [&app](const std::string& user_id) {
        Database::StatementScope statements(app.database());
        return MemberStore(app.database()).discord_guild_of(user_id);
    };
    auto registrations = std::make_shared<StoredRegistrationRecord>(app.database());
    auto transport = DiscordTransport::create(io.get_executor(), net::make_client_tls_context(), app, registrations,
                                              app.registry().commands(), std::move(options), std::move(on_fatal));
    app.add_transport(*transport);
    transport->start();
    return transport;
}

}  // namespace mentorbot::discord

// Wires the Discord transport to the app and runs it on one io_context.
#include "bot/discord/run_on_discord.h"

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <iostream>

#include <spdlog/spdlog.h>

#include "bot/app.h"
#include "bot/discord/stored_registration_record.h"
#include "bot/net/tls.h"

namespace mentorbot::discord {

namespace asio = boost::asio;

std::shared_ptr<DiscordTransport> start_discord_transport(asio::io_context& io, App& app,
                                                          const DiscordSettings& settings,
                                                          std::function<void(const std::string&)> on_fatal) {
    DiscordOptions options;
    options.token = settings.token;
    options.application_id = settings.application_id;
    options.api_base = settings.api_base;
    options.guild_id = settings.guild_id;
    options.shard_id = settings.shard_id;
    options.shard_count = settings.shard_count;
    // Discord payloads are small without privileged intents; this bounds a broken peer.
    options.socket.max_message_bytes = 4 * 1024 * 1024;
    options.after_command = [&io, &app] {
        asio::post(io, [&app] {
            try {
                app.deliver_outbox();
            } catch (const std::exception& error) {
                spdlog::error("mentorbot: delivering the outbox failed: {}", error.what());
            }
        });
    };
    auto registrations = std::make_shared<StoredRegistrationRecord>(app.database());
    auto transport = DiscordTransport::create(io.get_executor(), net::make_client_tls_context(), app, registrations,
                                              app.registry().commands(), std::move(options), std::move(on_fatal));
    app.add_transport(*transport);
    transport->start();
    return transport;
}

int run_on_discord(App& app, const DiscordSettings& settings) {
    asio::io_context io;
    int exit_code = 0;
    auto transport = start_discord_transport(io, app, settings, [&](const std::string& reason) {
        std::cerr << "mentorbot: Discord stopped the bot: " << reason << "\n";
        exit_code = 3;
        io.stop();
    });
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code error, int) {
        if (error) return;
        spdlog::info("mentorbot: shutting down");
        transport->stop();
        // Give the close handshake its bounded second, then leave.
        auto grace = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(1200));
        grace->async_wait([&io, grace](boost::system::error_code) { io.stop(); });
    });
    // The scheduler's heartbeat: due jobs and outbox retries.
    asio::steady_timer tick(io);
    std::function<void()> schedule_tick = [&] {
        tick.expires_after(std::chrono::seconds(1));
        tick.async_wait([&](boost::system::error_code error) {
            if (error) return;
            try {
                // Bounded, so jobs that keep coming due cannot starve the gateway.
                for (int round = 0; round < 100 && app.run_due_jobs() > 0; ++round) app.deliver_outbox();
                app.deliver_outbox();
            } catch (const std::exception& failure) {
                spdlog::error("mentorbot: scheduled work failed: {}", failure.what());
            }
            schedule_tick();
        });
    };
    schedule_tick();
    spdlog::info("mentorbot: connecting to Discord at {}", settings.api_base);
    io.run();
    // Let the stopped transport's coroutines finish before their sockets go away.
    transport->stop();
    io.restart();
    io.run_for(std::chrono::milliseconds(300));
    return exit_code;
}

}  // namespace mentorbot::discord

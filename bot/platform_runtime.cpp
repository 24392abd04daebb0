// The event loop for platform mode: transports, the scheduler's tick, signals, metrics.
#include "bot/platform_runtime.h"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <iostream>
#include <memory>

#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "bot/app.h"
#include "bot/discord/run_on_discord.h"
#include "bot/dashboard/dashboard_site.h"
#include "bot/metrics_server.h"
#include "bot/slack/slack_service.h"
#include "storage/wal_checkpointer.h"
#include "util/text.h"

namespace mentorbot {

namespace asio = boost::asio;

int run_platforms(App& app, const PlatformSettings& settings) {
    // Run by this thread alone (others only post to it), which spares Asio some locking.
    asio::io_context io(1);
    // This one thread serves every platform: it must never sleep long on another
    // process's lock (Slack wants an ack within 3 s). Work that meets a lock is answered
    // with the apology (commands) or tried again from the loop (jobs, delivery records).
    app.database().set_busy_timeout(std::chrono::milliseconds(100));
    // Checkpoints leave the command thread (see WalCheckpointer).
    WalCheckpointer checkpointer(app.database());
    // Slack acks and Discord interaction answers wait for their command's commit, so
    // commands arriving together share one, on either platform or both: a write costs a
    // fraction of a commit under load, and at most a millisecond more when quiet. Ends
    // (committing what is pending) before `io` goes away.
    app.enable_group_commit(io.get_executor(), std::chrono::milliseconds(1));
    struct GroupCommitOff {
        App& app;
        ~GroupCommitOff() { app.disable_group_commit(); }
    } group_commit_off{app};
    int running = 0;
    int exit_code = 0;
    // A platform that refuses the bot for good: say why on one line; leave only when
    // nothing else is left to serve.
    auto stopped_for_good = [&](const std::string& platform, const std::string& reason) {
        std::cerr << "mentorbot: " << platform << " stopped the bot for good: " << reason << "\n";
        spdlog::critical("{} stopped the bot for good: {}", platform, reason);
        if (--running == 0) {
            exit_code = 3;
            io.stop();
        }
    };

    std::unique_ptr<slack::SlackService> slack_service;
    if (settings.slack) {
        slack::SocketModeOptions options;
        options.socket.max_message_bytes = app.config().max_platform_message_bytes;
        slack_service = std::make_unique<slack::SlackService>(
            io, app, *settings.slack, [&app] { app.deliver_outbox(); }, options);
        app.add_transport(slack_service->transport());
        slack_service->enable_app_home([&app](const MemberId& member) { return app.home_view(member); });
        slack_service->on_fatal([&](const std::string& reason) { stopped_for_good("Slack", reason); });
        ++running;
    }
    std::shared_ptr<discord::DiscordTransport> discord_transport;
    if (settings.discord) {
        ++running;
        discord_transport = discord::start_discord_transport(
            io, app, *settings.discord, [&](const std::string& reason) { stopped_for_good("Discord", reason); });
    }
    // Without an allow-list, the first workspace or server to use the bot is served and
    // the rest refused: say which, and how to choose, where the operator looks.
    const auto say_unlisted = [&](Platform platform, const char* kind, const char* setting, const char* more) {
        std::vector<std::string> adopted = app.tenants().adopted(platform);
        std::string which = adopted.empty() ? std::string("the first ") + kind + " to use it"
                                            : fmt::format("{} {}", kind, fmt::join(adopted, ", "));
        spdlog::warn("{}: no list of served {}s: serving {} and refusing any other; set {} to choose{}",
                     platform_name(platform), kind, which, setting, more);
    };
    if (settings.slack && app.config().slack_workspaces.empty())
        say_unlisted(Platform::slack, "workspace", "[slack] workspaces or MENTORBOT_SLACK_WORKSPACES", "");
    if (settings.discord && app.config().discord_servers.empty()) {
        say_unlisted(Platform::discord, "server", "[discord] servers or MENTORBOT_DISCORD_SERVERS",
                     ", and turn off Public Bot for the application");
    }
    if (slack_service) {
        slack_service->start();
        spdlog::info("connecting to Slack at {}", settings.slack->api_base_url);
    }

    std::unique_ptr<MetricsServer> metrics_server;
    // The dashboard shares the app's connection and thread; it commits the app's open batch
    // first, so it never reads or writes inside it.
    std::unique_ptr<DashboardSite> dashboard;
    const bool dashboard_on = app.config().dashboard.enabled;
    if (dashboard_on) {
        dashboard = std::make_unique<DashboardSite>(app.database(), app.config(), app.clock(),
                                                    [&app] { app.commit_pending(); });
    }
    const std::string listen_address = !app.config().metrics_address.empty() ? app.config().metrics_address
                                       : dashboard_on                        ? Config::default_dashboard_address
                                                                             : std::string();
    if (!listen_address.empty()) {
        MetricsServerOptions options{.max_connections = app.config().metrics_connections,
                                     .bearer_token = app.config().metrics_token};
        if (dashboard)
            options.admin = [&dashboard](const HttpExchangeRequest& request) { return dashboard->handle(request); };
        metrics_server = std::make_unique<MetricsServer>(
            io, listen_address, [&app] { app.refresh_gauges(); }, [&app] { return app.health(); }, std::move(options));
        metrics_server->start();
        spdlog::info("metrics and health on http://{}/metrics and /healthz", listen_address);
        if (dashboard)
            spdlog::info("program dashboard on {}/admin (admins sign in with /coach dashboard)",
                         app.config().dashboard_url());
    }

    // Graceful stop: no new work, close platform connections properly (their close
    // handshakes are bounded to about a second), then leave well within 5 s.
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code error, int signal_number) {
        if (error) return;
        spdlog::info("signal {}: shutting down", signal_number);
        // Answers waiting for the open batch leave before the connections close.
        app.commit_pending();
        if (slack_service) slack_service->stop();
        if (discord_transport) discord_transport->stop();
        if (metrics_server) metrics_server->stop();
        auto grace = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(1500));
        grace->async_wait([&io, grace](boost::system::error_code) { io.stop(); });
    });

    // The scheduler's heartbeat: due jobs (offers expiring, reminders) and outbox retries.
    asio::steady_timer tick(io);
    std::function<void()> schedule_tick = [&] {
        tick.expires_after(std::chrono::seconds(1));
        tick.async_wait([&](boost::system::error_code error) {
            if (error) return;
            try {
                // Bounded, so jobs that keep coming due cannot starve the connections.
                for (int round = 0; round < 100 && app.run_due_jobs() > 0; ++round) app.deliver_outbox();
                app.deliver_outbox();
                app.housekeeping();
            } catch (const std::exception& failure) {
                spdlog::error("scheduled work failed: {}", escape_for_log(failure.what()));
            }
            schedule_tick();
        });
    };
    schedule_tick();

    io.run();
    app.commit_pending();
    // Let the stopped transports' coroutines finish before their sockets go away.
    if (slack_service) slack_service->stop();
    if (discord_transport) discord_transport->stop();
    io.restart();
    io.run_for(std::chrono::milliseconds(300));
    return exit_code;
}

}  // namespace mentorbot

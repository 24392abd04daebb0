// Runs mentorbot on its chat platforms (Slack, Discord, or both) in one process, on one thread.
#pragma once

#include <optional>

#include "config/discord_settings.h"
#include "config/slack_settings.h"

namespace mentorbot {

class App;

struct PlatformSettings {
    std::optional<SlackSettings> slack;
    std::optional<DiscordSettings> discord;
};

// Runs `app` on every configured platform, all sharing one io_context thread and so one
// database connection, until SIGINT/SIGTERM (graceful stop, exit code 0) or until every
// platform has refused the bot for good (exit code 3, each reason on one line of
// standard error). A platform that stops for good while another still runs is logged
// and the others carry on. Due jobs run and the outbox is delivered every second and
// after every command; the metrics endpoint runs when the config asks for it.
int run_platforms(App& app, const PlatformSettings& settings);

}  // namespace mentorbot

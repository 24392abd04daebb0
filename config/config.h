// The configuration: settings (admins, tag aliases, offer timings, limits) and the optional Slack and Discord sections.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_error.h"
#include "config/discord_settings.h"
#include "config/environment.h"
#include "config/slack_settings.h"
#include "domain/tags.h"
#include "model/member_id.h"

namespace mentorbot {

// The admin dashboard, served under /admin by the metrics listener; off unless enabled.
struct DashboardSettings {
    bool enabled = false;
    // The start of the sign-in links the bot sends ("https://mentorbot.example.org"); empty:
    // http:// and the listener's own address.
    std::string public_url;
    // How long a sign-in link works (once), and how long the session it opens lasts.
    std::chrono::minutes link_lifetime{10};
    std::chrono::hours session_lifetime{8};
    // Whether the waiting list names who waits. Off (the default), admins see each waiting
    // request's topic, kind and time, and counts, but not whose it is.
    bool waiting_names = false;
};

// What the configured tenant lists say about one tenant.
enum class TenantListing {
    // On its platform's list, the list is "*", or the console.
    served,
    // Its platform has a list and it is not on it.
    refused,
    // Its platform has no list: served only if adopted (the first to use the bot).
    unlisted,
};

// A tenant list entry that serves every workspace or server.
inline constexpr std::string_view every_tenant = "*";

struct Config {
    // Member ids of program admins, e.g. "slack:T1:U2", "console:local:olivia".
    std::vector<std::string> admins;
    TagAliases aliases;
    // How long a mentor has to answer an offer before it moves to the next candidate.
    std::chrono::minutes offer_expiry{30};
    // Unanswered offers one request gets in a pass before it waits for the next working day
    // (a decline does not count: the next fitting mentor is asked at once).
    int max_candidates = 3;
    // Unanswered offers one mentor holds at once; more wait for the next mentor or round.
    int max_pending_offers = 1;
    // Offers one mentor gets in a working day (16 h) at most, answered or not: a busy mentor's
    // direct messages stay few, and the rest of the day's requests go to others.
    int max_offers_per_day = 4;
    // Direct messages a member should get in a day at most. Notes that can wait (pod asks and
    // nudges) go only while the member has had fewer than half of them today, leaving the
    // rest for what cannot wait (offers, answers); otherwise they wait for the next working day.
    int max_dms_per_day = 10;
    // Requests one member may have waiting for a mentor at once.
    int max_open_requests = 3;
    // Working days a request may wait without a match before its requester gets an honest update.
    int waiting_update_days = 3;
    // Working hours assumed for a mentor who does not give any (minutes after midnight).
    int default_hours_start = 9 * 60;
    int default_hours_end = 17 * 60;
    // Commands one member may run per minute before being asked to slow down.
    int commands_per_minute = 20;
    std::string log_level = "info";
    // Where the console writes a meeting's .ics file; empty: next to the database.
    std::string calendar_directory;
    // host:port for the Prometheus endpoint; empty: off.
    std::string metrics_address;
    // Connections the metrics endpoint serves at once; more are closed on arrival.
    std::size_t metrics_connections = 16;
    // When set (MENTORBOT_METRICS_TOKEN, environment only), /metrics asks for
    // "Authorization: Bearer <token>"; /healthz stays open. Never logged.
    std::string metrics_token;
    DashboardSettings dashboard;
    // The listener the dashboard is on when enabled without a metrics address.
    static constexpr const char* default_dashboard_address = "127.0.0.1:9464";
    // Where the sign-in links point: dashboard.public_url, or http:// and the listener's address.
    std::string dashboard_url() const;
    // Largest WebSocket message a transport accepts before dropping it.
    std::size_t max_platform_message_bytes = 1024 * 1024;
    // The tenants served, by their platform ids: Slack workspace (team) ids, or the
    // organisation id on Enterprise Grid, and Discord server ids; "*" serves every one.
    // Without a list the first workspace or server to use the bot is adopted and the rest
    // are refused (see TenantGate). The console's one tenant is always served.
    std::vector<std::string> slack_workspaces;
    std::vector<std::string> discord_servers;
    // The platforms to serve, with their secrets; from the environment only. Neither: the console.
    std::optional<SlackSettings> slack;
    std::optional<DiscordSettings> discord;

    bool is_admin(const std::string& member_id) const;
    // What slack_workspaces and discord_servers say about the member's tenant.
    TenantListing listing(const MemberId& member) const;

    // Environment variables override the file: MENTORBOT_ADMINS (comma-separated member
    // ids, added to the list), MENTORBOT_LOG_LEVEL, MENTORBOT_OFFER_EXPIRY_MINUTES,
    // MENTORBOT_COMMANDS_PER_MINUTE, MENTORBOT_METRICS, MENTORBOT_METRICS_TOKEN (a secret),
    // MENTORBOT_DASHBOARD (on or off), MENTORBOT_DASHBOARD_URL,
    // MENTORBOT_SLACK_WORKSPACES and MENTORBOT_DISCORD_SERVERS (comma-separated ids that
    // replace the file's lists).
    // Throws ConfigError on a bad value.
    void apply_environment(const EnvironmentLookup& environment);
};

// The embedded default used when no config file is given: the console demo's admin.
Config default_config();

}  // namespace mentorbot

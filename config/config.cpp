// Default settings and the environment overrides.
#include "config/config.h"

#include <algorithm>
#include <charconv>

#include "config/config_checks.h"
#include "util/text.h"

namespace mentorbot {

bool Config::is_admin(const std::string& member_id) const {
    return std::find(admins.begin(), admins.end(), member_id) != admins.end();
}

TenantListing Config::listing(const MemberId& member) const {
    const std::vector<std::string>* listed = nullptr;
    switch (member.platform()) {
        case Platform::console: return TenantListing::served;
        case Platform::slack: listed = &slack_workspaces; break;
        case Platform::discord: listed = &discord_servers; break;
    }
    if (listed->empty()) return TenantListing::unlisted;
    for (const std::string& tenant : *listed) {
        if (tenant == every_tenant || tenant == member.tenant()) return TenantListing::served;
    }
    return TenantListing::refused;
}

namespace {

// "T1, T2" → {"T1", "T2"}: a served-tenants list from the environment. Throws ConfigError.
std::vector<std::string> environment_tenants(const char* name, const std::string& value, Platform platform) {
    std::vector<std::string> tenants;
    std::size_t start = 0;
    while (start <= value.size()) {
        std::size_t comma = value.find(',', start);
        if (comma == std::string::npos) comma = value.size();
        std::string tenant = trim(std::string_view(value).substr(start, comma - start));
        if (!tenant.empty()) {
            if (tenant != every_tenant && !is_tenant_id(platform, tenant)) {
                throw ConfigError(std::string(name) + ": '" + tenant + "' is not a " +
                                  (platform == Platform::slack ? "Slack workspace id such as T024BE7LD"
                                                               : "Discord server id such as 81384788765712384") +
                                  ", or * for every one");
            }
            tenants.push_back(tenant);
        }
        start = comma + 1;
    }
    return tenants;
}

long long environment_number(const char* name, const std::string& value, long long min, long long max) {
    long long number = 0;
    std::string_view text = value;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size() || number < min || number > max) {
        throw ConfigError(std::string(name) + ": must be a whole number from " + std::to_string(min) + " to " +
                          std::to_string(max) + " (got '" + value + "')");
    }
    return number;
}

}  // namespace

void Config::apply_environment(const EnvironmentLookup& environment) {
    if (const std::string list = environment_value(environment, "MENTORBOT_ADMINS"); !list.empty()) {
        std::string_view remaining = list;
        std::size_t start = 0;
        while (start <= remaining.size()) {
            std::size_t comma = remaining.find(',', start);
            if (comma == std::string_view::npos) comma = remaining.size();
            std::string admin = trim(remaining.substr(start, comma - start));
            if (!admin.empty()) {
                if (!is_person_id(admin)) {
                    throw ConfigError("MENTORBOT_ADMINS: '" + admin +
                                      "' is not a member id such as slack:T024BE7LD:U0G9QF9C6");
                }
                if (!is_admin(admin)) admins.push_back(admin);
            }
            start = comma + 1;
        }
    }
    if (const std::string level = environment_value(environment, "MENTORBOT_LOG_LEVEL"); !level.empty()) {
        if (!is_log_level(level)) throw ConfigError("MENTORBOT_LOG_LEVEL: unknown level '" + level + "'");
        log_level = level;
    }
    if (const std::string minutes = environment_value(environment, "MENTORBOT_OFFER_EXPIRY_MINUTES");
        !minutes.empty()) {
        offer_expiry = std::chrono::minutes{environment_number("MENTORBOT_OFFER_EXPIRY_MINUTES", minutes, 1, 1440)};
    }
    if (const std::string rate = environment_value(environment, "MENTORBOT_COMMANDS_PER_MINUTE"); !rate.empty()) {
        commands_per_minute = static_cast<int>(environment_number("MENTORBOT_COMMANDS_PER_MINUTE", rate, 1, 10000));
    }
    if (const std::string address = environment_value(environment, "MENTORBOT_METRICS"); !address.empty()) {
        if (!is_listen_address(address)) {
            throw ConfigError("MENTORBOT_METRICS: '" + address + "' is not host:port such as 127.0.0.1:9464");
        }
        metrics_address = address;
    }
    if (const std::string list = environment_value(environment, "MENTORBOT_SLACK_WORKSPACES"); !list.empty())
        slack_workspaces = environment_tenants("MENTORBOT_SLACK_WORKSPACES", list, Platform::slack);
    if (const std::string list = environment_value(environment, "MENTORBOT_DISCORD_SERVERS"); !list.empty())
        discord_servers = environment_tenants("MENTORBOT_DISCORD_SERVERS", list, Platform::discord);
    if (const std::string dashboard_switch = environment_value(environment, "MENTORBOT_DASHBOARD");
        !dashboard_switch.empty()) {
        if (dashboard_switch != "on" && dashboard_switch != "off")
            throw ConfigError("MENTORBOT_DASHBOARD: say on or off (got '" + dashboard_switch + "')");
        dashboard.enabled = dashboard_switch == "on";
    }
    if (const std::string url = environment_value(environment, "MENTORBOT_DASHBOARD_URL"); !url.empty()) {
        if (!is_dashboard_url(url))
            throw ConfigError("MENTORBOT_DASHBOARD_URL: '" + url + "' is not an http:// or https:// address");
        dashboard.public_url = url;
    }
    // A secret, so from the environment only, like the platform tokens.
    if (const std::string token = environment_value(environment, "MENTORBOT_METRICS_TOKEN"); !token.empty())
        metrics_token = token;
}

std::string Config::dashboard_url() const {
    std::string url = dashboard.public_url;
    if (url.empty())
        url = "http://" + (metrics_address.empty() ? std::string(default_dashboard_address) : metrics_address);
    while (url.ends_with("/")) url.pop_back();
    return url;
}

Config default_config() {
    Config config;
    // Olivia runs the program in the demo organisation.
    config.admins = {"console:local:olivia"};
    return config;
}

}  // namespace mentorbot

// TOML config reading with toml++: strict, so a typo is an error with its line, not a silent default.
#include "config/config_file.h"

#include <toml++/toml.h>

#include "config/config_checks.h"
#include "domain/hours_range.h"
#include "domain/tags.h"

namespace mentorbot {

namespace {

class Reader {
public:
    explicit Reader(std::string path) : path_(std::move(path)) {}

    [[noreturn]] void fail(const toml::node& node, const std::string& message) const {
        throw ConfigError(path_ + ":" + std::to_string(node.source().begin.line) + ": " + message);
    }

    std::string text(const toml::node& node, const std::string& key) const {
        if (!node.is_string()) fail(node, key + " must be a string in quotes");
        return std::string(*node.value<std::string>());
    }

    long long number(const toml::node& node, const std::string& key, long long min, long long max) const {
        if (!node.is_integer()) fail(node, key + " must be a whole number");
        long long value = *node.value<long long>();
        if (value < min || value > max) {
            fail(node, key + " must be from " + std::to_string(min) + " to " + std::to_string(max) + " (got " +
                           std::to_string(value) + ")");
        }
        return value;
    }

    const toml::table& table(const toml::node& node, const std::string& key) const {
        if (!node.is_table()) fail(node, "[" + key + "] must be a table");
        return *node.as_table();
    }

private:
    std::string path_;
};

void read_offers(const Reader& reader, const toml::table& table, Config& config) {
    for (const auto& [key, node] : table) {
        std::string name(key.str());
        if (name == "expiry_minutes") {
            config.offer_expiry = std::chrono::minutes{reader.number(node, "offers.expiry_minutes", 1, 1440)};
        } else if (name == "max_candidates") {
            config.max_candidates = static_cast<int>(reader.number(node, "offers.max_candidates", 1, 10));
        } else if (name == "max_pending_per_mentor") {
            config.max_pending_offers = static_cast<int>(reader.number(node, "offers.max_pending_per_mentor", 1, 10));
        } else if (name == "max_per_mentor_per_day") {
            config.max_offers_per_day = static_cast<int>(reader.number(node, "offers.max_per_mentor_per_day", 1, 50));
        } else if (name == "max_open_per_member") {
            config.max_open_requests = static_cast<int>(reader.number(node, "offers.max_open_per_member", 1, 50));
        } else if (name == "update_after_days") {
            config.waiting_update_days = static_cast<int>(reader.number(node, "offers.update_after_days", 1, 30));
        } else if (name == "default_hours") {
            std::string text = reader.text(node, "offers.default_hours");
            auto range = parse_hours_range(text);
            if (!range) reader.fail(node, "offers.default_hours must look like \"09-17\" (got \"" + text + "\")");
            config.default_hours_start = range->start;
            config.default_hours_end = range->end;
        } else {
            reader.fail(node, "unknown setting offers." + name +
                                  " (known: expiry_minutes, max_candidates, max_pending_per_mentor, "
                                  "max_per_mentor_per_day, max_open_per_member, update_after_days, default_hours)");
        }
    }
}

void read_limits(const Reader& reader, const toml::table& table, Config& config) {
    for (const auto& [key, node] : table) {
        std::string name(key.str());
        if (name == "commands_per_minute") {
            config.commands_per_minute = static_cast<int>(reader.number(node, "limits.commands_per_minute", 1, 10000));
        } else if (name == "dms_per_day") {
            config.max_dms_per_day = static_cast<int>(reader.number(node, "limits.dms_per_day", 2, 100));
        } else if (name == "max_platform_message_bytes") {
            config.max_platform_message_bytes = static_cast<std::size_t>(
                reader.number(node, "limits.max_platform_message_bytes", 4096, 64 << 20));
        } else if (name == "metrics_connections") {
            config.metrics_connections = static_cast<std::size_t>(
                reader.number(node, "limits.metrics_connections", 1, 1024));
        } else {
            reader.fail(node, "unknown setting limits." + name +
                                  " (known: commands_per_minute, dms_per_day, max_platform_message_bytes, "
                                  "metrics_connections)");
        }
    }
}

void read_dashboard(const Reader& reader, const toml::table& table, Config& config) {
    for (const auto& [key, node] : table) {
        std::string name(key.str());
        if (name == "enabled") {
            if (!node.is_boolean()) reader.fail(node, "dashboard.enabled must be true or false");
            config.dashboard.enabled = *node.value<bool>();
        } else if (name == "public_url") {
            std::string url = reader.text(node, "dashboard.public_url");
            if (!is_dashboard_url(url))
                reader.fail(node, "dashboard.public_url must be an http:// or https:// address such as "
                                  "\"https://mentorbot.example.org\"");
            config.dashboard.public_url = url;
        } else if (name == "link_minutes") {
            config.dashboard.link_lifetime = std::chrono::minutes{reader.number(node, "dashboard.link_minutes", 1, 60)};
        } else if (name == "waiting_names") {
            if (!node.is_boolean()) reader.fail(node, "dashboard.waiting_names must be true or false");
            config.dashboard.waiting_names = *node.value<bool>();
        } else if (name == "session_hours") {
            config.dashboard.session_lifetime = std::chrono::hours{
                reader.number(node, "dashboard.session_hours", 1, 72)};
        } else {
            reader.fail(node, "unknown setting dashboard." + name +
                                  " (known: enabled, public_url, link_minutes, session_hours, waiting_names)");
        }
    }
}

// [slack] workspaces = […] and [discord] servers = […]: the tenants served.
void read_tenants(const Reader& reader, const toml::table& table, Platform platform, Config& config) {
    const std::string section(platform_name(platform));
    const std::string list_key = platform == Platform::slack ? "workspaces" : "servers";
    for (const auto& [key, node] : table) {
        std::string name(key.str());
        if (name.find("token") != std::string::npos || name.find("secret") != std::string::npos) {
            reader.fail(node, section + "." + name +
                                  " looks like a secret: secrets come only from the environment "
                                  "(SLACK_BOT_TOKEN, SLACK_APP_TOKEN, DISCORD_BOT_TOKEN)");
        }
        if (name != list_key)
            reader.fail(node, "unknown setting " + section + "." + name + " (known: " + list_key + ")");
        if (!node.is_array())
            reader.fail(node, section + "." + list_key + " must be a list such as [\"" +
                                  (platform == Platform::slack ? "T024BE7LD" : "81384788765712384") + "\"]");
        std::vector<std::string>& tenants = platform == Platform::slack ? config.slack_workspaces
                                                                        : config.discord_servers;
        tenants.clear();
        for (const auto& entry : *node.as_array()) {
            std::string tenant = reader.text(entry, section + "." + list_key + " entry");
            if (tenant != every_tenant && !is_tenant_id(platform, tenant)) {
                reader.fail(entry, "'" + tenant + "' is not a " +
                                       (platform == Platform::slack
                                            ? std::string("Slack workspace or organisation id such as T024BE7LD")
                                            : std::string("Discord server id such as 81384788765712384")) +
                                       ", or \"*\" for every one");
            }
            tenants.push_back(tenant);
        }
    }
}

[[noreturn]] void refuse_unparsable(const std::string& path, const toml::parse_error& error) {
    std::string description(error.description());
    if (!error.source().begin) throw ConfigError(path + ": " + description);
    throw ConfigError(path + ":" + std::to_string(error.source().begin.line) + ": " + description);
}

Config read_settings(const std::string& path, const toml::table& root) {
    Reader reader(path);
    Config config = default_config();
    for (const auto& [key, node] : root) {
        std::string name(key.str());
        if (name == "admins") {
            if (!node.is_array()) reader.fail(node, "admins must be a list such as [\"slack:T1:U2\"]");
            config.admins.clear();
            for (const auto& entry : *node.as_array()) {
                std::string admin = reader.text(entry, "admins entry");
                if (!is_person_id(admin)) {
                    reader.fail(entry, "'" + admin + "' is not a member id such as slack:T024BE7LD:U0G9QF9C6");
                }
                config.admins.push_back(admin);
            }
        } else if (name == "log_level") {
            std::string level = reader.text(node, "log_level");
            if (!is_log_level(level)) reader.fail(node, "log_level must be trace, debug, info, warn, error or off");
            config.log_level = level;
        } else if (name == "metrics") {
            std::string address = reader.text(node, "metrics");
            if (!is_listen_address(address)) reader.fail(node, "metrics must be host:port such as \"127.0.0.1:9464\"");
            config.metrics_address = address;
        } else if (name == "calendar_directory") {
            config.calendar_directory = reader.text(node, "calendar_directory");
            if (config.calendar_directory.empty()) reader.fail(node, "calendar_directory must name a directory");
        } else if (name == "offers") {
            read_offers(reader, reader.table(node, "offers"), config);
        } else if (name == "dashboard") {
            read_dashboard(reader, reader.table(node, "dashboard"), config);
        } else if (name == "limits") {
            read_limits(reader, reader.table(node, "limits"), config);
        } else if (name == "slack") {
            read_tenants(reader, reader.table(node, "slack"), Platform::slack, config);
        } else if (name == "discord") {
            read_tenants(reader, reader.table(node, "discord"), Platform::discord, config);
        } else if (name == "aliases") {
            for (const auto& [alias, tag] : reader.table(node, "aliases")) {
                std::string canonical = reader.text(tag, "aliases." + std::string(alias.str()));
                if (normalize_tag(canonical).empty()) reader.fail(tag, "an alias needs a tag to stand for");
                config.aliases.add(alias.str(), canonical);
            }
        } else if (name.find("token") != std::string::npos || name.find("secret") != std::string::npos) {
            reader.fail(node, name + " looks like a secret: secrets come only from the environment "
                                     "(SLACK_BOT_TOKEN, SLACK_APP_TOKEN, DISCORD_BOT_TOKEN)");
        } else {
            reader.fail(
                node,
                "unknown setting " + name +
                    " (known: admins, log_level, metrics, calendar_directory, [offers], [limits], [dashboard], [slack], "
                    "[discord], [aliases])");
        }
    }
    return config;
}

}  // namespace

Config load_config_file(const std::string& path) {
    try {
        return read_settings(path, toml::parse_file(path));
    } catch (const toml::parse_error& error) {
        refuse_unparsable(path, error);
    }
}

Config parse_config_text(std::string_view text, const std::string& path) {
    try {
        return read_settings(path, toml::parse(text, path));
    } catch (const toml::parse_error& error) {
        refuse_unparsable(path, error);
    }
}

}  // namespace mentorbot

// Reads and checks the Discord settings.
#include "config/discord_settings.h"

#include <charconv>
#include <tuple>

#include "config/config_error.h"

namespace mentorbot {

namespace {

bool all_digits(const std::string& text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

std::pair<int, int> parse_shard(const std::string& text) {
    const auto slash = text.find('/');
    int shard = -1;
    int count = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (slash == std::string::npos || std::from_chars(begin, begin + slash, shard).ptr != begin + slash ||
        std::from_chars(begin + slash + 1, end, count).ptr != end || count < 1 || shard < 0 || shard >= count) {
        throw ConfigError("DISCORD_SHARD must look like i/n with 0 <= i < n, e.g. 0/1 (got \"" + text + "\")");
    }
    return {shard, count};
}

std::optional<DiscordSettings> discord_settings_from(const EnvironmentLookup& environment) {
    DiscordSettings settings;
    settings.token = environment_value(environment, "DISCORD_BOT_TOKEN");
    settings.application_id = environment_value(environment, "DISCORD_APPLICATION_ID");
    if (settings.token.empty() && settings.application_id.empty()) return std::nullopt;
    // Half a Discord setup would otherwise start the console chat and exit as if all were well.
    if (settings.application_id.empty())
        throw ConfigError("DISCORD_BOT_TOKEN is set but DISCORD_APPLICATION_ID is not (the application's numeric "
                          "id, from the Developer Portal's General Information page)");
    if (settings.token.empty()) throw ConfigError("DISCORD_APPLICATION_ID is set but DISCORD_BOT_TOKEN is not");
    if (!all_digits(settings.application_id)) {
        throw ConfigError("DISCORD_APPLICATION_ID must be the application's numeric id");
    }
    if (auto api = environment_value(environment, "DISCORD_API_URL"); !api.empty()) settings.api_base = api;
    settings.guild_id = environment_value(environment, "DISCORD_GUILD_ID");
    if (!settings.guild_id.empty() && !all_digits(settings.guild_id)) {
        throw ConfigError("DISCORD_GUILD_ID must be a numeric server id");
    }
    if (auto shard = environment_value(environment, "DISCORD_SHARD"); !shard.empty()) {
        std::tie(settings.shard_id, settings.shard_count) = parse_shard(shard);
    }
    return settings;
}

}  // namespace mentorbot

// Reads and checks the Discord settings from the environment.
#include "bot/discord/discord_config.h"

#include <charconv>
#include <stdexcept>

namespace mentorbot::discord {

namespace {

std::string value_of(const EnvironmentLookup& lookup, const char* name) {
    const char* value = lookup(name);
    return value ? std::string(value) : std::string();
}

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
        throw std::invalid_argument("DISCORD_SHARD must look like i/n with 0 <= i < n, e.g. 0/1 (got \"" + text +
                                    "\")");
    }
    return {shard, count};
}

std::optional<DiscordSettings> discord_settings_from_environment(const EnvironmentLookup& lookup) {
    DiscordSettings settings;
    settings.token = value_of(lookup, "DISCORD_BOT_TOKEN");
    settings.application_id = value_of(lookup, "DISCORD_APPLICATION_ID");
    if (settings.token.empty() || settings.application_id.empty()) return std::nullopt;
    if (!all_digits(settings.application_id)) {
        throw std::invalid_argument("DISCORD_APPLICATION_ID must be the application's numeric id");
    }
    if (auto api = value_of(lookup, "DISCORD_API_URL"); !api.empty()) settings.api_base = api;
    settings.guild_id = value_of(lookup, "DISCORD_GUILD_ID");
    if (!settings.guild_id.empty() && !all_digits(settings.guild_id)) {
        throw std::invalid_argument("DISCORD_GUILD_ID must be a numeric server id");
    }
    if (auto shard = value_of(lookup, "DISCORD_SHARD"); !shard.empty()) {
        std::tie(settings.shard_id, settings.shard_count) = parse_shard(shard);
    }
    return settings;
}

}  // namespace mentorbot::discord

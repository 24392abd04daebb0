// Reads the Discord settings from the environment (DISCORD_BOT_TOKEN, DISCORD_APPLICATION_ID, …).
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace mentorbot::discord {

struct DiscordSettings {
    std::string token;
    std::string application_id;
    std::string api_base = "https://discord.com/api/v10";
    std::string guild_id;
    int shard_id = 0;
    int shard_count = 1;
};

using EnvironmentLookup = std::function<const char*(const char*)>;

// nullopt when DISCORD_BOT_TOKEN or DISCORD_APPLICATION_ID is unset or empty (Discord is
// off). Throws std::invalid_argument naming the variable when a value is unusable.
std::optional<DiscordSettings> discord_settings_from_environment(const EnvironmentLookup& lookup);

// "2/4" → shard 2 of 4. Throws std::invalid_argument.
std::pair<int, int> parse_shard(const std::string& text);

}  // namespace mentorbot::discord

// The Discord section of the configuration: the bot token (a secret), the application, the API and the shard.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "config/environment.h"

namespace mentorbot {

struct DiscordSettings {
    std::string token;                                     // DISCORD_BOT_TOKEN; never logged
    std::string application_id;                            // DISCORD_APPLICATION_ID
    std::string api_base = "https://discord.com/api/v10";  // DISCORD_API_URL
    std::string guild_id;  // DISCORD_GUILD_ID: register commands to this guild only (development)
    int shard_id = 0;      // DISCORD_SHARD=i/n
    int shard_count = 1;
};

// nullopt when DISCORD_BOT_TOKEN or DISCORD_APPLICATION_ID is unset or empty (Discord is
// off). Throws ConfigError naming the variable when a value is unusable.
std::optional<DiscordSettings> discord_settings_from(const EnvironmentLookup& environment);

// "2/4" → shard 2 of 4. Throws ConfigError.
std::pair<int, int> parse_shard(const std::string& text);

}  // namespace mentorbot

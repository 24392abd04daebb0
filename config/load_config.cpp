// The order configuration is read in: platform sections, file, environment overrides.
#include "config/load_config.h"

#include "config/config_checks.h"
#include "config/config_file.h"
#include "config/discord_settings.h"
#include "config/slack_settings.h"

namespace mentorbot {

Config load_config(const std::string& path, const EnvironmentLookup& environment, PlatformSections platforms) {
    std::optional<SlackSettings> slack;
    std::optional<DiscordSettings> discord;
    if (platforms == PlatformSections::read) {
        slack = slack_settings_from(environment);
        discord = discord_settings_from(environment);
    }
    Config config = path.empty() ? default_config() : load_config_file(path);
    config.apply_environment(environment);
    // Figures and health are not secrets, but an endpoint other machines can reach should
    // not be scraped by anyone who finds it.
    if (!config.metrics_address.empty() && !is_loopback_listen_address(config.metrics_address) &&
        config.metrics_token.empty()) {
        throw ConfigError("metrics address " + config.metrics_address +
                          " can be reached from other machines: set MENTORBOT_METRICS_TOKEN (scrapers then send "
                          "it as a bearer token), or listen on 127.0.0.1");
    }
    config.slack = std::move(slack);
    config.discord = std::move(discord);
    return config;
}

}  // namespace mentorbot

// Reads and checks the Slack settings.
#include "config/slack_settings.h"

#include <stdexcept>

#include "config/config_error.h"
#include "util/url.h"

namespace mentorbot {

std::optional<SlackSettings> slack_settings_from(const EnvironmentLookup& environment) {
    SlackSettings settings;
    settings.app_token = environment_value(environment, "SLACK_APP_TOKEN");
    settings.bot_token = environment_value(environment, "SLACK_BOT_TOKEN");
    if (settings.app_token.empty() && settings.bot_token.empty()) return std::nullopt;
    if (settings.app_token.empty()) throw ConfigError("SLACK_BOT_TOKEN is set but SLACK_APP_TOKEN is not");
    if (settings.bot_token.empty()) throw ConfigError("SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not");
    if (settings.app_token.rfind("xapp-", 0) != 0) {
        throw ConfigError("SLACK_APP_TOKEN must be an app-level token starting with xapp-");
    }
    if (settings.bot_token.rfind("xoxb-", 0) != 0) {
        throw ConfigError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-");
    }
    if (auto url = environment_value(environment, "SLACK_API_URL"); !url.empty()) {
        if (url.back() != '/') url += '/';
        try {
            net::parse_endpoint(url);  // https, or http on loopback only
        } catch (const std::invalid_argument& error) {
            throw ConfigError(error.what());
        }
        settings.api_base_url = url;
    }
    return settings;
}

}  // namespace mentorbot

// The Slack section of the configuration: tokens (secrets) and the Web API address.
#pragma once

#include <optional>
#include <string>

#include "config/environment.h"

namespace mentorbot {

struct SlackSettings {
    std::string app_token;  // SLACK_APP_TOKEN, xapp-…, opens Socket Mode connections; never logged
    std::string bot_token;  // SLACK_BOT_TOKEN, xoxb-…, calls the Web API; never logged
    std::string api_base_url = "https://slack.com/api/";  // SLACK_API_URL, always ends in '/'
};

// From SLACK_APP_TOKEN, SLACK_BOT_TOKEN and optional SLACK_API_URL. nullopt when neither
// token is set (Slack is simply off). Throws ConfigError naming the problem (one token
// missing, wrong kind of token, bad URL) without echoing a secret.
std::optional<SlackSettings> slack_settings_from(const EnvironmentLookup& environment);

}  // namespace mentorbot

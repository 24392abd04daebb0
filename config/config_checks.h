// Checks shared by the config file and the environment overrides.
#pragma once

#include <string_view>

#include "model/member_id.h"

namespace mentorbot {

// A member who is a person: "slack:T1:U2", "discord:123:456", "console:local:ana".
bool is_person_id(std::string_view text);
bool is_log_level(std::string_view text);
// A Slack workspace or organisation id ("T024BE7LD", "E0123ABC"), a Discord server id
// (digits only).
bool is_tenant_id(Platform platform, std::string_view text);
// "127.0.0.1:9464", "[::1]:9464", "localhost:9464"
bool is_listen_address(std::string_view text);
// Whether a listen address (host:port) is on this machine only: 127.0.0.0/8, [::1] or localhost.
bool is_loopback_listen_address(std::string_view text);
// "https://mentorbot.example.org" or "http://127.0.0.1:9464": no spaces, quotes or angle brackets.
bool is_dashboard_url(std::string_view text);

}  // namespace mentorbot

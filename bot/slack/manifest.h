// Generates the Slack app manifest from the command registry, so Slack's slash commands always match ours.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "commands/registry.h"

namespace mentorbot::slack {

// Socket Mode on, interactivity on (no request URL), one slash command per registry
// command with its description and usage hint, bot scopes commands, chat:write, im:write,
// the Home tab and the app_home_opened event (delivered over Socket Mode).
nlohmann::json app_manifest(const CommandRegistry& registry);

// The manifest as shipped in slack/manifest.json: two-space indented JSON and a newline.
std::string app_manifest_text(const CommandRegistry& registry);

}  // namespace mentorbot::slack

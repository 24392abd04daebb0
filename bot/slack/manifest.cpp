// The Slack app manifest (S18), built from the same registry that parses commands.
#include "bot/slack/manifest.h"

#include <stdexcept>

namespace mentorbot::slack {

namespace {

// Slack rejects a manifest whose fields exceed these.
constexpr std::size_t command_name_limit = 32;  // including the slash
constexpr std::size_t description_limit = 2000;
constexpr std::size_t usage_hint_limit = 1000;

}  // namespace

nlohmann::json app_manifest(const CommandRegistry& registry) {
    nlohmann::json commands = nlohmann::json::array();
    for (const CommandSpec& command : registry.commands()) {
        const std::string name = "/" + command.name;
        if (name.size() > command_name_limit) throw std::logic_error("Slack command name too long: " + name);
        // The usage line without the command itself, e.g. "request|accept|decline|…".
        std::string hint = registry.usage(command);
        if (hint.rfind(name, 0) == 0) hint = hint.substr(name.size());
        while (!hint.empty() && hint.front() == ' ') hint.erase(0, 1);
        nlohmann::json entry{{"command", name},
                             {"description", command.description.substr(0, description_limit)},
                             {"should_escape", true}};
        if (!hint.empty()) entry["usage_hint"] = hint.substr(0, usage_hint_limit);
        commands.push_back(std::move(entry));
    }
    nlohmann::json manifest = {
        {"_metadata", {{"major_version", 1}, {"minor_version", 1}}},
        {"display_information",
         {{"name", "mentorbot"},
          {"description", "Flash mentoring and peer circles for your workspace."},
          {"background_color", "#2c4a6e"}}},
        // The Home tab shows each member where they stand (views.publish when they open it);
        // the Messages tab keeps the bot's direct messages, the answers to Home buttons among them.
        {"features",
         {{"app_home",
           {{"home_tab_enabled", true}, {"messages_tab_enabled", true}, {"messages_tab_read_only_enabled", false}}},
          {"bot_user", {{"display_name", "mentorbot"}, {"always_online", true}}},
          {"slash_commands", commands}}},
        // files:write shares a meeting's .ics file after the message that announces it.
        {"oauth_config", {{"scopes", {{"bot", {"commands", "chat:write", "im:write", "files:write"}}}}}},
        {"settings",
         {{"event_subscriptions", {{"bot_events", {"app_home_opened"}}}},
          {"interactivity", {{"is_enabled", true}}},
          {"org_deploy_enabled", false},
          {"socket_mode_enabled", true},
          {"token_rotation_enabled", false}}},
    };
    // A global shortcut (the lightning menu) opens the Ask-for-help form; its callback_id
    // names the form. Topic pickers need nothing more: in Socket Mode their suggestion
    // requests (block_suggestion) arrive over the socket once interactivity is on.
    manifest["features"]["shortcuts"] = nlohmann::json::array({{{"name", "Ask for help"},
                                                                {"type", "global"},
                                                                {"callback_id", "form:flash request"},
                                                                {"description", "Ask a mentor for help on a topic"}}});
    return manifest;
}

std::string app_manifest_text(const CommandRegistry& registry) { return app_manifest(registry).dump(2) + "\n"; }

}  // namespace mentorbot::slack

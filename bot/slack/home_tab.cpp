// HomeView → Slack Home tab blocks: header, sections with their buttons, footer, at most 100 blocks.
#include "bot/slack/home_tab.h"

#include <string>
#include <string_view>

#include "bot/slack/block_kit.h"
#include "bot/slack/block_limits.h"

namespace mentorbot::slack {

namespace {

nlohmann::json mrkdwn_section(const std::string& escaped) {
    return {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", utf8_prefix(escaped, section_text_limit)}}}};
}

nlohmann::json context_line(const std::string& escaped) {
    return {{"type", "context"}, {"elements", {{{"type", "mrkdwn"}, {"text", escaped}}}}};
}

// The blocks of one entry: its text, then its buttons (25 to an actions block).
std::vector<nlohmann::json> entry_blocks(const Message& entry, std::size_t& button_number) {
    std::vector<nlohmann::json> blocks;
    if (!entry.text.empty()) blocks.push_back(mrkdwn_section(escape_text(entry.text)));
    for (std::size_t first = 0; first < entry.buttons.size(); first += buttons_per_actions_block) {
        nlohmann::json elements = nlohmann::json::array();
        for (std::size_t i = first; i < std::min(entry.buttons.size(), first + buttons_per_actions_block); ++i) {
            const Button& button = entry.buttons[i];
            elements.push_back(
                {{"type", "button"},
                 {"action_id", "mentorbot-home-" + std::to_string(button_number++)},
                 {"text", {{"type", "plain_text"}, {"text", utf8_prefix(button.label, button_label_limit)}}},
                 {"value", utf8_prefix(button.command_line, button_value_limit)}});
        }
        blocks.push_back({{"type", "actions"}, {"elements", std::move(elements)}});
    }
    return blocks;
}

}  // namespace

nlohmann::json home_tab_view(const HomeView& view) {
    nlohmann::json blocks = nlohmann::json::array();
    blocks.push_back(
        {{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", utf8_prefix(view.title, header_text_limit)}}}});
    // One block stays free for the footer, or for the line that says the view was cut.
    const std::size_t room = home_tab_block_limit - 1;
    std::size_t button_number = 0;
    bool cut = false;
    for (const HomeSection& section : view.sections) {
        if (blocks.size() + 2 > room) {
            cut = true;
            break;
        }
        blocks.push_back({{"type", "divider"}});
        blocks.push_back(mrkdwn_section("*" + escape_text(section.title) + "*"));
        for (const Message& entry : section.entries) {
            std::vector<nlohmann::json> more = entry_blocks(entry, button_number);
            if (blocks.size() + more.size() > room) {
                cut = true;
                break;
            }
            for (nlohmann::json& block : more) blocks.push_back(std::move(block));
        }
        if (cut) break;
    }
    if (cut) {
        blocks.push_back(context_line("There is more than fits here: /flash list and /pod list show everything."));
    } else if (!view.footer.empty()) {
        blocks.push_back(context_line(escape_text(view.footer)));
    }
    return {{"type", "home"}, {"blocks", std::move(blocks)}};
}

}  // namespace mentorbot::slack

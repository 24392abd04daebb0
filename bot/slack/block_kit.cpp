// Reply → Slack Block Kit JSON, within Slack's block limits.
#include "bot/slack/block_kit.h"

namespace mentorbot::slack {

namespace {

// Slack limits that would otherwise make the whole message fail.
constexpr std::size_t section_text_limit = 3000;
constexpr std::size_t buttons_per_actions_block = 25;
constexpr std::size_t button_label_limit = 75;
constexpr std::size_t button_value_limit = 2000;
constexpr std::size_t fallback_text_limit = 4000;

// "<@slack:T1:U2>" at the start of `text` → "U2"; "" when it is anything else.
std::string_view our_member_mention(std::string_view text) {
    static constexpr std::string_view prefix = "<@slack:";
    if (text.substr(0, prefix.size()) != prefix) return {};
    const auto close = text.find('>');
    if (close == std::string_view::npos) return {};
    const std::string_view inside = text.substr(prefix.size(), close - prefix.size());  // "T1:U2"
    const auto colon = inside.find(':');
    if (colon == 0 || colon == std::string_view::npos || colon + 1 == inside.size()) return {};
    const auto is_id = [](std::string_view id) {
        return id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == std::string_view::npos;
    };
    const std::string_view team = inside.substr(0, colon);
    const std::string_view user = inside.substr(colon + 1);
    return is_id(team) && is_id(user) ? user : std::string_view{};
}

// Cuts at a code-point boundary so we never send broken UTF-8.
std::string utf8_prefix(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end));
}

}  // namespace

std::string escape_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '<') {
            if (auto user = our_member_mention(text.substr(i)); !user.empty()) {
                out += "<@";
                out += user;
                out += '>';
                i = text.find('>', i);
                continue;
            }
            out += "&lt;";
        } else if (c == '>') {
            out += "&gt;";
        } else if (c == '&') {
            out += "&amp;";
        } else {
            out += c;
        }
    }
    return out;
}

nlohmann::json message_json(const Message& message) {
    const std::string text = escape_text(message.text);
    nlohmann::json blocks = nlohmann::json::array();
    // Long replies become several sections, split at line ends where possible.
    std::string_view rest = text;
    while (!rest.empty()) {
        std::string chunk = utf8_prefix(rest, section_text_limit);
        if (chunk.size() < rest.size()) {
            auto line_end = chunk.rfind('\n');
            if (line_end != std::string::npos && line_end > 0) chunk.resize(line_end);
        }
        blocks.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", chunk}}}});
        rest.remove_prefix(chunk.size());
        while (!rest.empty() && rest.front() == '\n') rest.remove_prefix(1);
    }
    for (std::size_t first = 0; first < message.buttons.size(); first += buttons_per_actions_block) {
        nlohmann::json elements = nlohmann::json::array();
        for (std::size_t i = first; i < std::min(message.buttons.size(), first + buttons_per_actions_block); ++i) {
            const Button& button = message.buttons[i];
            elements.push_back({{"type", "button"},
                                {"action_id", "mentorbot-" + std::to_string(i)},
                                {"text", {{"type", "plain_text"}, {"text", utf8_prefix(button.label, button_label_limit)}}},
                                {"value", utf8_prefix(button.command_line, button_value_limit)}});
        }
        blocks.push_back({{"type", "actions"}, {"elements", std::move(elements)}});
    }
    nlohmann::json json{{"text", utf8_prefix(text, fallback_text_limit)}};
    if (!blocks.empty()) json["blocks"] = std::move(blocks);
    return json;
}

nlohmann::json slash_response_json(const Reply& reply) {
    nlohmann::json json = message_json(reply.response);
    json["response_type"] = reply.is_public ? "in_channel" : "ephemeral";
    return json;
}

}  // namespace mentorbot::slack

// Reply → Slack Block Kit JSON, within Slack's block limits.
#include "bot/slack/block_kit.h"

#include "bot/slack/block_limits.h"
#include "model/mention.h"
#include "util/json_writer.h"

namespace mentorbot::slack {

std::string escape_text(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    // Plain runs are copied whole: replies are long and markup characters rare.
    std::size_t plain_from = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '<' && c != '>' && c != '&' && c != mention_mark.front()) continue;
        if (c == mention_mark.front()) {
            std::optional<FoundMention> found = mention_at(text, i);
            // Another character with the same lead byte is plain text.
            if (!found && text.compare(i, mention_mark.size(), mention_mark) != 0) continue;
            out.append(text.data() + plain_from, i - plain_from);
            if (found && found->member.platform() == Platform::slack) {
                out += "<@";
                out += found->member.user();
                out += '>';
                i += found->length - 1;
            } else if (found) {
                out += escape_text(text.substr(i + mention_mark.size(), found->length - mention_mark.size()));
                i += found->length - 1;
            } else {
                i += mention_mark.size() - 1;  // a stray mark shows as nothing
            }
            plain_from = i + 1;
            continue;
        }
        out.append(text.data() + plain_from, i - plain_from);
        if (c == '<') {
            out += "&lt;";
        } else if (c == '>') {
            out += "&gt;";
        } else {
            out += "&amp;";
        }
        plain_from = i + 1;
    }
    out.append(text.data() + plain_from, text.size() - plain_from);
    return out;
}

std::string unescape_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '&') {
            // One pass, left to right: "&amp;lt;" is the typed text "&lt;", not "<".
            if (text.compare(i, 4, "&lt;") == 0) {
                out += '<';
                i += 3;
                continue;
            }
            if (text.compare(i, 4, "&gt;") == 0) {
                out += '>';
                i += 3;
                continue;
            }
            if (text.compare(i, 5, "&amp;") == 0) {
                out += '&';
                i += 4;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

namespace {

void write_plain_text(JsonWriter& out, std::string_view text) {
    out.begin_object();
    out.key("type");
    out.string("plain_text");
    out.key("text");
    out.string(std::string(text));
    out.end_object();
}

// A select as an actions block holding one static_select. Each option's value is its
// command line, as a button's is; an option whose line does not fit Slack's 150
// characters is left out rather than cut (a cut line would run something else).
void write_select_block(JsonWriter& out, const Select& select, std::size_t index) {
    std::vector<const Button*> fitting;
    for (const Button& option : select.options) {
        if (fitting.size() == options_per_select) break;
        if (option.command_line.size() <= option_value_limit) fitting.push_back(&option);
    }
    if (fitting.empty()) return;  // Slack refuses a select without options
    out.begin_object();
    out.key("type");
    out.string("actions");
    out.key("elements");
    out.begin_array();
    out.begin_object();
    out.key("type");
    out.string("static_select");
    out.key("action_id");
    out.string("mentorbot-select-" + std::to_string(index));
    out.key("placeholder");
    write_plain_text(out, utf8_prefix(select.placeholder.empty() ? "Choose…" : select.placeholder, placeholder_limit));
    out.key("options");
    out.begin_array();
    for (const Button* option : fitting) {
        out.begin_object();
        out.key("text");
        write_plain_text(out,
                         utf8_prefix(option->label.empty() ? option->command_line : option->label, button_label_limit));
        out.key("value");
        out.string(option->command_line);
        out.end_object();
    }
    out.end_array();
    out.end_object();
    out.end_array();
    out.end_object();
}

// Writes "text" and "blocks" into the object `out` has open.
void write_message_fields(JsonWriter& out, const Message& message) {
    const std::string text = escape_text(message.text);
    out.key("text");
    out.string(utf8_prefix(text, fallback_text_limit));
    if (text.empty() && message.buttons.empty() && message.selects.empty()) return;
    out.key("blocks");
    out.begin_array();
    // Long replies become several sections, split at line ends where possible.
    std::string_view rest = text;
    while (!rest.empty()) {
        std::string chunk = utf8_prefix(rest, section_text_limit);
        if (chunk.size() < rest.size()) {
            auto line_end = chunk.rfind('\n');
            if (line_end != std::string::npos && line_end > 0) chunk.resize(line_end);
        }
        out.begin_object();
        out.key("type");
        out.string("section");
        out.key("text");
        out.begin_object();
        out.key("type");
        out.string("mrkdwn");
        out.key("text");
        out.string(chunk);
        out.end_object();
        out.end_object();
        rest.remove_prefix(chunk.size());
        while (!rest.empty() && rest.front() == '\n') rest.remove_prefix(1);
    }
    for (std::size_t first = 0; first < message.buttons.size(); first += buttons_per_actions_block) {
        out.begin_object();
        out.key("type");
        out.string("actions");
        out.key("elements");
        out.begin_array();
        for (std::size_t i = first; i < std::min(message.buttons.size(), first + buttons_per_actions_block); ++i) {
            const Button& button = message.buttons[i];
            out.begin_object();
            out.key("type");
            out.string("button");
            out.key("action_id");
            out.string("mentorbot-" + std::to_string(i));
            out.key("text");
            out.begin_object();
            out.key("type");
            out.string("plain_text");
            out.key("text");
            out.string(utf8_prefix(button.label, button_label_limit));
            out.end_object();
            out.key("value");
            out.string(utf8_prefix(button.command_line, button_value_limit));
            out.end_object();
        }
        out.end_array();
        out.end_object();
    }
    for (std::size_t i = 0; i < message.selects.size(); ++i) write_select_block(out, message.selects[i], i);
    out.end_array();
}

}  // namespace

nlohmann::json message_json(const Message& message) {
    JsonWriter out;
    out.begin_object();
    write_message_fields(out, message);
    out.end_object();
    return nlohmann::json::parse(out.text());
}

std::string slash_response_text(const Reply& reply) {
    JsonWriter out;
    out.begin_object();
    write_message_fields(out, reply.response);
    out.key("response_type");
    out.string(reply.is_public ? "in_channel" : "ephemeral");
    out.end_object();
    return out.take();
}

nlohmann::json slash_response_json(const Reply& reply) { return nlohmann::json::parse(slash_response_text(reply)); }

}  // namespace mentorbot::slack

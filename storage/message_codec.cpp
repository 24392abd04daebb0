// Messages and replies as JSON, written directly (every command that changes something stores one) and read leniently.
#include "storage/message_codec.h"

#include <nlohmann/json.hpp>

#include "util/base64.h"
#include "util/json_writer.h"

namespace mentorbot {

namespace {

void write_buttons(JsonWriter& json, const std::vector<Button>& buttons) {
    json.begin_array();
    for (const Button& button : buttons) {
        json.begin_object();
        json.key("label");
        json.string(button.label);
        json.key("command");
        json.string(button.command_line);
        json.end_object();
    }
    json.end_array();
}

void write_message_fields(JsonWriter& json, const Message& message) {
    json.key("text");
    json.string(message.text);
    json.key("buttons");
    write_buttons(json, message.buttons);
    // Written only when there is one, so a message without a file reads as before; the
    // bytes as base64, as a file need not be UTF-8 text.
    if (message.attachment && message.attachment->bytes.size() <= Attachment::max_bytes) {
        json.key("attachment");
        json.begin_object();
        json.key("name");
        json.string(message.attachment->name);
        json.key("type");
        json.string(message.attachment->media_type);
        json.key("base64");
        json.string(base64_encode(message.attachment->bytes));
        json.end_object();
    }
    // Written only when there are any, so messages without a select read as before.
    if (message.selects.empty()) return;
    json.key("selects");
    json.begin_array();
    for (const Select& select : message.selects) {
        json.begin_object();
        json.key("placeholder");
        json.string(select.placeholder);
        json.key("options");
        write_buttons(json, select.options);
        json.end_object();
    }
    json.end_array();
}

Button read_button(const nlohmann::json& button) {
    // Run-once records written before the formats were one held [label, command] pairs.
    if (button.is_array()) return {button.at(0).get<std::string>(), button.at(1).get<std::string>()};
    return {button.value("label", ""), button.value("command", "")};
}

// A stored file that is damaged or over the limit is left off: the message still goes, and
// its text has the links that stand in for the file.
std::optional<Attachment> read_attachment(const nlohmann::json& json) {
    auto stored = json.find("attachment");
    if (stored == json.end() || !stored->is_object()) return std::nullopt;
    auto bytes = base64_decode(stored->value("base64", ""));
    if (!bytes || bytes->size() > Attachment::max_bytes) return std::nullopt;
    Attachment attachment{stored->value("name", ""), stored->value("type", ""), std::move(*bytes)};
    if (attachment.name.empty() || attachment.media_type.empty()) return std::nullopt;
    return attachment;
}

Message read_message_fields(const nlohmann::json& json) {
    Message message;
    message.text = json.value("text", "");
    if (auto buttons = json.find("buttons"); buttons != json.end() && buttons->is_array()) {
        for (const auto& button : *buttons) message.buttons.push_back(read_button(button));
    }
    if (auto selects = json.find("selects"); selects != json.end() && selects->is_array()) {
        for (const auto& stored : *selects) {
            if (!stored.is_object()) continue;
            Select select;
            select.placeholder = stored.value("placeholder", "");
            if (auto options = stored.find("options"); options != stored.end() && options->is_array()) {
                for (const auto& option : *options) select.options.push_back(read_button(option));
            }
            message.selects.push_back(std::move(select));
        }
    }
    message.attachment = read_attachment(json);
    return message;
}

}  // namespace

std::string encode_message(const Message& message) {
    JsonWriter json;
    json.begin_object();
    write_message_fields(json, message);
    json.end_object();
    return json.take();
}

Message decode_message(std::string_view json) { return read_message_fields(nlohmann::json::parse(json)); }

std::string encode_reply(const Reply& reply) {
    JsonWriter json;
    json.begin_object();
    json.key("public");
    json.boolean(reply.is_public);
    write_message_fields(json, reply.response);
    json.end_object();
    return json.take();
}

Reply decode_reply(std::string_view text) {
    nlohmann::json json = nlohmann::json::parse(text);
    Reply reply;
    reply.is_public = json.value("public", false);
    reply.response = read_message_fields(json);
    return reply;
}

}  // namespace mentorbot

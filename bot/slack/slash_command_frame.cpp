// Reads a Socket Mode frame, keeping of a slash command only the fields the bot uses.
#include "bot/slack/slash_command_frame.h"

#include <algorithm>

#include "bot/net/simdjson_document.h"

namespace mentorbot::slack {

namespace {

template <std::size_t count>
bool is_one_of(std::string_view key, const std::string_view (&names)[count]) {
    return std::find(std::begin(names), std::end(names), key) != std::end(names);
}

}  // namespace

std::optional<nlohmann::json> slash_command_envelope(simdjson::dom::element document) {
    simdjson::dom::object envelope;
    if (document.get(envelope) != simdjson::SUCCESS) return std::nullopt;
    // A key given twice counts with its last value, as nlohmann's parser has it. An element
    // made by default is no value at all (reading it is undefined), hence the optionals.
    std::optional<simdjson::dom::element> type;
    std::optional<simdjson::dom::element> payload;
    for (auto [key, value] : envelope) {
        if (key == "type") type = value;
        if (key == "payload") payload = value;
    }
    std::string_view type_name;
    simdjson::dom::object payload_fields;
    if (!type || !payload || type->get(type_name) != simdjson::SUCCESS || type_name != "slash_commands" ||
        payload->get(payload_fields) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    nlohmann::json kept = nlohmann::json::object();
    for (auto [key, value] : envelope) {
        if (key != "payload" && is_one_of(key, slash_envelope_fields)) kept[std::string(key)] = net::to_nlohmann(value);
    }
    nlohmann::json& kept_payload = kept["payload"] = nlohmann::json::object();
    for (auto [key, value] : payload_fields) {
        if (is_one_of(key, slash_payload_fields)) kept_payload[std::string(key)] = net::to_nlohmann(value);
    }
    return kept;
}

nlohmann::json read_socket_mode_frame(std::string_view text) {
    return net::parse_json_read_first(text, slash_command_envelope);
}

}  // namespace mentorbot::slack

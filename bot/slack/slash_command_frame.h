// A slash_commands envelope read from simdjson's document with only the fields the bot uses.
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>
#include <simdjson.h>

namespace mentorbot::slack {

// What the bot reads of a slash_commands envelope (envelope_handler.cpp, envelope_member.cpp,
// socket_mode_client.cpp): a field added there is added here too.
inline constexpr std::string_view slash_envelope_fields[] = {"envelope_id", "type", "accepts_response_payload",
                                                             "payload"};
inline constexpr std::string_view slash_payload_fields[] = {"team_id",    "enterprise_id", "user_id", "user_name",
                                                            "channel_id", "command",       "text",    "response_url",
                                                            "trigger_id", "event_id"};

// The envelope as nlohmann::json with only those fields, each as the whole document would
// have it, when `document` is a slash_commands envelope with a payload object; nothing
// otherwise. Slack sends some twenty fields with each command (token, team_domain,
// channel_name, api_app_id, …), and building all of them as a tree was a sixth of reading a
// frame.
std::optional<nlohmann::json> slash_command_envelope(simdjson::dom::element document);

// A frame's text as a document: a slash command with only its fields, anything else whole;
// discarded when it is not JSON (as net::parse_json).
nlohmann::json read_socket_mode_frame(std::string_view text);

}  // namespace mentorbot::slack

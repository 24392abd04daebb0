// Parses platform JSON (Slack envelopes, Discord gateway frames) quickly into nlohmann::json.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace mentorbot::net {

// The same result and contract as nlohmann::json::parse(text, nullptr, false): the
// document, or a discarded value (is_discarded()) when `text` is not valid JSON or not
// valid UTF-8. Lexing is done by simdjson, several times faster than nlohmann's own
// parser, and every command arrives as such a document.
nlohmann::json parse_json(std::string_view text);

}  // namespace mentorbot::net

// Reading platform JSON straight from simdjson's document, for the hot paths that need only a few fields.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>
#include <simdjson.h>

namespace mentorbot::net {

// Documents above this go to nlohmann's parser (see parse_json): simdjson's parser keeps
// buffers sized for the largest document it has seen, and envelopes are a few kilobytes.
constexpr std::size_t largest_fast_document = 64 * 1024;

// Parses `text` with this thread's parser. The element is valid until this thread parses
// again, so read what is needed at once. An error when `text` is not valid JSON or UTF-8,
// or is over largest_fast_document (simdjson::CAPACITY).
simdjson::simdjson_result<simdjson::dom::element> parse_on_this_thread(std::string_view text);

// The element as nlohmann::json, as nlohmann's own parser builds it from the same text.
nlohmann::json to_nlohmann(simdjson::dom::element element);

// As parse_json, with a first reading: a document simdjson reads is offered to `read_first`
// (when given), and what it returns is the result; when it returns nothing, the whole document.
nlohmann::json parse_json_read_first(std::string_view text,
                                     std::optional<nlohmann::json> (*read_first)(simdjson::dom::element));

}  // namespace mentorbot::net

// The JSON writer behind Slack acks: what it writes must read back exactly, whatever members type.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "domain/json_writer.h"

using mentorbot::JsonWriter;

namespace {

// Writes {"text": value} and reads it back with a full JSON parser.
std::string round_trip(std::string_view value) {
    JsonWriter out;
    out.begin_object();
    out.key("text");
    out.string(value);
    out.end_object();
    return nlohmann::json::parse(out.text()).at("text").get<std::string>();
}

}  // namespace

TEST_CASE("json writer: nested objects and arrays get their commas and read back", "[json]") {
    JsonWriter out;
    out.begin_object();
    out.key("envelope_id");
    out.string("e-1");
    out.key("blocks");
    out.begin_array();
    out.begin_object();
    out.key("n");
    out.number(-42);
    out.end_object();
    out.begin_object();
    out.key("ok");
    out.boolean(true);
    out.end_object();
    out.raw(R"({"already":"json"})");
    out.end_array();
    out.key("empty");
    out.begin_array();
    out.end_array();
    out.end_object();
    const auto parsed = nlohmann::json::parse(out.text());
    CHECK(parsed == nlohmann::json::parse(
                        R"({"envelope_id":"e-1","blocks":[{"n":-42},{"ok":true},{"already":"json"}],"empty":[]})"));
}

TEST_CASE("json writer: quotes, backslashes and control characters are escaped", "[json]") {
    const std::string tricky = "say \"hi\" \\ back\nnext\tline\r\x01\x1f end";
    CHECK(round_trip(tricky) == tricky);
    CHECK(round_trip("") == "");
    CHECK(round_trip("<!channel> & friends") == "<!channel> & friends");
}

TEST_CASE("json writer: valid UTF-8 passes through, broken bytes become U+FFFD", "[json]") {
    const std::string emoji = "caf\xC3\xA9 \xE2\x9A\xA0\xEF\xB8\x8F \xF0\x9F\x9A\x80";
    CHECK(round_trip(emoji) == emoji);
    // A lone continuation byte, a truncated sequence, an overlong form and a surrogate.
    CHECK(round_trip("a\x80z") == "a\xEF\xBF\xBDz");
    CHECK(round_trip("cut \xE2\x9A") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(round_trip("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(round_trip("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

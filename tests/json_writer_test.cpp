// The JSON writer behind Slack acks: what it writes must read back exactly, whatever members type.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "util/json_writer.h"

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

TEST_CASE("json writer: a character needing escape is caught wherever it falls in a long string", "[json]") {
    // Plain text is skipped eight bytes at a time: try every offset within and across
    // those words, for each kind of byte that must not be copied as it is.
    const std::string plain = "The quick brown fox jumps over the lazy dog";
    const std::vector<std::string> specials{"\"", "\\", "\n", std::string(1, '\0'), "\x1f", "\x7f", "\xC3\xA9", "\xFF"};
    for (const std::string& special : specials) {
        for (std::size_t at = 0; at <= plain.size(); ++at) {
            const std::string value = plain.substr(0, at) + special + plain.substr(at);
            INFO("special byte " << static_cast<int>(static_cast<unsigned char>(special[0])) << " at " << at);
            const std::string expected = special == "\xFF" ? plain.substr(0, at) + "\xEF\xBF\xBD" + plain.substr(at)
                                                           : value;
            CHECK(round_trip(value) == expected);
        }
    }
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

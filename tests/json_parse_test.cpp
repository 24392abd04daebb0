// The fast JSON reader for platform frames: it must read every document exactly as nlohmann's parser does.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/net/json_parse.h"

using mentorbot::net::parse_json;

namespace {

nlohmann::json reference(const std::string& text) { return nlohmann::json::parse(text, nullptr, false); }

}  // namespace

TEST_CASE("platform JSON reads back exactly as nlohmann reads it", "[json]") {
    const std::vector<std::string> documents{
        R"({"envelope_id":"e-1","type":"slash_commands","accepts_response_payload":true,)"
        R"("payload":{"team_id":"T1","user_id":"U2","text":"request topic:\"k8s\" minutes:30","n":null}})",
        R"({"op":0,"s":42,"t":"INTERACTION_CREATE","d":{"id":"1234567890123456789","data":{"options":[]}}})",
        R"([1,-1,0,9223372036854775807,-9223372036854775808,18446744073709551615,1.5,-2e-3,true,false,null])",
        R"({"nested":{"deeper":{"deepest":[[],[{}],[[1,[2,[3]]]]]}}})",
        R"({"escapes":"line\nbreak \"quoted\" back\\slash \u00e9 \ud83d\ude80 \u0000 end"})",
        "{\"raw\":\"caf\xC3\xA9 \xF0\x9F\x9A\x80\"}",
        R"({"same":1,"same":2})",
        R"("just a string")",
        "42",
        " \t\n{ \"spaced\" : [ 1 , 2 ] } \n",
    };
    for (const auto& text : documents) {
        INFO(text);
        const nlohmann::json fast = parse_json(text);
        REQUIRE_FALSE(fast.is_discarded());
        CHECK(fast == reference(text));
        // Same number kinds too: code asks is_number_unsigned() / is_number_float().
        CHECK(fast.dump() == reference(text).dump());
    }
}

TEST_CASE("text that is not valid JSON or not valid UTF-8 is refused, never thrown", "[json]") {
    const std::vector<std::string> broken{
        "",
        "{",
        R"({"a":1,})",
        R"({"a":1} trailing)",
        R"({'single':'quotes'})",
        "{\"bad\":\"\xC3\x28\"}",
        "{\"lone\":\"\xFF\"}",
        R"({"a":01})",
        R"({"a":NaN})",
        std::string(5000, '['),
    };
    for (const auto& text : broken) {
        INFO(text.substr(0, 40));
        CHECK(parse_json(text).is_discarded());
        CHECK(reference(text).is_discarded());
    }
}

TEST_CASE("a document larger than an envelope still reads whole", "[json]") {
    nlohmann::json big = nlohmann::json::object();
    for (int i = 0; i < 5000; ++i) big["key-" + std::to_string(i)] = std::string(20, 'x');
    const std::string text = big.dump();
    REQUIRE(text.size() > 64 * 1024);
    CHECK(parse_json(text) == big);
}

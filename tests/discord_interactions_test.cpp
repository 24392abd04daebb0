// Interactions become neutral command calls; replies become Discord callback JSON, answered once.
#include <catch2/catch.hpp>

#include "bot/discord/interactions.h"
#include "tests/fake_discord/payloads.h"
#include "tests/fake_discord/recording_service.h"

using namespace mentorbot;
using namespace mentorbot::discord;
using mentorbot::testing::RecordingService;
using nlohmann::json;

TEST_CASE("A slash command runs as typed options with the guild's member prefix", "[discord][interactions]") {
    auto payload = mentorbot::testing::slash_command(
        "1001", "flash", "request",
        json::parse(R"([{"name":"topic","type":3,"value":"kubernetes"},{"name":"minutes","type":4,"value":30},
                        {"name":"mentor","type":6,"value":"77"},{"name":"remote","type":5,"value":true}])"));
    payload["data"]["resolved"] = {{"users", {{"77", {{"id", "77"}, {"username", "mo"}}}}}};
    auto interaction = parse_interaction(payload);
    REQUIRE(interaction);
    RecordingService service;
    service.run(request_for(*interaction, interaction->guild_id));
    REQUIRE(service.calls.size() == 1);
    const auto& call = service.calls[0];
    CHECK(call.command == "flash");
    CHECK(call.subcommand == "request");
    CHECK(call.prefix == "discord:G1:");
    CHECK(call.delivery_key == "discord:interaction:1001");
    CHECK(call.caller.member_id() == "discord:G1:42");
    CHECK(call.caller.display_name == "Ana");
    CHECK(call.caller.channel.str() == "discord:G1:C1");
    CHECK_FALSE(call.caller.platform_admin);
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    CHECK(call.options == Pairs{{"topic", "kubernetes"}, {"minutes", "30"}, {"mentor", "77"}, {"remote", "true"}});
}

TEST_CASE("Administrator or Manage Server permission makes the caller a platform admin", "[discord][interactions]") {
    for (auto [bits, admin] : std::vector<std::pair<std::string, bool>>{
             {"8", true}, {"32", true}, {"2147483656", true}, {"16", false}, {"0", false}}) {
        auto interaction = parse_interaction(
            mentorbot::testing::slash_command("1", "coach", "stats", json::array(), "42", bits));
        REQUIRE(interaction);
        CHECK(caller_for(*interaction, "G1").platform_admin == admin);
    }
}

TEST_CASE("A button click runs its custom_id as a command line", "[discord][interactions]") {
    auto interaction = parse_interaction(mentorbot::testing::button_click("1002", "/flash accept 12"));
    REQUIRE(interaction);
    RecordingService service;
    service.run(request_for(*interaction, "G1"));
    REQUIRE(service.calls.size() == 1);
    CHECK(service.calls[0].text == "/flash accept 12");
    CHECK(service.calls[0].caller.member_id() == "discord:G1:43");
}

TEST_CASE("A DM interaction reads the top-level user", "[discord][interactions]") {
    json payload = mentorbot::testing::button_click("1003", "/mentor status");
    payload.erase("guild_id");
    payload.erase("member");
    payload["user"] = {{"id", "55"}, {"username", "dm-user"}};
    auto interaction = parse_interaction(payload);
    REQUIRE(interaction);
    CHECK(interaction->guild_id.empty());
    CHECK(interaction->user_id == "55");
    CHECK(caller_for(*interaction, "G7").member_id() == "discord:G7:55");
}

TEST_CASE("Malformed interactions are dropped", "[discord][interactions]") {
    CHECK_FALSE(parse_interaction(json::parse(R"({"id":"1"})")));
    CHECK_FALSE(parse_interaction(json::parse(R"({"id":"1","token":"t","type":2,"member":{"user":{}}})")));
    CHECK_FALSE(parse_interaction(json::array()));
}

TEST_CASE("A private reply is an ephemeral type-4 callback with buttons as components", "[discord][interactions]") {
    Reply reply = Reply::private_text("Request #12 is open.");
    reply.response.buttons = {{"Accept", "/flash accept 12"},
                              {"Decline", "/flash decline 12"},
                              {"Again", "/flash accept 12"},
                              {"Too long", "/flash note " + std::string(100, 'x')}};
    auto body = callback_json(reply);
    CHECK(body["type"] == 4);
    CHECK(body["data"]["content"] == "Request #12 is open.");
    CHECK(body["data"]["flags"] == 64);
    auto buttons = body["data"]["components"].at(0)["components"];
    REQUIRE(buttons.size() == 2);  // the duplicate and the over-long command line are left out
    CHECK(buttons[0]["type"] == 2);
    CHECK(buttons[0]["label"] == "Accept");
    CHECK(buttons[0]["custom_id"] == "/flash accept 12");
    CHECK(buttons[1]["custom_id"] == "/flash decline 12");
}

TEST_CASE("A public reply has no ephemeral flag, long text and many buttons fit Discord's limits",
          "[discord][interactions]") {
    Reply reply;
    reply.is_public = true;
    reply.response.text = std::string(2500, 'y');
    for (int i = 0; i < 30; ++i)
        reply.response.buttons.push_back({"b" + std::to_string(i), "/pod join " + std::to_string(i)});
    auto body = callback_json(reply);
    CHECK_FALSE(body["data"].contains("flags"));
    CHECK(body["data"]["content"].get<std::string>().size() == 1999 + 3);
    CHECK(body["data"]["components"].size() == 5);
    CHECK(body["data"]["components"][4]["components"].size() == 5);
    CHECK(deferred_callback_json(true) == json::parse(R"({"type":5,"data":{"flags":64}})"));
}

TEST_CASE("Each interaction is answered once, replays past 3 s are skipped", "[discord][interactions]") {
    using namespace std::chrono_literals;
    const auto now = std::chrono::system_clock::now();
    const auto fresh = mentorbot::testing::snowflake_at(now - 1s, 1);
    const auto stale = mentorbot::testing::snowflake_at(now - 4s, 2);
    CHECK(std::chrono::abs(snowflake_time(fresh) - (now - 1s)) < 2ms);
    InteractionLedger ledger;
    CHECK(ledger.claim(fresh, false, now) == InteractionLedger::Verdict::answer);
    CHECK(ledger.claim(fresh, true, now) == InteractionLedger::Verdict::already_answered);
    CHECK(ledger.claim(stale, true, now) == InteractionLedger::Verdict::expired);
    // Live (not replayed) events are answered whatever their timestamp says.
    CHECK(ledger.claim(stale, false, now) == InteractionLedger::Verdict::answer);
    CHECK(ledger.claim(fresh, false, now + 16min) == InteractionLedger::Verdict::answer);
    CHECK(ledger.size() == 1);
}

TEST_CASE("An interaction id that is not a snowflake number is answered once too", "[discord][interactions]") {
    using namespace std::chrono_literals;
    const auto now = std::chrono::system_clock::now();
    const auto snowflake = mentorbot::testing::snowflake_at(now - 1s, 1);
    InteractionLedger ledger;
    // A leading zero or a letter: the same digits written otherwise are another id.
    for (const std::string& id : {"0" + snowflake, snowflake + "x", std::string("abc")}) {
        CHECK(ledger.claim(id, false, now) == InteractionLedger::Verdict::answer);
        CHECK(ledger.claim(id, true, now) == InteractionLedger::Verdict::already_answered);
    }
    CHECK(ledger.claim(snowflake, false, now) == InteractionLedger::Verdict::answer);
    CHECK(ledger.claim(snowflake, false, now) == InteractionLedger::Verdict::already_answered);
    CHECK(ledger.size() == 4);
    // All are forgotten after 15 minutes.
    CHECK(ledger.claim("abc", false, now + 16min) == InteractionLedger::Verdict::answer);
    CHECK(ledger.size() == 1);
}

TEST_CASE("Snowflake numbers are read only from digits written the usual way", "[discord][interactions]") {
    CHECK(snowflake_number("1234567890123456789") == 1234567890123456789ULL);
    CHECK(snowflake_number("0") == 0ULL);
    CHECK_FALSE(snowflake_number(""));
    CHECK_FALSE(snowflake_number("012"));
    CHECK_FALSE(snowflake_number("12a"));
    CHECK_FALSE(snowflake_number("-12"));
    CHECK_FALSE(snowflake_number("+12"));
    CHECK_FALSE(snowflake_number("99999999999999999999"));  // past 64 bits
}

TEST_CASE("Long messages are split at line breaks with the buttons on the last piece", "[discord][interactions]") {
    Message long_help;
    for (int i = 0; i < 60; ++i) long_help.text += "/command" + std::to_string(i) + " " + std::string(30, 'h') + "\n";
    long_help.buttons = {{"More", "/coach help flash"}};
    auto pieces = split_message(long_help);
    REQUIRE(pieces.size() == 2);
    CHECK(pieces[0].text.size() <= 2000);
    CHECK(pieces[0].text.back() == '\n');
    CHECK(pieces[0].buttons.empty());
    CHECK(pieces[1].buttons.size() == 1);
    CHECK(pieces[0].text + pieces[1].text == long_help.text);
    CHECK(split_message(Message{"short", {}}).size() == 1);
}

namespace {

std::string interaction_frame(const json& data) {
    return json{{"op", 0}, {"s", 3}, {"t", "INTERACTION_CREATE"}, {"d", data}}.dump();
}

}  // namespace

TEST_CASE("An interaction is read straight from its gateway frame, a long form too", "[discord][interactions]") {
    auto command = parse_interaction_frame(interaction_frame(mentorbot::testing::slash_command(
        "1001", "flash", "request",
        json::parse(R"([{"name":"topic","type":3,"value":"go"},{"name":"minutes","type":4,"value":45}])"))));
    REQUIRE(command);
    CHECK(command->id == "1001");
    CHECK(command->token == "itoken-1001");
    CHECK(command->command == "flash");
    CHECK(command->subcommand == "request");
    CHECK(command->display_name == "Ana");
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    CHECK(command->options == Pairs{{"topic", "go"}, {"minutes", "45"}});

    const std::string note(70000, 'n');  // over what the fast reader takes
    auto form = parse_interaction_frame(
        interaction_frame(mentorbot::testing::modal_submit("1002", "form:note", {{"text", note}})));
    REQUIRE(form);
    CHECK(form->custom_id == "form:note");
    CHECK(form->options == Pairs{{"text", note}});

    CHECK_FALSE(parse_interaction_frame(R"({"op":0,"t":"INTERACTION_CREATE"})"));
    CHECK_FALSE(parse_interaction_frame("not json"));
}

TEST_CASE("Interactions Discord would never send are dropped, whichever part is wrong", "[discord][interactions]") {
    auto command = mentorbot::testing::slash_command("1", "flash", "list");
    auto with = [&](const std::string& pointer, json value) {
        json changed = command;
        changed[json::json_pointer(pointer)] = std::move(value);
        return changed;
    };
    REQUIRE(parse_interaction(command));
    CHECK_FALSE(parse_interaction(with("/id", 1)));
    CHECK_FALSE(parse_interaction(with("/token", nullptr)));
    CHECK_FALSE(parse_interaction(with("/type", "2")));
    CHECK_FALSE(parse_interaction(with("/member/user", "42")));
    CHECK_FALSE(parse_interaction(with("/data", json::array())));
    CHECK_FALSE(parse_interaction(with("/data/name", 5)));
    CHECK_FALSE(parse_interaction(with("/data/options", "list")));
    CHECK_FALSE(parse_interaction(
        with("/data/options/0/options", json::array({{{"name", "t"}, {"value", "go"}, {"focused", "yes"}}}))));
    json no_data = command;
    no_data.erase("data");
    CHECK_FALSE(parse_interaction(no_data));
    json no_choice = mentorbot::testing::button_click("2", "mentorbot:select:0");
    no_choice["data"]["component_type"] = 3;
    no_choice["data"]["values"] = json::array();
    CHECK_FALSE(parse_interaction(no_choice));

    // What may be missing reads as nothing: no options, a null nick, an option without a value.
    CHECK(parse_interaction(with("/data/options/0/options", nullptr)));
    auto without_value = parse_interaction(
        with("/data/options/0/options", json::array({{{"name", "t"}, {"type", 3}}, {{"name", "u"}, {"value", "go"}}})));
    REQUIRE(without_value);
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    CHECK(without_value->options == Pairs{{"u", "go"}});

    // Text that is not UTF-8 (only a document built in code can hold it) reads as U+FFFD.
    auto odd = parse_interaction(
        with("/data/options/0/options", json::array({{{"name", "t"}, {"type", 3}, {"value", std::string("a\xff")}}})));
    REQUIRE(odd);
    CHECK(odd->options == Pairs{{"t", "a\xEF\xBF\xBD"}});
}

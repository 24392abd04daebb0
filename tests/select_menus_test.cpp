// Select menus: drawn for Slack and Discord, a choice read back as its command line, and the commands offering one.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "bot/discord/interactions.h"
#include "bot/slack/block_kit.h"
#include "commands/choice_menu.h"
#include "commands/registry.h"
#include "storage/message_codec.h"
#include "tests/fake_discord/payloads.h"
#include "tests/fake_discord/recording_service.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using nlohmann::json;

namespace {

Message rating_menu() {
    Message message{"How was it?", {{"Show session", "/flash list"}}};
    Select rate{"Rate session #3", {}};
    for (int rating = 1; rating <= 5; ++rating)
        rate.options.push_back({std::to_string(rating), "/feedback session id:3 rating:" + std::to_string(rating)});
    message.selects.push_back(rate);
    return message;
}

// The lines of every option of every select in `message`.
std::vector<std::string> option_lines(const Message& message) {
    std::vector<std::string> lines;
    for (const Select& select : message.selects)
        for (const Button& option : select.options) lines.push_back(option.command_line);
    return lines;
}

}  // namespace

TEST_CASE("Slack shows a select as a static_select whose option values are command lines", "[selects][slack]") {
    const json body = slack::message_json(rating_menu());
    REQUIRE(body["blocks"].size() == 3);  // the text, the button, the select
    const json& block = body["blocks"][2];
    CHECK(block["type"] == "actions");
    REQUIRE(block["elements"].size() == 1);
    const json& select = block["elements"][0];
    CHECK(select["type"] == "static_select");
    CHECK(select["action_id"] == "mentorbot-select-0");
    CHECK(select["placeholder"] == json({{"type", "plain_text"}, {"text", "Rate session #3"}}));
    REQUIRE(select["options"].size() == 5);
    CHECK(select["options"][4] ==
          json({{"text", {{"type", "plain_text"}, {"text", "5"}}}, {"value", "/feedback session id:3 rating:5"}}));
}

TEST_CASE("Slack leaves out select options whose line is over 150 characters and keeps at most 100",
          "[selects][slack]") {
    Message message{"Pick", {}};
    Select many{"Pick one", {}};
    many.options.push_back({"too long", "/flash request topic:" + std::string(140, 'x')});
    for (int i = 0; i < 120; ++i) many.options.push_back({"n" + std::to_string(i), "/pod show p" + std::to_string(i)});
    message.selects.push_back(many);
    // A select with nothing that fits is not sent at all: Slack refuses an empty one.
    message.selects.push_back({"Nothing fits", {{"long", "/x " + std::string(200, 'y')}}});
    const json body = slack::message_json(message);
    REQUIRE(body["blocks"].size() == 2);
    const json& options = body["blocks"][1]["elements"][0]["options"];
    REQUIRE(options.size() == 100);
    CHECK(options[0]["value"] == "/pod show p0");
}

TEST_CASE("Discord shows a select as a string select in an action row of its own", "[selects][discord]") {
    const json body = discord::message_json(rating_menu(), true);
    REQUIRE(body["components"].size() == 2);  // the button's row, the select's row
    const json& row = body["components"][1];
    CHECK(row["type"] == 1);
    REQUIRE(row["components"].size() == 1);
    const json& select = row["components"][0];
    CHECK(select["type"] == 3);
    CHECK(select["custom_id"] == "mentorbot:select:0");
    CHECK(select["placeholder"] == "Rate session #3");
    CHECK(select["min_values"] == 1);
    CHECK(select["max_values"] == 1);
    REQUIRE(select["options"].size() == 5);
    CHECK(select["options"][0] == json({{"label", "1"}, {"value", "/feedback session id:3 rating:1"}}));
}

TEST_CASE("Discord keeps select options within 25 and values within 100 characters, without repeats",
          "[selects][discord]") {
    Message message{"Pick", {}};
    Select many{"", {}};
    many.options.push_back({"too long", "/flash request topic:" + std::string(90, 'x')});
    many.options.push_back({"", "/pod show p0"});
    for (int i = 0; i < 30; ++i) many.options.push_back({"n" + std::to_string(i), "/pod show p" + std::to_string(i)});
    message.selects.push_back(many);
    message.selects.push_back({"Nothing fits", {{"long", "/x " + std::string(100, 'y')}}});
    const json body = discord::message_json(message, false);
    REQUIRE(body["components"].size() == 1);
    const json& select = body["components"][0]["components"][0];
    CHECK_FALSE(select.contains("placeholder"));
    REQUIRE(select["options"].size() == 25);
    CHECK(select["options"][0] == json({{"label", "/pod show p0"}, {"value", "/pod show p0"}}));
    CHECK(select["options"][1]["value"] == "/pod show p1");
    // A long reply is split; the select goes with the last piece, as the buttons do.
    message.text = std::string(2500, 'a');
    const auto pieces = discord::split_message(message);
    REQUIRE(pieces.size() == 2);
    CHECK(pieces[0].selects.empty());
    CHECK(pieces[1].selects.size() == 2);
}

TEST_CASE("A Discord select choice runs the chosen option's value as a command line", "[selects][discord]") {
    auto interaction = discord::parse_interaction(
        select_choice("1004", "mentorbot:select:0", "/feedback session id:3 rating:4"));
    REQUIRE(interaction);
    CHECK(interaction->type == discord::Interaction::Type::message_component);
    RecordingService service;
    service.run(discord::request_for(*interaction, "G1"));
    REQUIRE(service.calls.size() == 1);
    CHECK(service.calls[0].text == "/feedback session id:3 rating:4");
    CHECK(service.calls[0].caller.member_id() == "discord:G1:43");
    CHECK(service.calls[0].delivery_key == "discord:interaction:1004");
    // A select interaction without a chosen value is dropped, never run as its custom_id.
    json empty = select_choice("1005", "mentorbot:select:0", "x");
    empty["data"]["values"] = json::array();
    CHECK_FALSE(discord::parse_interaction(empty));
}

TEST_CASE("Selects are stored with their message and read back", "[selects][storage]") {
    const Message message = rating_menu();
    const Message read = decode_message(encode_message(message));
    CHECK(read.text == message.text);
    REQUIRE(read.buttons.size() == 1);
    REQUIRE(read.selects.size() == 1);
    CHECK(read.selects[0].placeholder == "Rate session #3");
    CHECK(option_lines(read) == option_lines(message));
    CHECK(read.selects[0].options[4].label == "5");
    // A message without a select is stored as before.
    CHECK(encode_message(Message{"hi", {}}).find("selects") == std::string::npos);
    Reply reply;
    reply.response = message;
    CHECK(option_lines(decode_reply(encode_reply(reply)).response) == option_lines(message));
}

TEST_CASE("A choice value an option does not offer gets a menu of the ones it does", "[selects][commands]") {
    const CommandRegistry registry = CommandRegistry::standard();
    auto menus = choice_menus(registry, "/flash request kubernetes kind:quick minutes:30");
    REQUIRE(menus.size() == 1);
    CHECK(contains(menus[0].placeholder, "kind"));
    REQUIRE(menus[0].options.size() == 7);
    CHECK(menus[0].options[0].label == "kind:flash");
    CHECK(menus[0].options[0].command_line == "/flash request kubernetes kind:flash minutes:30");
    CHECK(menus[0].options[2].command_line == "/flash request kubernetes kind:near-peer minutes:30");
    // Quoted values are written so they read back the same.
    menus = choice_menus(registry, R"(/flash request "machine learning" kind:Mirco note:"a \"b\" c:d")");
    REQUIRE(menus.size() == 1);
    CHECK(menus[0].options[1].command_line == R"(/flash request "machine learning" kind:micro note:"a \"b\" c:d")");
    // Two wrong choices, two menus; a right one (any case) or an unreadable line, none.
    CHECK(choice_menus(registry, "/flash request k8s kind:quick minutes:20").size() == 2);
    CHECK(choice_menus(registry, "/flash request k8s kind:Micro").empty());
    CHECK(choice_menus(registry, "/flash request \"k8s").empty());
    CHECK(choice_menus(registry, "/nosuch thing kind:x").empty());
}

TEST_CASE("A refused kind offers the kinds, and choosing one runs the request as typed with it", "[selects][flash]") {
    TestChat chat;
    Reply refused = chat.run("ana", "/flash request kubernetes kind:quick");
    CHECK(contains(refused.response.text, "kind must be one of flash, micro"));
    REQUIRE(refused.response.selects.size() == 1);
    const std::vector<std::string> lines = option_lines(refused.response);
    REQUIRE(lines.size() == 7);
    CHECK(lines[2] == "/flash request kubernetes kind:near-peer");
    // Nothing was stored by the refusal; the choice runs the request.
    Reply chosen = chat.run("ana", lines[2]);
    CHECK(contains(chosen.response.text, "Request #1 (near-peer, kubernetes"));
    // Other refusals offer no menu.
    CHECK(chat.run("ana", "/flash request kubernetes kind:micro").response.selects.empty());
}

TEST_CASE("pod join without a name offers the pods of the tenant one may join", "[selects][pod]") {
    TestChat chat;
    REQUIRE(contains(chat.run("ana", "/pod create rust-readers topic:rust size:2").response.text, "created"));
    REQUIRE(contains(chat.run("ana", "/pod create go-circle topic:go size:4").response.text, "created"));
    REQUIRE(contains(chat.run("ben", "/pod join go-circle").response.text, "You joined pod go-circle"));

    // Ben is in go-circle: only rust-readers is offered to him.
    Reply offered = chat.run("ben", "/pod join");
    CHECK(contains(offered.response.text, "Which pod?"));
    REQUIRE(offered.response.selects.size() == 1);
    REQUIRE(offered.response.selects[0].options.size() == 1);
    CHECK(offered.response.selects[0].options[0].label == "rust-readers (rust)");
    const std::string line = offered.response.selects[0].options[0].command_line;
    CHECK(line == "/pod join name:rust-readers");
    CHECK(contains(chat.run("ben", line).response.text, "You joined pod rust-readers (2 of 2)"));

    // Nothing left for Ben; a full pod is still offered to Carla, for its wait list.
    Reply none = chat.run("ben", "/pod join");
    CHECK(contains(none.response.text, "There is no pod here you could join"));
    CHECK(none.response.selects.empty());
    Reply for_carla = chat.run("carla", "/pod join");
    REQUIRE(for_carla.response.selects.size() == 1);
    CHECK(option_lines(for_carla.response) ==
          std::vector<std::string>{"/pod join name:go-circle", "/pod join name:rust-readers"});
    CHECK(for_carla.response.selects[0].options[1].label == "rust-readers (rust) — full, wait list");

    // /pod list offers the same menu under the list.
    Reply listed = chat.run("carla", "/pod list");
    CHECK(contains(listed.response.text, "2 pods:"));
    CHECK(option_lines(listed.response) == option_lines(for_carla.response));
    CHECK(chat.run("ben", "/pod list").response.selects.empty());
}

TEST_CASE("the feedback ask is a menu of ratings that say what they mean", "[selects][feedback]") {
    TestChat chat;
    chat.jump(std::chrono::hours(5));  // 14:00 UTC: every demo mentor is at work
    chat.run("kai", "/mentor pause");
    REQUIRE(contains(chat.run("ana", "/flash request kubernetes").response.text, "offered to"));
    chat.take_deliveries();
    Reply accepted = chat.run("ben", "/flash accept 1");
    REQUIRE(contains(accepted.response.text, "accepted"));
    Reply done = chat.run("ana", "/flash done 1");
    REQUIRE(done.response.selects.size() == 1);
    CHECK(done.response.buttons.empty());
    const Select& rate = done.response.selects[0];
    CHECK(rate.placeholder == "Rate session #1");
    REQUIRE(rate.options.size() == 5);
    CHECK(rate.options[0].label == "1 — not useful");
    CHECK(rate.options[4].label == "5 — very useful");
    CHECK(rate.options[4].command_line == "/feedback session id:1 rating:5");
    CHECK(contains(chat.run("ana", rate.options[3].command_line).response.text, "rated 4/5"));
}

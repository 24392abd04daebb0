// Finding a mentor: /mentor list with room, shared hours and bios, paged, within the caller's own tenant.
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "bot/discord/command_registration.h"
#include "commands/registry.h"

#include "storage/member_store.h"
#include "tests/support/callers.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

TEST_CASE("the mentors of a topic are listed with level zone shared hours room and bio", "[mentor][list]") {
    TestChat chat;  // demo: ben, kai and carla offer kubernetes; ana is a junior in Berlin
    chat.run("ben", "/mentor offer bio:\"Platform lead, happy to pair on k8s upgrades\"");
    chat.run("carla", "/mentor pause");
    const std::string text = chat.run("ana", "/mentor list k8s").response.text;
    CAPTURE(text);
    CHECK(has(text, "Mentors for kubernetes, page 1 of 1 (3 mentors):"));
    // Most room first, then more shared hours; a paused mentor comes last and says so.
    CHECK(has(text, "1. " + at("ben") +
                        " · level 4 (senior) · Europe/London 09:00-17:00, 7 h a day shared with you · "
                        "3 of 3 sessions left this week\n   “Platform lead, happy to pair on k8s upgrades”"));
    CHECK(has(text, "2. " + at("kai") +
                        " · level 3 (mid) · Europe/Berlin 09:00-17:00, 8 h a day shared with you · "
                        "2 of 2 sessions left this week"));
    CHECK(has(text, "3. " + at("carla") + " · level 5"));
    CHECK(has(text, "2 h a day shared with you · paused"));
    CHECK(has(text, "Ask one of them: /flash request topic:kubernetes mentor:@name"));

    // A session this week takes room.
    CHECK(has(chat.run("mo", "/flash request kubernetes").response.text, "offered to " + at("kai")));
    chat.run("kai", "/flash accept 1");
    const std::string after = chat.run("ana", "/mentor list kubernetes").response.text;
    CHECK(has(after, "2. " + at("kai") +
                         " · level 3 (mid) · Europe/Berlin 09:00-17:00, 8 h a day shared with you · "
                         "1 of 2 sessions left this week"));
}

TEST_CASE("a kind shows only mentors who fit it for the caller", "[mentor][list]") {
    TestChat chat;
    // Ana is level 2: near-peer means level 3 or 4, so carla (5) is left out.
    const std::string text = chat.run("ana", "/mentor list topic:kubernetes kind:near-peer").response.text;
    CHECK(has(text, "Mentors for kubernetes (near-peer), page 1 of 1 (2 mentors):"));
    CHECK_FALSE(has(text, at("carla")));
    // Nobody offering kubernetes opted in to reverse mentoring below ana.
    const std::string reverse = chat.run("ana", "/mentor list topic:kubernetes kind:reverse").response.text;
    CHECK(has(reverse, "3 mentors offer kubernetes here, but none fits kind:reverse for you"));
}

TEST_CASE("a long list comes in pages with a button to the next", "[mentor][list]") {
    TestChat chat(false);
    for (const std::string name : {"m1", "m2", "m3", "m4", "m5", "m6", "m7"}) {
        chat.run(name, "/mentor offer topics:rust capacity:" + std::to_string(name.back() - '0'));
    }
    const Reply first = chat.run("zoe", "/mentor list rust");
    CHECK(has(first.response.text, "page 1 of 2 (7 mentors)"));
    CHECK(has(first.response.text, "1. " + at("m7")));  // most room first
    CHECK(has(first.response.text, "5. " + at("m3")));
    CHECK_FALSE(has(first.response.text, at("m2")));
    REQUIRE(first.response.buttons.size() == 1);
    CHECK(first.response.buttons[0].command_line == "/mentor list topic:rust page:2");

    const Reply second = chat.run("zoe", first.response.buttons[0].command_line);
    CHECK(has(second.response.text, "page 2 of 2 (7 mentors)"));
    CHECK(has(second.response.text, "6. " + at("m2")));
    CHECK(has(second.response.text, "7. " + at("m1")));
    REQUIRE(second.response.buttons.size() == 1);
    CHECK(second.response.buttons[0].label == "Previous page");
}

TEST_CASE("mentor list refuses bad input privately", "[mentor][list][errors]") {
    TestChat chat;
    const std::string nobody = chat.run("ana", "/mentor list topic:cobol").response.text;
    CHECK(has(nobody, "Nobody here offers cobol yet."));
    CHECK(has(nobody, "Topics mentors here offer: "));
    CHECK(has(nobody, "kubernetes"));
    CHECK(has(chat.run("ana", "/mentor list topic:kubernetes page:3").response.text,
              "page 3 is past the end: the mentors of kubernetes fill 1 page."));
    CHECK(has(chat.run("ana", "/mentor list topic:kubernetes page:0").response.text, "/mentor list [topic:<text>]"));
    CHECK(has(chat.run("ana", "/mentor list topic:kubernetes page:two").response.text, "page"));
}

TEST_CASE("without a topic mentor list offers the topics on offer to pick from", "[mentor][list][selects]") {
    TestChat chat;  // demo: kubernetes has the most mentors
    const Reply reply = chat.run("ana", "/mentor list");
    CHECK(has(reply.response.text, "Which topic? Pick one to see who mentors it"));
    REQUIRE(reply.response.selects.size() == 1);
    const Select& topics = reply.response.selects[0];
    REQUIRE_FALSE(topics.options.empty());
    CHECK(topics.options.size() <= 25);
    CHECK(has(topics.options[0].label, " mentors)"));
    // Each option is the whole line; choosing one lists that topic's mentors.
    const auto kubernetes = std::find_if(topics.options.begin(), topics.options.end(),
                                         [](const Button& option) { return option.label.starts_with("kubernetes ("); });
    REQUIRE(kubernetes != topics.options.end());
    CHECK(kubernetes->command_line == "/mentor list topic:kubernetes");
    CHECK(has(chat.run("ana", kubernetes->command_line).response.text, "Mentors for kubernetes, page 1 of 1"));
    // A topic of two words is quoted, so choosing it lists the whole topic.
    chat.run("ben", "/mentor offer topics:\"kubernetes, machine learning\"");
    const Reply again = chat.run("ana", "/mentor list");
    REQUIRE(again.response.selects.size() == 1);
    const std::vector<Button>& after = again.response.selects[0].options;
    const auto two_words = std::find_if(after.begin(), after.end(), [](const Button& option) {
        return option.label.starts_with("machine learning (");
    });
    REQUIRE(two_words != after.end());
    CHECK(has(chat.run("ana", two_words->command_line).response.text, "Mentors for machine learning"));
}

TEST_CASE("without a topic and nobody mentoring mentor list says so and how to ask anyway", "[mentor][list]") {
    TestChat chat(false);
    const Reply reply = chat.run("ana", "/mentor list");
    CHECK(has(reply.response.text, "Nobody here offers to mentor yet."));
    CHECK(reply.response.selects.empty());
}

TEST_CASE("a bio is one line of plain text with a length limit and goes when the mentor is forgotten",
          "[mentor][list][forget]") {
    TestChat chat(false);
    chat.run("zoe", "/mentor offer topics:rust bio:\"Ask me <!channel> about\n  lifetimes <@U1>\"");
    const std::string listed = chat.run("yan", "/mentor list rust").response.text;
    // Kept exactly as typed on one line; transports show member text as text, never a ping.
    CHECK(has(listed, "“Ask me <!channel> about lifetimes <@U1>”"));
    CHECK(has(chat.run("zoe", "/mentor status").response.text, "Bio: Ask me <!channel> about lifetimes <@U1>"));

    const std::string too_long = chat.run("zoe", "/mentor offer bio:\"" + std::string(161, 'x') + "\"").response.text;
    CHECK(has(too_long, "160"));
    CHECK(MemberStore(chat.database()).bio(console_member("zoe")) == "Ask me <!channel> about lifetimes <@U1>");

    chat.run("zoe", "/mentor offer bio:-");
    CHECK(MemberStore(chat.database()).bio(console_member("zoe")).empty());
    chat.run("zoe", "/mentor offer bio:\"Rust since 1.0\"");
    chat.run("zoe", "/profile forget confirm:yes");
    CHECK(MemberStore(chat.database()).bio(console_member("zoe")).empty());
    CHECK(has(chat.run("yan", "/mentor list rust").response.text, "Nobody here offers rust yet."));
}

TEST_CASE("mentor list shows only mentors of the caller's own server", "[mentor][list][tenancy]") {
    TestChat chat(false);
    const Caller here_mentor = caller_of("discord:111:42", "ana");
    const Caller here_member = caller_of("discord:111:43", "ben");
    const Caller there_mentor = caller_of("discord:222:77", "mallory");
    chat.app().run(text_request(here_mentor, "/mentor offer topics:rust bio:\"Here\""));
    chat.app().run(text_request(there_mentor, "/mentor offer topics:rust,go bio:\"There\""));
    const std::string listed = chat.app().run(text_request(here_member, "/mentor list rust")).response.text;
    CHECK(has(listed, "(1 mentor)"));
    CHECK(has(listed, "“Here”"));
    CHECK_FALSE(has(listed, "There"));
    const std::string go = chat.app().run(text_request(here_member, "/mentor list go")).response.text;
    CHECK(has(go, "Nobody here offers go yet. Topics mentors here offer: rust."));
}

TEST_CASE("Discord registers the new subcommands and options from the registry", "[mentor][list][discord]") {
    const nlohmann::json body = discord::application_commands_json(CommandRegistry::standard().commands());
    auto option_of = [](const nlohmann::json& parent, const std::string& name) {
        for (const auto& option : parent["options"]) {
            if (option["name"] == name) return option;
        }
        return nlohmann::json();
    };
    auto command_of = [&](const std::string& name) {
        for (const auto& command : body) {
            if (command["name"] == name) return command;
        }
        return nlohmann::json();
    };
    const auto list = option_of(command_of("mentor"), "list");
    REQUIRE(list.is_object());
    // Optional: without it the topics on offer come as a menu.
    CHECK(option_of(list, "topic")["required"] == false);
    CHECK(option_of(list, "topic")["autocomplete"] == true);
    CHECK(option_of(list, "page")["type"] == 4);  // INTEGER
    CHECK(option_of(list, "kind")["choices"].size() == 7);
    CHECK(option_of(option_of(command_of("mentor"), "offer"), "bio")["type"] == 3);  // STRING
    const auto request = option_of(command_of("flash"), "request");
    CHECK(option_of(request, "mentor")["type"] == 6);  // USER
    CHECK(option_of(request, "only")["type"] == 5);    // BOOLEAN
    const auto assign = option_of(command_of("flash"), "assign");
    CHECK(option_of(assign, "id")["required"] == true);
    CHECK(option_of(assign, "mentor")["type"] == 6);
}

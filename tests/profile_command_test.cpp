// /profile set|show|forget as a member sees them.
#include <catch2/catch.hpp>

#include "model/mention.h"
#include "storage/member_store.h"
#include "tests/support/callers.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using mentorbot::testing::TestChat;
using mentorbot::testing::console_member;

TEST_CASE("a member sets a profile and sees it back", "[profile]") {
    TestChat chat(false);
    std::string reply = chat.run("zoe",
                                 "/profile set skills:Rust,k8s goals:\"System Design\" level:senior dept:Platform "
                                 "tz:Asia/Tokyo location:Osaka started:2024-04-01 name:\"Zoë Park\"")
                            .response.text;
    CHECK_THAT(reply, Catch::Contains("Profile saved"));
    std::string shown = chat.run("zoe", "/profile show").response.text;
    CHECK_THAT(shown, Catch::Contains("Zoë Park"));
    CHECK_THAT(shown, Catch::Contains("senior (level 4), Platform"));
    CHECK_THAT(shown, Catch::Contains("Time zone: Asia/Tokyo"));
    CHECK_THAT(shown, Catch::Contains("Location: Osaka"));
    CHECK_THAT(shown, Catch::Contains("Started: 2024-04-01"));
    // Tags are folded and aliases applied: k8s is kubernetes.
    CHECK_THAT(shown, Catch::Contains("Skills: rust, kubernetes"));
    CHECK_THAT(shown, Catch::Contains("Goals: system design"));
}

TEST_CASE("setting one field keeps the others", "[profile]") {
    TestChat chat(false);
    chat.run("zoe", "/profile set level:2 tz:Europe/Paris skills:go");
    chat.run("zoe", "/profile set level:3");
    auto profile = MemberStore(chat.database()).find(console_member("zoe"));
    CHECK(profile->level == 3);
    CHECK(profile->time_zone == "Europe/Paris");
    CHECK(profile->skills == std::vector<std::string>{"go"});
}

TEST_CASE("profile set with nothing to set, or bad values, changes nothing", "[profile]") {
    TestChat chat(false);
    chat.run("zoe", "/profile set level:2 tz:Europe/Paris");
    // Bare, it opens the profile form; sent back empty, it has nothing to set.
    const Reply form = chat.run("zoe", "/profile set");
    REQUIRE(form.form);
    REQUIRE(form.form->open);
    CHECK(form.form->open->title == "Your profile");
    CommandRequest empty{mentorbot::testing::console_caller("zoe", "console:local:#general"),
                         {},
                         FormSubmission{"profile", "set", {}}};
    CHECK_THAT(chat.app().run(std::move(empty)).response.text, Catch::Contains("nothing to set"));
    CHECK_THAT(chat.run("zoe", "/profile set level:2 tz:Nowhere/Land").response.text,
               Catch::Contains("unknown time zone") && Catch::Contains("Usage: /profile set"));
    CHECK_THAT(chat.run("zoe", "/profile set level:7").response.text, Catch::Contains("level must be one of"));
    auto profile = MemberStore(chat.database()).find(console_member("zoe"));
    CHECK(profile->level == 2);
    CHECK(profile->time_zone == "Europe/Paris");
}

TEST_CASE("anyone can see another member's profile, but not an unknown one", "[profile]") {
    TestChat chat;
    CHECK_THAT(chat.run("ana", "/profile show ben").response.text,
               Catch::Contains("Ben Okafor") && Catch::Contains("Mentoring: kubernetes, go"));
    CHECK_THAT(chat.run("ana", "/profile show nobody").response.text,
               Catch::Contains("I don't know " + mention("console:local:nobody")));
}

TEST_CASE("forget asks first, then deletes the profile, offer and written notes", "[profile]") {
    TestChat chat;
    Reply ask = chat.run("ben", "/profile forget");
    CHECK_THAT(ask.response.text, Catch::Contains("cannot be undone"));
    REQUIRE(ask.response.buttons.size() == 1);
    CHECK(ask.response.buttons[0].command_line == "/profile forget confirm:yes");
    CHECK(MemberStore(chat.database()).exists(console_member("ben")));

    CHECK_THAT(chat.run("ben", ask.response.buttons[0].command_line).response.text, Catch::Contains("forgotten you"));
    CHECK_FALSE(MemberStore(chat.database()).exists(console_member("ben")));
    auto& connection = chat.database().connection();
    CHECK(connection.execAndGet("SELECT COUNT(*) FROM mentor_offers WHERE member_id='console:local:ben'").getInt() ==
          0);
    CHECK(connection.execAndGet("SELECT COUNT(*) FROM member_tags WHERE member_id='console:local:ben'").getInt() == 0);
}

// Profiles, mentor offers and coaching as a careful user tries them: every refusal shows its usage line.
#include <catch2/catch.hpp>

#include "storage/member_store.h"
#include "storage/offer_store.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

TEST_CASE("refusals from inside a command show the usage line too, and change nothing", "[qa][profile][errors]") {
    TestChat chat;
    CHECK(has(chat.run("zoe", "/profile set").response.text, "Usage: /profile set [skills:"));
    CHECK_THAT(chat.run("zoe", "/profile show user:nobody").response.text,
               Catch::Contains("Usage: /profile show [user:<@person>]"));
    CHECK(has(chat.run("zoe", "/mentor status").response.text, "Usage: /mentor status"));
    CHECK(has(chat.run("zoe", "/mentor offer").response.text, "Usage: /mentor offer [topics:"));
    const std::string hours = chat.run("zoe", "/mentor offer topics:rust hours:25-3").response.text;
    CHECK(has(hours, "hours must look like 09-17"));
    CHECK(has(hours, "Usage: /mentor offer [topics:"));
    CHECK_FALSE(OfferStore(chat.database()).find(console_member("zoe")));

    chat.run("zoe", "/mentor offer topics:rust");
    const std::string past = chat.run("zoe", "/mentor pause until:2020-01-01").response.text;
    CHECK(has(past, "until must be a date in the future"));
    CHECK(has(past, "Usage: /mentor pause [until:<YYYY-MM-DD>]"));
    CHECK_FALSE(OfferStore(chat.database()).find(console_member("zoe"))->paused);

    const std::string admin_only = chat.run("zoe", "/coach stats").response.text;
    CHECK(has(admin_only, "is for program admins only"));
    CHECK(has(admin_only, "Usage: /coach stats [days:<1–3650>]"));
}

TEST_CASE("answering no to forget says nothing was deleted", "[qa][profile][forget]") {
    TestChat chat;
    Reply no = chat.run("ana", "/profile forget confirm:no");
    CHECK(has(no.response.text, "Nothing was deleted"));
    CHECK(no.response.buttons.empty());
    CHECK(MemberStore(chat.database()).find(console_member("ana"))->display_name == "Ana Souza");
    // Without an answer it still asks first.
    Reply ask = chat.run("ana", "/profile forget");
    CHECK(has(ask.response.text, "This cannot be undone"));
    REQUIRE(ask.response.buttons.size() == 1);
    CHECK(ask.response.buttons[0].command_line == "/profile forget confirm:yes");
}

TEST_CASE("a stray word after an option hints at quotes", "[qa][profile][errors]") {
    TestChat chat;
    chat.run("zoe", "/profile show");  // zoe exists, with no skills yet
    const std::string reply = chat.run("zoe", "/profile set skills:rust, go level:3").response.text;
    CHECK(has(reply, "unexpected text `go`"));
    CHECK(has(reply, "values with spaces go in quotes"));
    CHECK(has(reply, "Usage: /profile set"));
    auto zoe = MemberStore(chat.database()).find(console_member("zoe"));
    REQUIRE(zoe);
    CHECK(zoe->skills.empty());
    CHECK_FALSE(zoe->level);
    // A word where no value is expected gets no such hint.
    CHECK_FALSE(has(chat.run("zoe", "/flash list everything").response.text, "quotes"));
}

TEST_CASE("recommend says plainly which answers it assumed", "[qa][coach]") {
    TestChat chat;
    const std::string both = chat.run("ana", "/coach recommend goal:digital").response.text;
    CHECK(has(both, "(Assumed horizon:short and experience:"));
    CHECK(has(both, "; say so to change them.)"));
    const std::string one = chat.run("ana", "/coach recommend goal:digital experience:experienced").response.text;
    CHECK(has(one, "(Assumed horizon:short; say so to change it.)"));
    CHECK_FALSE(
        has(chat.run("ana", "/coach recommend goal:digital horizon:long experience:new").response.text, "Assumed"));
}

TEST_CASE("an unquoted value with spaces is not reported as an option given twice", "[qa][flash][errors]") {
    TestChat chat;
    const std::string topic = chat.run("ana", "/flash request topic:system design").response.text;
    CHECK(has(topic, "unexpected text `design`: values with spaces go in quotes"));
    CHECK_FALSE(has(topic, "given twice"));
    CHECK(has(topic, "Usage: /flash request topic:<text>"));
    const std::string topics = chat.run("zoe", "/mentor offer topics:go capacity:3 rust").response.text;
    CHECK(has(topics, "unexpected text `rust`: values with spaces go in quotes"));
    CHECK_FALSE(OfferStore(chat.database()).find(console_member("zoe")));
    // Really giving it twice is still called that.
    CHECK(has(chat.run("ana", "/flash request topic:go topic:rust").response.text, "option `topic` is given twice"));
}

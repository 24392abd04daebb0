// /coach recommend: the comparison table turned into advice with reasons.
#include <catch2/catch.hpp>

#include "tests/support/callers.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using namespace mentorbot::testing;

TEST_CASE("a new hire with a long-term career goal gets long-term mentorship and a cohort pod", "[coach]") {
    TestChat chat;
    std::string reply = chat.run("ana", "/coach recommend goal:career horizon:long experience:new").response.text;
    CHECK_THAT(reply, Catch::StartsWith("Try long-term mentorship."));
    CHECK_THAT(reply, Catch::Contains("mentorship is best for new hires"));
    CHECK_THAT(reply, Catch::Contains("kind:long-term"));
    CHECK_THAT(reply, Catch::Contains("Alongside it: cohort pod."));
}

TEST_CASE("an experienced engineer stuck on a problem gets flash mentoring or peer advising", "[coach]") {
    TestChat chat;
    std::string reply =
        chat.run("kai", "/coach recommend goal:problem horizon:short experience:experienced").response.text;
    CHECK_THAT(reply, Catch::StartsWith("Try flash mentoring."));
    CHECK_THAT(reply, Catch::Contains("experiential peer advising"));
}

TEST_CASE("a senior leader who wants digital skills gets reverse mentoring", "[coach]") {
    TestChat chat;
    // Farid is level 6 in the demo organisation.
    std::string reply = chat.run("farid", "/coach recommend goal:digital").response.text;
    CHECK_THAT(reply, Catch::StartsWith("Try reverse mentoring."));
    CHECK_THAT(reply, Catch::Contains("senior leader"));
}

TEST_CASE("career transition points to mentorship and a cross-functional circle", "[coach]") {
    TestChat chat;
    std::string reply = chat.run("hugo", "/coach recommend goal:career experience:transitioning").response.text;
    CHECK_THAT(reply, Catch::StartsWith("Try long-term mentorship."));
    CHECK_THAT(reply, Catch::Contains("cross-functional peer circle"));
}

TEST_CASE("unstated horizon and experience are taken from the goal and the profile, and said", "[coach]") {
    TestChat chat;
    // Gia started in October 2026: new. Onboarding is a long-horizon goal.
    std::string reply = chat.run("gia", "/coach recommend onboarding").response.text;
    CHECK_THAT(reply, Catch::StartsWith("Try long-term mentorship."));
    CHECK_THAT(reply, Catch::Contains("Assumed horizon:long and experience:new"));
}

TEST_CASE("recommend refuses unknown goals with the choices", "[coach]") {
    TestChat chat;
    CHECK_THAT(chat.run("ana", "/coach recommend goal:fame").response.text,
               Catch::Contains("goal must be one of career, skill, problem, leadership, onboarding, digital"));
    // Bare, it opens its form; sent without a goal, the typed command's words come back on that field.
    const Reply form = chat.run("ana", "/coach recommend");
    REQUIRE(form.form);
    REQUIRE(form.form->open);
    CHECK(form.form->open->fields.size() == 3);
    CommandRequest no_goal{console_caller("ana", "console:local:#general"),
                           {},
                           FormSubmission{"coach", "recommend", {{"horizon", "long"}}}};
    const Reply refused = chat.app().run(std::move(no_goal));
    CHECK_THAT(refused.response.text, Catch::Contains("missing required option `goal`"));
    REQUIRE(refused.form);
    CHECK(refused.form->refused_field == "goal");
}

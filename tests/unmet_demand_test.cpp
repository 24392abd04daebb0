// /coach stats says why each topic's demand is unmet, from the rule that keeps its waiting requests from every mentor.
#include <catch2/catch.hpp>

#include <chrono>

#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

TEST_CASE("unmet demand is explained per topic by the reason that holds now", "[stats][flash]") {
    TestChat chat(false);
    chat.jump(5h);  // Thursday 14:00 UTC
    // Each topic has one mentor (all in London, at work now unless said otherwise).
    chat.run("zoe", "/profile set level:6 tz:Europe/London");
    chat.run("zoe", "/mentor offer topics:go capacity:3");
    chat.run("mia", "/profile set level:5 tz:Europe/London");
    chat.run("mia", "/mentor offer topics:rust capacity:1");
    chat.run("pat", "/profile set level:5 tz:Europe/London");
    chat.run("pat", "/mentor offer topics:sql capacity:3");
    chat.run("pat", "/mentor pause");
    chat.run("dee", "/profile set level:5 tz:Europe/London");
    chat.run("dee", "/mentor offer topics:figma capacity:3");
    chat.run("kei", "/profile set level:5 tz:Asia/Tokyo");  // 23:00 in Tokyo
    chat.run("kei", "/mentor offer topics:elixir capacity:3");
    for (const char* requester : {"yan", "ra", "rob", "sam", "fay", "eli", "cob"}) {
        chat.run(requester, "/profile set level:1 tz:Europe/London");
    }

    chat.run("yan", "/flash request go kind:near-peer");  // zoe is five levels up, not one or two
    chat.run("ra", "/flash request rust");
    chat.run("mia", "/flash accept 2");
    chat.run("rob", "/flash request rust");  // mia's one session this week is taken
    chat.run("sam", "/flash request sql");   // pat is paused
    chat.run("fay", "/flash request figma");
    chat.run("dee", "/flash decline 5");
    chat.run("eli", "/flash request elixir");  // kei starts work tomorrow morning
    chat.run("cob", "/flash request cobol");

    const std::string figures = chat.run("olivia", "/coach stats").response.text;
    INFO(figures);
    CHECK(has(figures, "cobol 1 (no mentor offers it)"));
    CHECK(has(figures, "go 1 (no mentor fits the level rule)"));
    CHECK(has(figures, "rust 1 (fitting mentors full this week)"));
    CHECK(has(figures, "sql 1 (fitting mentors paused)"));
    CHECK(has(figures, "figma 1 (declined or unanswered by every fitting mentor)"));
    CHECK(has(figures, "elixir 1 (held for working hours)"));

    // The reasons follow the state: once pat resumes, sql is offered and no longer unmet.
    chat.run("pat", "/mentor resume");
    CHECK_FALSE(has(chat.run("olivia", "/coach stats").response.text, "sql 1 ("));
}

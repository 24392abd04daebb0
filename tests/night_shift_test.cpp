// Night shifts: a mentor whose working hours run past midnight is asked at night and left alone by day.
#include <catch2/catch.hpp>

#include <chrono>

#include "domain/hours_range.h"
#include "tests/support/offer_messages.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

TEST_CASE("a shift that ends before it starts runs past midnight", "[hours]") {
    auto night = parse_shift("22-06");
    REQUIRE(night);
    CHECK(night->start == 22 * 60);
    CHECK(night->end == 6 * 60);
    auto to_midnight = parse_shift("18:30-24");
    REQUIRE(to_midnight);
    CHECK(to_midnight->end == 24 * 60);
    CHECK(parse_shift("09-17")->end == 17 * 60);
    CHECK_FALSE(parse_shift("09-09"));
    CHECK_FALSE(parse_shift("24-06"));
    CHECK_FALSE(parse_shift("22-6x"));
    // The configured default stays a day shift.
    CHECK_FALSE(parse_hours_range("22-06"));
}

TEST_CASE("a night-shift mentor is asked during the night and not during the day", "[flash][time][hours]") {
    TestChat chat(false);
    chat.run("nia", "/profile set level:senior tz:Europe/London skills:go");
    const std::string offered = chat.run("nia", "/mentor offer topics:go hours:22-06 capacity:3").response.text;
    CHECK(has(offered, "22:00–06:00 in your time zone (a night shift, past midnight)"));
    chat.run("raj", "/profile set level:junior tz:America/New_York goals:go");

    chat.jump(9h);  // Thursday 18:00 UTC: 13:00 in New York, 18:00 in London
    const Reply asked = chat.run("raj", "/flash request go");
    CHECK(has(asked.response.text, "starts work in 4 h"));
    chat.advance(3h + 59min);
    CHECK_FALSE(has_offer_of(chat.messages_for("nia"), 1));
    chat.advance(1min);  // 22:00 in London: her shift begins
    CHECK(has_offer_of(chat.messages_for("nia"), 1));
    CHECK(has(chat.run("nia", "/flash accept 1").response.text, "You accepted request #1"));

    // A request at 03:00 London (Friday, still her Thursday shift) reaches her at once.
    chat.run("ola", "/profile set level:junior tz:America/Los_Angeles goals:go");
    chat.advance(5h);  // Friday 03:00 UTC: 19:00 in Los Angeles
    chat.run("ola", "/flash request go");
    CHECK(has_offer_of(chat.messages_for("nia"), 2));
}

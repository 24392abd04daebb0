// Pod meeting times: weekly, biweekly and monthly rhythms in the pod's zone, across daylight-saving changes.
#include <catch2/catch.hpp>

#include <date/date.h>

#include "domain/pod_schedule.h"
#include "domain/time_zones.h"

using namespace mentorbot;

namespace {

Seconds utc(int year, unsigned month, unsigned day, int hour, int minute = 0) {
    return Seconds{date::sys_days{date::year{year} / month / day}} + std::chrono::hours{hour} +
           std::chrono::minutes{minute};
}

}  // namespace

TEST_CASE("weekly meetings fall on the weekday at the local time", "[pod_schedule]") {
    MeetingRhythm rhythm{Cadence::weekly, 3, 18 * 60 + 30, "Europe/Berlin", utc(2026, 11, 26, 9)};  // Thursdays 18:30
    REQUIRE(next_meeting(rhythm, utc(2026, 11, 26, 9)) == utc(2026, 11, 26, 17, 30));
    // Strictly after: at the meeting itself, the next one is a week later.
    REQUIRE(next_meeting(rhythm, utc(2026, 11, 26, 17, 30)) == utc(2026, 12, 3, 17, 30));
    REQUIRE(describe_rhythm(rhythm) == "every Thursday at 18:30 (Europe/Berlin)");
}

TEST_CASE("meetings keep their local time across daylight-saving changes", "[pod_schedule]") {
    MeetingRhythm rhythm{Cadence::weekly, 6, 10 * 60, "Europe/Berlin", utc(2026, 3, 1, 0)};  // Sundays 10:00
    REQUIRE(next_meeting(rhythm, utc(2026, 3, 22, 12)) == utc(2026, 3, 29, 8));              // summer time: UTC+2
    REQUIRE(next_meeting(rhythm, utc(2026, 3, 15, 12)) == utc(2026, 3, 22, 9));              // winter time: UTC+1
    // 02:30 does not exist on the night the clocks jump: the meeting moves to just after.
    MeetingRhythm night{Cadence::weekly, 6, 2 * 60 + 30, "Europe/Berlin", utc(2026, 3, 1, 0)};
    REQUIRE(next_meeting(night, utc(2026, 3, 28, 12)) == utc(2026, 3, 29, 1));
}

TEST_CASE("biweekly meetings skip every other week from the pod's first week", "[pod_schedule]") {
    MeetingRhythm rhythm{Cadence::biweekly, 0, 12 * 60, "UTC",
                         utc(2026, 11, 26, 9)};  // created in the week of Mon 23 Nov
    REQUIRE(next_meeting(rhythm, utc(2026, 11, 26, 9)) == utc(2026, 12, 7, 12));
    REQUIRE(next_meeting(rhythm, utc(2026, 12, 7, 12)) == utc(2026, 12, 21, 12));
    REQUIRE(describe_rhythm(rhythm) == "every second Monday at 12:00 (UTC)");
}

TEST_CASE("monthly meetings are on the first such weekday of the month", "[pod_schedule]") {
    MeetingRhythm rhythm{Cadence::monthly, 1, 9 * 60, "America/New_York", utc(2026, 11, 26, 9)};  // first Tuesdays
    REQUIRE(next_meeting(rhythm, utc(2026, 11, 26, 9)) == utc(2026, 12, 1, 14));
    REQUIRE(next_meeting(rhythm, utc(2026, 12, 1, 14)) == utc(2027, 1, 5, 14));
    REQUIRE(describe_rhythm(rhythm) == "the first Tuesday of each month at 09:00 (America/New_York)");
}

TEST_CASE("cadence, weekday and time words are read leniently and checked strictly", "[pod_schedule]") {
    REQUIRE(parse_cadence("Biweekly") == Cadence::biweekly);
    REQUIRE(parse_cadence("fortnightly") == Cadence::biweekly);
    REQUIRE_FALSE(parse_cadence("daily"));
    REQUIRE(parse_weekday("Wednesday") == 2);
    REQUIRE(parse_weekday("sun") == 6);
    REQUIRE_FALSE(parse_weekday("someday"));
    REQUIRE(parse_time_of_day("09:05") == 9 * 60 + 5);
    REQUIRE_FALSE(parse_time_of_day("24:00"));
    REQUIRE_FALSE(parse_time_of_day("9:05"));
}

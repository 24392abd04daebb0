// Working hours across time zones: overlap, "at work now?", the suggested slot and the calendar link.
#include <catch2/catch.hpp>

#include <date/date.h>

#include "domain/calendar_links.h"
#include "domain/working_hours.h"

using namespace mentorbot;
using namespace std::chrono_literals;

namespace {
Instant utc(int year, unsigned month, unsigned day, int hour, int minute = 0) {
    return date::sys_days{date::year{year} / month / day} + std::chrono::hours(hour) + std::chrono::minutes(minute);
}
}  // namespace

TEST_CASE("working hours know their length and how they read", "[working_hours]") {
    CHECK(WorkingHours{9 * 60, 17 * 60}.length_minutes() == 8 * 60);
    CHECK(WorkingHours{22 * 60, 6 * 60}.length_minutes() == 8 * 60);
    CHECK(WorkingHours{8 * 60 + 30, 16 * 60}.to_string() == "08:30-16:00");
}

TEST_CASE("time zones come from the system database", "[working_hours]") {
    CHECK(is_known_time_zone("Europe/Berlin"));
    CHECK(is_known_time_zone("Asia/Tokyo"));
    CHECK_FALSE(is_known_time_zone("Mars/Olympus"));
    CHECK_FALSE(is_known_time_zone(""));
    CHECK(utc_offset_minutes("Europe/Berlin", utc(2026, 1, 15, 12)) == 60);
    CHECK(utc_offset_minutes("Europe/Berlin", utc(2026, 7, 15, 12)) == 120);
}

TEST_CASE("daily overlap compares shifts on a 24-hour circle", "[working_hours]") {
    const WorkingHours office{9 * 60, 17 * 60};
    // Berlin (+1) and Lisbon (+0): seven shared hours.
    CHECK(daily_overlap_minutes(office, 60, office, 0) == 7 * 60);
    // Same zone: the whole day.
    CHECK(daily_overlap_minutes(office, 60, office, 60) == 8 * 60);
    // Los Angeles (-8) afternoon meets Tokyo (+9) next morning: 16:00-17:00 LA = 09:00-10:00 Tokyo.
    CHECK(daily_overlap_minutes(office, -8 * 60, office, 9 * 60) == 60);
    // Berlin and Sydney (+11 in January): Berlin 09-10 is Sydney 19-20, after work: none.
    CHECK(daily_overlap_minutes(office, 60, office, 11 * 60) == 0);
}

TEST_CASE("overlap on a given day follows both zones and weekends", "[working_hours]") {
    const WorkingSchedule berlin{"Europe/Berlin", {9 * 60, 17 * 60}};
    const WorkingSchedule new_york{"America/New_York", {9 * 60, 17 * 60}};
    // Thursday 26 Nov 2026: Berlin +1, New York -5: 15:00-17:00 Berlin = 09:00-11:00 New York.
    CHECK(overlap_minutes_on(berlin, new_york, utc(2026, 11, 26, 12)) == 120);
    // Saturday in Berlin: nobody works.
    CHECK(overlap_minutes_on(berlin, new_york, utc(2026, 11, 28, 12)) == 0);
}

TEST_CASE("inside working hours is judged in the person's own zone", "[working_hours]") {
    const WorkingSchedule tokyo{"Asia/Tokyo", {9 * 60, 17 * 60}};
    CHECK(is_inside_working_hours(tokyo, utc(2026, 11, 26, 1)));        // 10:00 Thursday in Tokyo
    CHECK_FALSE(is_inside_working_hours(tokyo, utc(2026, 11, 26, 9)));  // 18:00 in Tokyo
    CHECK_FALSE(is_inside_working_hours(tokyo, utc(2026, 11, 28, 1)));  // Saturday
    const WorkingSchedule night{"Europe/London", {22 * 60, 6 * 60}};
    CHECK(is_inside_working_hours(night, utc(2026, 11, 27, 3)));  // Friday 03:00, Thursday's shift
    CHECK_FALSE(is_inside_working_hours(night, utc(2026, 11, 27, 12)));
}

TEST_CASE("the suggested slot is the next start inside both people's hours", "[working_hours]") {
    const WorkingSchedule berlin{"Europe/Berlin", {9 * 60, 17 * 60}};
    const WorkingSchedule new_york{"America/New_York", {9 * 60, 17 * 60}};
    SECTION("later today when both are still at work") {
        // Thursday 13:07 UTC = 14:07 Berlin, 08:07 New York: New York starts at 14:00 UTC.
        const auto slot = suggest_slot(berlin, new_york, utc(2026, 11, 26, 13, 7), 30min, 30min);
        REQUIRE(slot);
        CHECK(*slot == utc(2026, 11, 26, 14));
        CHECK(format_in_zone(*slot, "Europe/Berlin") == "Thu 26 Nov 15:00 (Europe/Berlin)");
        CHECK(format_in_zone(*slot, "America/New_York") == "Thu 26 Nov 09:00 (America/New_York)");
    }
    SECTION("lead time pushes to a quarter hour") {
        const auto slot = suggest_slot(berlin, new_york, utc(2026, 11, 26, 14, 7), 60min, 30min);
        REQUIRE(slot);
        CHECK(*slot == utc(2026, 11, 26, 15, 15));
    }
    SECTION("too late today moves to the next working day, skipping the weekend") {
        // Friday 15:45 UTC = 16:45 Berlin; a 30-minute session no longer fits before 17:00.
        const auto slot = suggest_slot(berlin, new_york, utc(2026, 11, 27, 15, 45), 0min, 30min);
        REQUIRE(slot);
        CHECK(*slot == utc(2026, 11, 30, 14));  // Monday 15:00 Berlin, 09:00 New York
    }
    SECTION("a time either already has a session is skipped") {
        // 14:00-14:30 UTC is taken and 14:30-15:00 too: the next free quarter hour is 15:00.
        const std::vector<BusyTime> busy = {{utc(2026, 11, 26, 14), utc(2026, 11, 26, 14, 30)},
                                            {utc(2026, 11, 26, 14, 30), utc(2026, 11, 26, 15)}};
        const auto slot = suggest_slot(berlin, new_york, utc(2026, 11, 26, 13, 7), 30min, 30min, busy);
        REQUIRE(slot);
        CHECK(*slot == utc(2026, 11, 26, 15));
    }
    SECTION("no shared hours, no slot") {
        const WorkingSchedule sydney{"Australia/Sydney", {9 * 60, 17 * 60}};
        CHECK_FALSE(suggest_slot(berlin, sydney, utc(2026, 11, 26, 8), 0min, 30min));
    }
}

TEST_CASE("local date-times are read in the person's zone", "[working_hours]") {
    CHECK(parse_local_datetime("2026-11-26 10:30", "Europe/Berlin") == utc(2026, 11, 26, 9, 30));
    CHECK_FALSE(parse_local_datetime("2026-02-30 10:30", "Europe/Berlin"));
    CHECK_FALSE(parse_local_datetime("2026-11-26 25:00", "Europe/Berlin"));
    CHECK_FALSE(parse_local_datetime("tomorrow", "Europe/Berlin"));
    CHECK_FALSE(parse_local_datetime("2026-11-26 10:30", "Nowhere/Place"));
}

TEST_CASE("the calendar link carries the slot in UTC and encodes the text", "[working_hours]") {
    const auto link = calendar_link("Flash mentoring: kubernetes & helm", "ana + carla", utc(2026, 11, 26, 14), 30min);
    CHECK(link.find("action=TEMPLATE") != std::string::npos);
    CHECK(link.find("dates=20261126T140000Z/20261126T143000Z") != std::string::npos);
    CHECK(link.find("text=Flash%20mentoring%3A%20kubernetes%20%26%20helm") != std::string::npos);
    CHECK(link.find("details=ana%20%2B%20carla") != std::string::npos);
}

TEST_CASE("the next working moment skips the evening and the weekend in the person's zone", "[working_hours]") {
    const WorkingSchedule berlin{"Europe/Berlin", {9 * 60, 17 * 60}};
    // Friday 22:18 in Berlin: the next moment at work is Monday 09:00 there (08:00 UTC in winter).
    CHECK(next_working_moment(berlin, utc(2026, 12, 4, 21, 18)) == utc(2026, 12, 7, 8));
    // At work already: now.
    CHECK(next_working_moment(berlin, utc(2026, 12, 3, 10, 5)) == utc(2026, 12, 3, 10, 5));
    // Before work on a weekday: this morning.
    CHECK(next_working_moment(berlin, utc(2026, 12, 3, 5)) == utc(2026, 12, 3, 8));
}

TEST_CASE("an answer window counts working minutes only", "[working_hours]") {
    const WorkingSchedule berlin{"Europe/Berlin", {9 * 60, 17 * 60}};
    // Thursday 16:50 in Berlin plus 30 working minutes: Friday 09:20 there.
    CHECK(after_working_minutes(berlin, utc(2026, 12, 3, 15, 50), 30min) == utc(2026, 12, 4, 8, 20));
    // Friday 16:50: the rest waits for Monday.
    CHECK(after_working_minutes(berlin, utc(2026, 12, 4, 15, 50), 30min) == utc(2026, 12, 7, 8, 20));
    // Inside the day: plain minutes.
    CHECK(after_working_minutes(berlin, utc(2026, 12, 3, 10), 30min) == utc(2026, 12, 3, 10, 30));
    // A night shift across midnight counts its minutes on both sides of it.
    const WorkingSchedule night{"UTC", {22 * 60, 6 * 60}};
    CHECK(after_working_minutes(night, utc(2026, 12, 1, 23, 50), 30min) == utc(2026, 12, 2, 0, 20));
}

TEST_CASE("a wait counts only the person's working time", "[working_hours]") {
    const WorkingSchedule berlin{"Europe/Berlin", {9 * 60, 17 * 60}};
    // Thursday 2026-11-26, Berlin is UTC+1: asked at 18:00, accepted at 09:30 on Friday.
    CHECK(working_time_between(berlin, utc(2026, 11, 26, 17), utc(2026, 11, 27, 8, 30)) == 30min);
    // Inside one working day it is plain time.
    CHECK(working_time_between(berlin, utc(2026, 11, 26, 9), utc(2026, 11, 26, 9, 45)) == 45min);
    // Friday 16:00 to Monday 10:00: an hour on Friday, an hour on Monday, nothing at the weekend.
    CHECK(working_time_between(berlin, utc(2026, 11, 27, 15), utc(2026, 11, 30, 9)) == 2h);
    // A whole working week is five shifts.
    CHECK(working_time_between(berlin, utc(2026, 11, 30, 0), utc(2026, 12, 7, 0)) == 40h);
    // Backwards or empty: nothing.
    CHECK(working_time_between(berlin, utc(2026, 11, 26, 12), utc(2026, 11, 26, 11)) == 0s);
    // A night shift across midnight in New York (UTC-5), 22:00-06:00 local: from midnight to
    // 07:00 on Thursday is the last six hours of Wednesday's shift.
    const WorkingSchedule night{"America/New_York", {22 * 60, 6 * 60}};
    CHECK(working_time_between(night, utc(2026, 11, 26, 5), utc(2026, 11, 26, 12)) == 6h);
}

TEST_CASE("a week starts on Monday midnight in the person's own zone", "[working_hours]") {
    // Monday 00:30 in Berlin is still Sunday in UTC: Berlin's week has begun, UTC's has not.
    CHECK(local_week_start("Europe/Berlin", utc(2026, 12, 6, 23, 30)) == utc(2026, 12, 6, 23));
    CHECK(local_week_start("UTC", utc(2026, 12, 6, 23, 30)) == utc(2026, 11, 30, 0));
    // Sunday evening in Los Angeles is Monday in UTC: the LA week is the one before.
    CHECK(local_week_start("America/Los_Angeles", utc(2026, 12, 7, 5)) == utc(2026, 11, 30, 8));
}

// Meeting times as people type them: dates, today, tomorrow and weekday names, read in the person's own zone.
#include <catch2/catch.hpp>

#include <date/date.h>

#include "domain/local_moment.h"
#include "domain/time_zones.h"

using namespace mentorbot;

namespace {

// Thursday 26 Nov 2026 23:30 UTC: already Friday in Berlin, still Thursday in New York.
const Instant thursday_late = Seconds{date::sys_days{date::year{2026} / 11 / 26}} + std::chrono::hours(23) +
                              std::chrono::minutes(30);

std::string in_zone(std::string_view text, std::string_view zone) {
    const auto moment = parse_local_moment(text, zone, thursday_late);
    return moment ? format_in_zone(*moment, zone) : "none";
}

}  // namespace

TEST_CASE("day words are read against the person's own today", "[time][calendar]") {
    CHECK(in_zone("2026-12-01 15:00", "Europe/Berlin") == "Tue  1 Dec 15:00 (Europe/Berlin)");
    CHECK(in_zone("tomorrow 15:00", "Europe/Berlin") == "Sat 28 Nov 15:00 (Europe/Berlin)");
    CHECK(in_zone("tomorrow 15:00", "America/New_York") == "Fri 27 Nov 15:00 (America/New_York)");
    CHECK(in_zone("today 9:30", "America/New_York") == "Thu 26 Nov 09:30 (America/New_York)");
    CHECK(in_zone("Monday 10:00", "Europe/Berlin") == "Mon 30 Nov 10:00 (Europe/Berlin)");
    // The same weekday as today means next week's.
    CHECK(in_zone("fri 10:00", "Europe/Berlin") == "Fri  4 Dec 10:00 (Europe/Berlin)");
    CHECK(in_zone("thu 10:00", "America/New_York") == "Thu  3 Dec 10:00 (America/New_York)");
}

TEST_CASE("a day word without a valid time or zone names no moment", "[time][calendar]") {
    CHECK(in_zone("tomorrow", "Europe/Berlin") == "none");
    CHECK(in_zone("tomorrow 25:00", "Europe/Berlin") == "none");
    CHECK(in_zone("someday 10:00", "Europe/Berlin") == "none");
    CHECK(in_zone("tomorrow 10:00pm", "Europe/Berlin") == "none");
    CHECK_FALSE(parse_local_moment("tomorrow 10:00", "Mars/Olympus", thursday_late));
}

// Working hours across time zones: shared minutes, "is she working now?", and the suggested slot.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/time_zones.h"  // is_known_time_zone, format_in_zone

namespace mentorbot {

using Instant = std::chrono::sys_seconds;

// A person's daily working hours in their own zone, Monday to Friday. Minutes since
// local midnight; an end at or before the start means the shift runs past midnight.
struct WorkingHours {
    int start_minute = 9 * 60;
    int end_minute = 17 * 60;

    int length_minutes() const;
    // "09:00-17:00"
    std::string to_string() const;
};

// Where and when someone works.
struct WorkingSchedule {
    std::string time_zone;  // IANA name, e.g. "Europe/Berlin"
    WorkingHours hours;
};

// UTC offset of `time_zone` at `at`, in minutes (Berlin in winter: +60).
int utc_offset_minutes(std::string_view time_zone, Instant at);

// Minutes per day both people are at work, given each one's UTC offset; the shifts are
// compared on a 24-hour circle so Los Angeles afternoons meet Tokyo mornings.
int daily_overlap_minutes(const WorkingHours& a, int a_offset_minutes, const WorkingHours& b, int b_offset_minutes);

// Minutes of `a`'s working day on the local date that contains `day` (in a's zone) during
// which `b` is also at work. Zero on a's weekend.
int overlap_minutes_on(const WorkingSchedule& a, const WorkingSchedule& b, Instant day);

// True when `at` falls inside the person's working hours on one of their working days.
bool is_inside_working_hours(const WorkingSchedule& person, Instant at);

// The first moment at or after `from` inside the person's working hours (`from` itself when
// they work then); searched over the next two weeks, nullopt for a schedule with no shifts.
std::optional<Instant> next_working_moment(const WorkingSchedule& person, Instant from);

// The instant at which `minutes` of the person's working time have passed since `from`:
// an offer made at 16:50 with 30 working minutes to answer expires at 09:20 the next
// working day. Falls back to plain minutes when the schedule has no shifts.
Instant after_working_minutes(const WorkingSchedule& person, Instant from, std::chrono::minutes minutes);

// How much of the person's working time lies between `from` and `to`: a request made at
// 18:00 and accepted at 09:30 the next working day waited 30 working minutes.
std::chrono::seconds working_time_between(const WorkingSchedule& person, Instant from, Instant to);

// Monday 00:00 in the person's own zone of the week that contains `at`.
Instant local_week_start(std::string_view time_zone, Instant at);
// Midnight at the start of the local day that contains `at`.
Instant local_day_start(std::string_view time_zone, Instant at);
// The date ("2026-12-14") of the local day that contains `at`.
std::string local_date(std::string_view time_zone, Instant at);
// When the local day `day` ("2026-12-14") begins in the zone; nothing for a malformed date or an
// unknown zone. A mentor paused until a day is back when that day begins where they live.
std::optional<Instant> local_date_start(std::string_view day, std::string_view time_zone);

// A time someone is already taken, e.g. by another session: [start, end).
using BusyTime = std::pair<Instant, Instant>;

// The earliest start at least `lead` after `now`, on a quarter hour, at which both are at
// work for the whole `minutes` and neither is `busy`; searched over the next two weeks.
std::optional<Instant> suggest_slot(const WorkingSchedule& a, const WorkingSchedule& b, Instant now,
                                    std::chrono::minutes lead, std::chrono::minutes minutes,
                                    const std::vector<BusyTime>& busy = {});

// "YYYY-MM-DD HH:MM" in `time_zone` to an instant; nullopt if malformed or the zone is unknown.
std::optional<Instant> parse_local_datetime(std::string_view text, std::string_view time_zone);

}  // namespace mentorbot

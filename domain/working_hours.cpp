// Working hours across time zones, on the system's time zone database.
#include "domain/working_hours.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

namespace mentorbot {
namespace {

constexpr int minutes_per_day = 24 * 60;

struct Interval {
    Instant start;
    Instant end;
};

const date::time_zone* zone_named(std::string_view name) { return date::locate_zone(name); }

bool is_working_day(date::local_days day) {
    const date::weekday weekday{day};
    return weekday != date::Saturday && weekday != date::Sunday;
}

Instant to_instant(const date::time_zone* zone, date::local_seconds local) {
    // In a spring-forward gap or an autumn repeat, take the earlier reading: a shift that
    // starts at a time that does not exist starts when the clock jumps.
    return std::chrono::time_point_cast<std::chrono::seconds>(zone->to_sys(local, date::choose::earliest));
}

// The shift that starts on local date `day`, or nothing on a weekend.
std::optional<Interval> shift_on(const date::time_zone* zone, const WorkingHours& hours, date::local_days day) {
    if (!is_working_day(day)) return std::nullopt;
    const date::local_seconds start = day + std::chrono::minutes(hours.start_minute);
    const date::local_seconds end = start + std::chrono::minutes(hours.length_minutes());
    return Interval{to_instant(zone, start), to_instant(zone, end)};
}

date::local_days local_day_of(const date::time_zone* zone, Instant at) {
    return date::floor<date::days>(zone->to_local(at));
}

std::vector<Interval> shifts_between(const date::time_zone* zone, const WorkingHours& hours, Instant from, int days) {
    std::vector<Interval> shifts;
    const date::local_days first = local_day_of(zone, from) - date::days(1);
    for (int offset = 0; offset <= days + 1; ++offset) {
        if (auto shift = shift_on(zone, hours, first + date::days(offset))) shifts.push_back(*shift);
    }
    return shifts;
}

int overlap_seconds(const Interval& a, const Interval& b) {
    const Instant start = std::max(a.start, b.start);
    const Instant end = std::min(a.end, b.end);
    return end > start ? static_cast<int>((end - start).count()) : 0;
}

std::string two_digits(int value) {
    char buffer[4];
    std::snprintf(buffer, sizeof buffer, "%02d", value % 100);
    return buffer;
}

}  // namespace

int WorkingHours::length_minutes() const {
    const int length = end_minute - start_minute;
    return length > 0 ? length : length + minutes_per_day;
}

std::string WorkingHours::to_string() const {
    return two_digits(start_minute / 60) + ":" + two_digits(start_minute % 60) + "-" +
           two_digits((end_minute / 60) % 24) + ":" + two_digits(end_minute % 60);
}

int utc_offset_minutes(std::string_view time_zone, Instant at) {
    return static_cast<int>(
        std::chrono::duration_cast<std::chrono::minutes>(zone_named(time_zone)->get_info(at).offset).count());
}

int daily_overlap_minutes(const WorkingHours& a, int a_offset_minutes, const WorkingHours& b, int b_offset_minutes) {
    auto utc_start = [](const WorkingHours& hours, int offset) {
        return ((hours.start_minute - offset) % minutes_per_day + minutes_per_day) % minutes_per_day;
    };
    const int a_start = utc_start(a, a_offset_minutes);
    const int a_end = a_start + a.length_minutes();
    const int b_start = utc_start(b, b_offset_minutes);
    int total = 0;
    for (int turn = -1; turn <= 1; ++turn) {
        const int start = std::max(a_start, b_start + turn * minutes_per_day);
        const int end = std::min(a_end, b_start + turn * minutes_per_day + b.length_minutes());
        if (end > start) total += end - start;
    }
    return std::min(total, std::min(a.length_minutes(), b.length_minutes()));
}

int overlap_minutes_on(const WorkingSchedule& a, const WorkingSchedule& b, Instant day) {
    const auto* a_zone = zone_named(a.time_zone);
    const auto* b_zone = zone_named(b.time_zone);
    const auto a_shift = shift_on(a_zone, a.hours, local_day_of(a_zone, day));
    if (!a_shift) return 0;
    int seconds = 0;
    for (const auto& b_shift : shifts_between(b_zone, b.hours, a_shift->start - std::chrono::hours(24), 2)) {
        seconds += overlap_seconds(*a_shift, b_shift);
    }
    return seconds / 60;
}

bool is_inside_working_hours(const WorkingSchedule& person, Instant at) {
    const auto* zone = zone_named(person.time_zone);
    const date::local_days today = local_day_of(zone, at);
    // Yesterday's shift may run past midnight into today.
    for (const date::local_days day : {today - date::days(1), today}) {
        if (auto shift = shift_on(zone, person.hours, day); shift && shift->start <= at && at < shift->end) {
            return true;
        }
    }
    return false;
}

std::optional<Instant> next_working_moment(const WorkingSchedule& person, Instant from) {
    constexpr int search_days = 14;
    for (const Interval& shift : shifts_between(zone_named(person.time_zone), person.hours, from, search_days)) {
        if (shift.end <= from) continue;
        return std::max(shift.start, from);
    }
    return std::nullopt;
}

Instant after_working_minutes(const WorkingSchedule& person, Instant from, std::chrono::minutes minutes) {
    constexpr int search_days = 14;
    std::chrono::seconds left = minutes;
    for (const Interval& shift : shifts_between(zone_named(person.time_zone), person.hours, from, search_days)) {
        if (shift.end <= from) continue;
        const Instant start = std::max(shift.start, from);
        if (start + left <= shift.end) return start + left;
        left -= shift.end - start;
    }
    return from + minutes;
}

std::chrono::seconds working_time_between(const WorkingSchedule& person, Instant from, Instant to) {
    if (to <= from) return std::chrono::seconds(0);
    const int days = static_cast<int>(std::chrono::duration_cast<std::chrono::days>(to - from).count()) + 1;
    std::chrono::seconds worked(0);
    for (const Interval& shift : shifts_between(zone_named(person.time_zone), person.hours, from, days)) {
        const Instant start = std::max(shift.start, from);
        const Instant end = std::min(shift.end, to);
        if (end > start) worked += end - start;
    }
    return worked;
}

Instant local_week_start(std::string_view time_zone, Instant at) {
    const auto* zone = zone_named(time_zone);
    const date::local_days today = local_day_of(zone, at);
    const date::local_days monday = today - (date::weekday{today} - date::Monday);
    return to_instant(zone, date::local_seconds{monday});
}

Instant local_day_start(std::string_view time_zone, Instant at) {
    const auto* zone = zone_named(time_zone);
    return to_instant(zone, date::local_seconds{local_day_of(zone, at)});
}

std::string local_date(std::string_view time_zone, Instant at) {
    return date::format("%F", local_day_of(zone_named(time_zone), at));
}

std::optional<Instant> local_date_start(std::string_view day, std::string_view time_zone) {
    if (day.size() != 10) return std::nullopt;
    return parse_local_datetime(std::string(day) + " 00:00", time_zone);
}

std::optional<Instant> suggest_slot(const WorkingSchedule& a, const WorkingSchedule& b, Instant now,
                                    std::chrono::minutes lead, std::chrono::minutes minutes,
                                    const std::vector<BusyTime>& busy) {
    constexpr int search_days = 14;
    const auto a_shifts = shifts_between(zone_named(a.time_zone), a.hours, now, search_days);
    const auto b_shifts = shifts_between(zone_named(b.time_zone), b.hours, now, search_days);
    const Instant earliest = now + lead;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a_shifts.size() && j < b_shifts.size()) {
        const Instant start = std::max(a_shifts[i].start, b_shifts[j].start);
        const Instant end = std::min(a_shifts[i].end, b_shifts[j].end);
        if (end > start) {
            Instant candidate = std::max(start, earliest);
            // Round up to the next quarter hour: people meet at 10:15, not 10:07.
            const auto quarter = std::chrono::seconds(15 * 60);
            const auto since_epoch = candidate.time_since_epoch();
            const auto remainder = since_epoch % quarter;
            if (remainder.count() != 0) candidate += quarter - remainder;
            for (; candidate + minutes <= end; candidate += quarter) {
                const bool taken = std::any_of(busy.begin(), busy.end(), [&](const BusyTime& time) {
                    return candidate < time.second && time.first < candidate + minutes;
                });
                if (!taken) return candidate;
            }
        }
        if (a_shifts[i].end < b_shifts[j].end) {
            ++i;
        } else {
            ++j;
        }
    }
    return std::nullopt;
}

std::optional<Instant> parse_local_datetime(std::string_view text, std::string_view time_zone) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0;
    char tail = 0;
    const std::string copy(text);
    if (std::sscanf(copy.c_str(), "%4d-%2d-%2d %2d:%2d%c", &year, &month, &day, &hour, &minute, &tail) != 5) {
        return std::nullopt;
    }
    const date::year_month_day date{date::year{year}, date::month{static_cast<unsigned>(month)},
                                    date::day{static_cast<unsigned>(day)}};
    if (!date.ok() || hour < 0 || hour > 23 || minute < 0 || minute > 59) return std::nullopt;
    if (!is_known_time_zone(time_zone)) return std::nullopt;
    const date::local_seconds local = date::local_days{date} + std::chrono::hours(hour) + std::chrono::minutes(minute);
    return to_instant(zone_named(time_zone), local);
}

}  // namespace mentorbot

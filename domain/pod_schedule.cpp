// Pod meeting times on the tz database: each candidate local day is checked against the cadence.
#include "domain/pod_schedule.h"

#include <array>

#include <date/tz.h>

#include "util/text.h"

namespace mentorbot {

namespace {

constexpr std::array<std::string_view, 7> short_names = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<std::string_view, 7> long_names = {"monday", "tuesday",  "wednesday", "thursday",
                                                        "friday", "saturday", "sunday"};
constexpr std::array<std::string_view, 7> display_names = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                           "Friday", "Saturday", "Sunday"};

const date::time_zone* zone_or_utc(const std::string& name) {
    try {
        return date::locate_zone(name.empty() ? std::string_view("UTC") : std::string_view(name));
    } catch (const std::exception&) {
        return date::locate_zone("UTC");
    }
}

// 0 = Monday for a local day.
int monday_based(date::local_days day) { return static_cast<int>((date::weekday{day} - date::Monday).count()); }

date::local_days monday_of(date::local_days day) { return day - date::days{monday_based(day)}; }

bool meets_on(const MeetingRhythm& rhythm, date::local_days day, date::local_days anchor_day) {
    if (monday_based(day) != rhythm.weekday) return false;
    switch (rhythm.cadence) {
        case Cadence::weekly: return true;
        case Cadence::biweekly: {
            auto weeks = (monday_of(day) - monday_of(anchor_day)).count() / 7;
            return weeks % 2 == 0;
        }
        case Cadence::monthly: return static_cast<unsigned>(date::year_month_day{day}.day()) <= 7;
    }
    return false;
}

}  // namespace

std::optional<Cadence> parse_cadence(std::string_view text) {
    std::string folded = case_fold(trim(text));
    if (folded == "weekly") return Cadence::weekly;
    if (folded == "biweekly" || folded == "fortnightly") return Cadence::biweekly;
    if (folded == "monthly") return Cadence::monthly;
    return std::nullopt;
}

std::string_view cadence_name(Cadence cadence) {
    switch (cadence) {
        case Cadence::weekly: return "weekly";
        case Cadence::biweekly: return "biweekly";
        case Cadence::monthly: return "monthly";
    }
    return "weekly";
}

std::optional<int> parse_weekday(std::string_view text) {
    std::string folded = case_fold(trim(text));
    for (int day = 0; day < 7; ++day)
        if (folded == short_names[day] || folded == long_names[day]) return day;
    return std::nullopt;
}

std::string_view weekday_short_name(int weekday) { return short_names[static_cast<std::size_t>(weekday % 7)]; }

std::optional<int> parse_time_of_day(std::string_view text) {
    std::string trimmed = trim(text);
    if (trimmed.size() != 5 || trimmed[2] != ':') return std::nullopt;
    auto digit = [&](std::size_t i) { return trimmed[i] >= '0' && trimmed[i] <= '9'; };
    if (!digit(0) || !digit(1) || !digit(3) || !digit(4)) return std::nullopt;
    int hours = (trimmed[0] - '0') * 10 + (trimmed[1] - '0');
    int minutes = (trimmed[3] - '0') * 10 + (trimmed[4] - '0');
    if (hours > 23 || minutes > 59) return std::nullopt;
    return hours * 60 + minutes;
}

Seconds next_meeting(const MeetingRhythm& rhythm, Seconds after) {
    const date::time_zone* zone = zone_or_utc(rhythm.time_zone);
    date::local_days anchor_day = date::floor<date::days>(zone->to_local(rhythm.anchor));
    date::local_days day = date::floor<date::days>(zone->to_local(after));
    // A month and a bit always holds the next meeting of any cadence.
    for (int offset = 0; offset < 45; ++offset, day += date::days{1}) {
        if (!meets_on(rhythm, day, anchor_day)) continue;
        date::local_seconds local = day + std::chrono::minutes{rhythm.minutes_of_day};
        Seconds instant;
        auto info = zone->get_info(local);
        if (info.result == date::local_info::nonexistent)
            instant = date::floor<std::chrono::seconds>(info.first.end);  // the clocks jumped over it
        else instant = date::floor<std::chrono::seconds>(zone->to_sys(local, date::choose::earliest));
        if (instant > after) return instant;
    }
    return after + std::chrono::days{7};  // unreachable for a valid rhythm
}

std::string describe_rhythm(const MeetingRhythm& rhythm) {
    char time[16];
    std::snprintf(time, sizeof time, "%02d:%02d", rhythm.minutes_of_day / 60, rhythm.minutes_of_day % 60);
    std::string day(display_names[static_cast<std::size_t>(rhythm.weekday % 7)]);
    std::string when;
    switch (rhythm.cadence) {
        case Cadence::weekly: when = "every " + day; break;
        case Cadence::biweekly: when = "every second " + day; break;
        case Cadence::monthly: when = "the first " + day + " of each month"; break;
    }
    return when + " at " + time + " (" + std::string(zone_or_utc(rhythm.time_zone)->name()) + ")";
}

}  // namespace mentorbot

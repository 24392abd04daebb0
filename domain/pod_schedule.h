// When a pod meets: cadence (weekly, biweekly, monthly), weekday and local time in the pod's zone.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/clock.h"

namespace mentorbot {

enum class Cadence { weekly, biweekly, monthly };

std::optional<Cadence> parse_cadence(std::string_view text);
std::string_view cadence_name(Cadence cadence);

// "mon"…"sun" (also full names, any case) → 0 (Monday)…6 (Sunday).
std::optional<int> parse_weekday(std::string_view text);
std::string_view weekday_short_name(int weekday);  // 0 → "mon"

// "HH:MM" (00:00–23:59) → minutes after midnight.
std::optional<int> parse_time_of_day(std::string_view text);

struct MeetingRhythm {
    Cadence cadence = Cadence::weekly;
    int weekday = 2;               // 0 = Monday
    int minutes_of_day = 15 * 60;  // local time in `time_zone`
    std::string time_zone = "UTC";
    // Biweekly pods meet in the week of this instant and every second week after it.
    Seconds anchor{};
};

// The first meeting strictly after `after`. Weekly: every week on the weekday; biweekly:
// every second week counted from the anchor's week; monthly: the first such weekday of
// each month. A local time skipped by a daylight-saving change moves to just after it.
Seconds next_meeting(const MeetingRhythm& rhythm, Seconds after);

// "every second Wednesday at 15:00 (Europe/Berlin)"
std::string describe_rhythm(const MeetingRhythm& rhythm);

}  // namespace mentorbot

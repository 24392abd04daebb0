// Reading a working-hours range such as "09-17" or "08:30-16:45".
#pragma once

#include <optional>
#include <string_view>
#include <utility>

namespace mentorbot {

struct HoursRange {
    int start = 0;  // minutes after local midnight
    int end = 0;
};

// nullopt when malformed or when the range does not start before it ends.
std::optional<HoursRange> parse_hours_range(std::string_view text);

// A person's shift: like parse_hours_range, but an end before the start is a night shift
// that runs past midnight ("22-06"). nullopt when malformed or when it starts where it ends.
std::optional<HoursRange> parse_shift(std::string_view text);

}  // namespace mentorbot

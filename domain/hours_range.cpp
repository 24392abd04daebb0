// Working-hours ranges: "9-17", "09:00-17:30", "9:30 - 18", and night shifts such as "22-06".
#include "domain/hours_range.h"

#include <charconv>

#include "util/text.h"

namespace mentorbot {

namespace {

std::optional<int> parse_clock(std::string_view text) {
    int hours = 0;
    int minutes = 0;
    std::size_t colon = text.find(':');
    std::string_view hour_part = text.substr(0, colon);
    if (hour_part.empty() || hour_part.size() > 2) return std::nullopt;
    if (std::from_chars(hour_part.data(), hour_part.data() + hour_part.size(), hours).ptr !=
        hour_part.data() + hour_part.size()) {
        return std::nullopt;
    }
    if (colon != std::string_view::npos) {
        std::string_view minute_part = text.substr(colon + 1);
        if (minute_part.size() != 2 ||
            std::from_chars(minute_part.data(), minute_part.data() + 2, minutes).ptr != minute_part.data() + 2) {
            return std::nullopt;
        }
    }
    if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) return std::nullopt;
    return hours * 60 + minutes;
}

std::optional<std::pair<int, int>> parse_start_and_end(std::string_view text) {
    std::size_t dash = text.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    auto start = parse_clock(trim(text.substr(0, dash)));
    auto end = parse_clock(trim(text.substr(dash + 1)));
    if (!start || !end) return std::nullopt;
    return std::pair{*start, *end};
}

}  // namespace

std::optional<HoursRange> parse_hours_range(std::string_view text) {
    auto clocks = parse_start_and_end(text);
    if (!clocks || clocks->first >= clocks->second) return std::nullopt;
    return HoursRange{clocks->first, clocks->second};
}

std::optional<HoursRange> parse_shift(std::string_view text) {
    if (auto range = parse_hours_range(text)) return range;
    auto clocks = parse_start_and_end(text);
    // "24-06" would start at the end of a day; a shift that starts where it ends is no shift.
    if (!clocks || clocks->first >= 24 * 60 || clocks->first == clocks->second) return std::nullopt;
    return HoursRange{clocks->first, clocks->second % (24 * 60)};
}

}  // namespace mentorbot

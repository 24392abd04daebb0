// Reads the day words people use for a meeting time and turns them into a date in their zone.
#include "domain/local_moment.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <string>

#include <date/date.h>

#include "domain/working_hours.h"

namespace mentorbot {

namespace {

std::string lowercase(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower;
}

// Days from today to the day `word` names, or -1 when it names none.
int days_ahead(const std::string& word, date::weekday today) {
    if (word == "today") return 0;
    if (word == "tomorrow") return 1;
    static const std::array<const char*, 7> names = {"sunday",   "monday", "tuesday", "wednesday",
                                                     "thursday", "friday", "saturday"};
    for (unsigned day = 0; day < names.size(); ++day) {
        const std::string name = names[day];
        if (word == name || (word.size() == 3 && name.compare(0, 3, word) == 0)) {
            // The next such day after today: "thu" on a Thursday is a week ahead.
            const int ahead = static_cast<int>((date::weekday{day} - today).count());
            return ahead == 0 ? 7 : ahead;
        }
    }
    return -1;
}

}  // namespace

std::optional<Instant> parse_local_moment(std::string_view text, std::string_view time_zone, Instant now) {
    if (auto exact = parse_local_datetime(text, time_zone)) return exact;
    if (!is_known_time_zone(time_zone)) return std::nullopt;
    const auto space = text.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    const std::string time(text.substr(space + 1));
    const auto local_today = date::floor<date::days>(
        now + std::chrono::minutes(utc_offset_minutes(std::string(time_zone), now)));
    const int ahead = days_ahead(lowercase(text.substr(0, space)), date::weekday{local_today});
    if (ahead < 0) return std::nullopt;
    int hour = -1;
    int minute = -1;
    char tail = 0;
    if (std::sscanf(time.c_str(), "%2d:%2d%c", &hour, &minute, &tail) != 2) return std::nullopt;
    char formatted[8];
    std::snprintf(formatted, sizeof formatted, "%02d:%02d", hour, minute);
    return parse_local_datetime(date::format("%F", local_today + date::days(ahead)) + " " + formatted, time_zone);
}

}  // namespace mentorbot

// A meeting as an iCalendar (RFC 5545) event file, for calendars that import .ics.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace mentorbot {

struct CalendarEvent {
    // Stable per session and meeting, so importing the file again updates the same event.
    std::string uid;
    std::chrono::sys_seconds stamp;  // when the file was made
    std::chrono::sys_seconds start;
    std::chrono::minutes length{30};
    std::string summary;
    std::string description;
};

// The event's UID: "session-12@mentorbot" for the session's own slot (meeting 0),
// "session-12-meeting-3@mentorbot" for a long-term pairing's third meeting after it.
std::string calendar_event_uid(long long session_id, int meeting);

// Escapes a TEXT value: backslash, comma and semicolon get a backslash, a line break
// becomes \n, other control characters are dropped; typed text cannot start a property.
std::string escape_calendar_text(std::string_view text);

// Folds a content line longer than 75 octets into CRLF + space continuations, never
// inside a UTF-8 character; the result ends with CRLF.
std::string fold_calendar_line(std::string_view line);

// The whole VCALENDAR with one VEVENT, lines ending in CRLF, times in UTC.
std::string calendar_file_text(const CalendarEvent& event);

}  // namespace mentorbot

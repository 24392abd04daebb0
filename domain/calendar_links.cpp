// Add-to-calendar links for a meeting: Google Calendar and Outlook on the web.
#include "domain/calendar_links.h"

#include <date/date.h>

namespace mentorbot {

std::string percent_encode(std::string_view text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string calendar_link(std::string_view title, std::string_view details, std::chrono::sys_seconds start,
                          std::chrono::minutes length) {
    const auto utc = [](std::chrono::sys_seconds at) { return date::format("%Y%m%dT%H%M%SZ", at); };
    return "https://calendar.google.com/calendar/render?action=TEMPLATE&text=" + percent_encode(title) +
           "&dates=" + utc(start) + "/" + utc(start + length) + "&details=" + percent_encode(details);
}

std::string outlook_calendar_link(std::string_view title, std::string_view details, std::chrono::sys_seconds start,
                                  std::chrono::minutes length) {
    // ISO 8601 with a Z: Outlook reads the times as UTC and shows them in the reader's zone.
    const auto utc = [](std::chrono::sys_seconds at) { return percent_encode(date::format("%Y-%m-%dT%H:%M:%SZ", at)); };
    return "https://outlook.office.com/calendar/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent"
           "&subject=" +
           percent_encode(title) + "&startdt=" + utc(start) + "&enddt=" + utc(start + length) +
           "&body=" + percent_encode(details);
}

}  // namespace mentorbot

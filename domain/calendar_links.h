// Add-to-calendar links for a meeting: Google Calendar and Outlook on the web, with the times in UTC.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace mentorbot {

// Percent-encodes everything but the unreserved characters (RFC 3986), so typed text
// can never add or end a query parameter.
std::string percent_encode(std::string_view text);

// A Google Calendar event template link.
std::string calendar_link(std::string_view title, std::string_view details, std::chrono::sys_seconds start,
                          std::chrono::minutes length);

// An Outlook on the web compose link (outlook.office.com deeplink).
std::string outlook_calendar_link(std::string_view title, std::string_view details, std::chrono::sys_seconds start,
                                  std::chrono::minutes length);

}  // namespace mentorbot

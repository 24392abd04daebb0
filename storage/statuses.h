// Where a flash request and a session stand, as enums with the one conversion to and from the text stored in their
// rows.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mentorbot {

enum class RequestStatus {
    fresh,     // "new": stored, not yet offered or queued
    offered,   // waiting for the candidate's answer
    queued,    // nobody fits now, or enough candidates said no
    accepted,  // a session exists
    done,
    cancelled,
};

enum class SessionStatus {
    scheduled,  // a one-off session
    active,     // a long-term pairing that goes on
    done,
};

std::string status_name(RequestStatus status);
std::string status_name(SessionStatus status);
std::optional<RequestStatus> parse_request_status(std::string_view name);
std::optional<SessionStatus> parse_session_status(std::string_view name);

}  // namespace mentorbot

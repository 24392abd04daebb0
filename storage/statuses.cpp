// The texts of request and session statuses, as every version has stored them.
#include "storage/statuses.h"

#include <array>
#include <utility>

namespace mentorbot {

namespace {

constexpr std::array<std::pair<RequestStatus, std::string_view>, 6> request_names = {{
    {RequestStatus::fresh, "new"},
    {RequestStatus::offered, "offered"},
    {RequestStatus::queued, "queued"},
    {RequestStatus::accepted, "accepted"},
    {RequestStatus::done, "done"},
    {RequestStatus::cancelled, "cancelled"},
}};

constexpr std::array<std::pair<SessionStatus, std::string_view>, 3> session_names = {{
    {SessionStatus::scheduled, "scheduled"},
    {SessionStatus::active, "active"},
    {SessionStatus::done, "done"},
}};

template <typename Status, std::size_t count>
std::string name_in(const std::array<std::pair<Status, std::string_view>, count>& names, Status status) {
    for (const auto& [known, name] : names)
        if (known == status) return std::string(name);
    return {};
}

template <typename Status, std::size_t count>
std::optional<Status> parse_in(const std::array<std::pair<Status, std::string_view>, count>& names,
                               std::string_view name) {
    for (const auto& [status, known] : names)
        if (known == name) return status;
    return std::nullopt;
}

}  // namespace

std::string status_name(RequestStatus status) { return name_in(request_names, status); }
std::string status_name(SessionStatus status) { return name_in(session_names, status); }
std::optional<RequestStatus> parse_request_status(std::string_view name) { return parse_in(request_names, name); }
std::optional<SessionStatus> parse_session_status(std::string_view name) { return parse_in(session_names, name); }

}  // namespace mentorbot

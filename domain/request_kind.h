// The kinds of help a member can ask for (flash, micro, near-peer, …): their names and default lengths.
#pragma once

#include <optional>
#include <string_view>

namespace mentorbot {

enum class RequestKind { flash, micro, near_peer, reverse, shadow, long_term, peer };

std::string_view request_kind_name(RequestKind kind);  // "near-peer"
std::optional<RequestKind> parse_request_kind(std::string_view name);
// Default session length: flash 30, micro 15, others 30 (long-term meetings 60).
int default_minutes(RequestKind kind);

}  // namespace mentorbot

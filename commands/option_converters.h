// Typing one option's raw value by its spec: text, numbers, yes/no, members, channels, choices, tags, zones, dates,
// times.
#pragma once

#include <string>

#include "commands/registry.h"
#include "model/invocation.h"
#include "model/member_id.h"

namespace mentorbot {

// The value of `option` as its type wants it (members and channels as ids of the caller's
// tenant, dates as YYYY-MM-DD, times as HH:MM, tags split and folded). Throws UserError
// naming the option and what it expects (wrong type, out of range, too long, unknown
// time zone, malformed date).
ArgumentValue convert_option_value(const OptionSpec& option, const std::string& value, const MemberId& caller);

}  // namespace mentorbot

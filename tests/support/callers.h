// Callers and requests for tests that drive the app (or a transport's fake of it) directly.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "model/command_request.h"
#include "tests/support/console_members.h"

namespace mentorbot::testing {

// A member id written in a test; a typo fails the test at once.
inline MemberId member(std::string_view text) {
    auto id = MemberId::parse(text);
    if (!id) throw std::invalid_argument("not a member id: " + std::string(text));
    return *id;
}

// A platform member as a transport would describe them (rate limited, like every member).
inline Caller caller_of(std::string_view member_id, std::string display_name, bool platform_admin = false,
                        std::string_view channel = {}) {
    Caller caller;
    caller.member = member(member_id);
    caller.display_name = std::move(display_name);
    if (!channel.empty()) caller.channel = member(channel);
    caller.platform_admin = platform_admin;
    return caller;
}

// A console member, as the console transport describes them: not rate limited.
inline Caller console_caller(const std::string& name, std::string_view channel = {}) {
    Caller caller = caller_of(console_member(name), name, false, channel);
    caller.rate_limited = false;
    return caller;
}

// A typed line (or a button's command line) from `caller`; `delivery_key` names a
// platform delivery that may repeat.
inline CommandRequest text_request(Caller caller, std::string line, std::string delivery_key = {},
                                   CommitPolicy commit = CommitPolicy::before_reply) {
    return CommandRequest{std::move(caller), std::move(delivery_key), TextLine{std::move(line)}, commit};
}

}  // namespace mentorbot::testing

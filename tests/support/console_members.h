// Console members as tests name them: the member id and the mention a reply shows.
#pragma once

#include <string>

namespace mentorbot::testing {

// "console:local:ana"
inline std::string console_member(const std::string& name) { return "console:local:" + name; }

// "<@console:local:ana>", how a reply mentions a console member.
inline std::string at(const std::string& name) { return "<@" + console_member(name) + ">"; }

}  // namespace mentorbot::testing

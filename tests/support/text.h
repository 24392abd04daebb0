// Substring checks for assertions on reply, message and log text.
#pragma once

#include <string>

namespace mentorbot::testing {

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The same check under the shorter name the scenario tests read with.
inline bool has(const std::string& text, const std::string& part) { return contains(text, part); }

}  // namespace mentorbot::testing

// Small text formatting shared by replies: lists and clock times.
#pragma once

#include <string>
#include <vector>

namespace mentorbot {

// {"a", "b"} → "a, b"
std::string join_list(const std::vector<std::string>& items, const std::string& separator = ", ");
// 570 → "09:30"
std::string clock_text(int minutes_after_midnight);

}  // namespace mentorbot

// Seniority levels 1–6 and their names (intern … principal/executive).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mentorbot {

constexpr int lowest_level = 1;
constexpr int highest_level = 6;

// "4", "senior", "Senior" → 4; anything else → nullopt.
std::optional<int> parse_level(std::string_view text);
// 4 → "senior"
std::string level_name(int level);
// Every accepted spelling, numbers first: the choices offered to users.
const std::vector<std::string>& level_choices();

}  // namespace mentorbot

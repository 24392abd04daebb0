// Seniority levels: one table maps every accepted name to its number.
#include "domain/levels.h"

#include <utility>

#include "util/text.h"

namespace mentorbot {

namespace {

const std::vector<std::pair<std::string, int>>& level_names() {
    static const std::vector<std::pair<std::string, int>> names = {
        {"intern", 1}, {"new-grad", 1}, {"junior", 2},    {"mid", 3},       {"senior", 4},
        {"staff", 5},  {"lead", 5},     {"principal", 6}, {"executive", 6},
    };
    return names;
}

}  // namespace

std::optional<int> parse_level(std::string_view text) {
    std::string folded = case_fold(trim(text));
    if (folded.size() == 1 && folded[0] >= '1' && folded[0] <= '6') return folded[0] - '0';
    if (folded == "new grad" || folded == "newgrad") folded = "new-grad";
    for (const auto& [name, level] : level_names()) {
        if (name == folded) return level;
    }
    return std::nullopt;
}

std::string level_name(int level) {
    switch (level) {
        case 1: return "intern/new grad";
        case 2: return "junior";
        case 3: return "mid";
        case 4: return "senior";
        case 5: return "staff/lead";
        case 6: return "principal/executive";
        default: return "unknown";
    }
}

const std::vector<std::string>& level_choices() {
    static const std::vector<std::string> choices = [] {
        std::vector<std::string> all = {"1", "2", "3", "4", "5", "6"};
        for (const auto& entry : level_names()) all.push_back(entry.first);
        return all;
    }();
    return choices;
}

}  // namespace mentorbot

// List and clock formatting.
#include "domain/format.h"

#include <fmt/format.h>

namespace mentorbot {

std::string join_list(const std::vector<std::string>& items, const std::string& separator) {
    std::string joined;
    for (const auto& item : items) {
        if (!joined.empty()) joined += separator;
        joined += item;
    }
    return joined;
}

std::string clock_text(int minutes_after_midnight) {
    return fmt::format("{:02}:{:02}", minutes_after_midnight / 60, minutes_after_midnight % 60);
}

}  // namespace mentorbot

// CSV quoting and the formula guard shared by the export and the dashboard's downloads.
#include "util/csv.h"

#include <string_view>

namespace mentorbot {

bool starts_like_formula(const std::string& value) {
    return !value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos;
}

std::string csv_field(const std::string& value, bool is_text) {
    std::string cell = is_text && starts_like_formula(value) ? "'" + value : value;
    bool needs_quotes = cell.find_first_of(",\"\r\n") != std::string::npos ||
                        (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
    if (!needs_quotes) return cell;
    std::string quoted = "\"";
    for (char c : cell) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

}  // namespace mentorbot

// CSV cells that are safe to open in a spreadsheet: quoted as RFC 4180 asks, formulas neutralised.
#pragma once

#include <string>

namespace mentorbot {

// A spreadsheet runs a cell that starts with one of =+-@, tab or CR as a formula (OWASP's list).
bool starts_like_formula(const std::string& value);

// One CSV cell. Text the bot holds (names, topics, notes) gets a leading quote when it starts
// like a formula (the quote is not shown); a number the bot wrote itself (`is_text` false)
// stays a number, "-1" included.
std::string csv_field(const std::string& value, bool is_text = true);

}  // namespace mentorbot

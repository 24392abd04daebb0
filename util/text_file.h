// Reads a whole file as text: the chart library a dashboard serves or inlines.
#pragma once

#include <string>

namespace mentorbot {

// The contents of `path`, or empty when it cannot be read.
std::string read_text_file(const std::string& path);

}  // namespace mentorbot

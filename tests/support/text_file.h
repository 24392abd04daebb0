// Reads a whole file as text: a database export, a log, the output of a run.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace mentorbot::testing {

// The file's bytes as they are; empty when it cannot be opened.
inline std::string read_text_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream content;
    content << file.rdbuf();
    return content.str();
}

}  // namespace mentorbot::testing

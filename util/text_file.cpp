// A whole file read in one go, bytes as they are.
#include "util/text_file.h"

#include <fstream>
#include <sstream>

namespace mentorbot {

std::string read_text_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return {};
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace mentorbot

// The product's own source files (not tests, benchmarks or fuzz targets), read for the tests of the code's shape.
#pragma once

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/text_file.h"

namespace mentorbot::testing {

struct SourceFile {
    std::string folder;  // the top-level folder: "bot", "storage", …
    std::string path;    // relative to the source tree, for the failure message
    std::string text;    // the whole file
    std::string code;    // without // comments, so a comment may quote what the code may not do
};

// Every .h and .cpp below the product's folders, lowest layer first.
inline std::vector<SourceFile> product_sources() {
    namespace fs = std::filesystem;
    static const std::regex comment(R"(//[^\n]*)");
    std::vector<SourceFile> files;
    const fs::path root = MENTORBOT_SOURCE_DIR;
    for (const char* folder : {"util", "model", "domain", "config", "storage", "commands", "bot"}) {
        for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
            const auto extension = entry.path().extension();
            if (!entry.is_regular_file() || (extension != ".h" && extension != ".cpp")) continue;
            std::string text = read_text_file(entry.path().string());
            std::string code = std::regex_replace(text, comment, "");
            files.push_back(
                {folder, fs::relative(entry.path(), root).generic_string(), std::move(text), std::move(code)});
        }
    }
    return files;
}

}  // namespace mentorbot::testing

// The shape of the code: folders include only downwards, and member ids are taken apart in one place.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// Lower layers first; a file may include from its own layer or any below it.
const std::map<std::string, int>& layer_ranks() {
    static const std::map<std::string, int> ranks = {
        {"util", 0}, {"model", 1}, {"domain", 2}, {"config", 3}, {"storage", 3}, {"commands", 4}, {"bot", 5},
    };
    return ranks;
}

struct SourceFile {
    std::string folder;  // the top-level folder: "bot", "storage", …
    std::string path;    // relative to the source tree, for the failure message
    std::string text;
};

std::vector<SourceFile> product_sources() {
    std::vector<SourceFile> files;
    const fs::path root = MENTORBOT_SOURCE_DIR;
    for (const auto& [folder, rank] : layer_ranks()) {
        for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
            const auto extension = entry.path().extension();
            if (!entry.is_regular_file() || (extension != ".h" && extension != ".cpp")) continue;
            std::ifstream in(entry.path());
            std::stringstream text;
            text << in.rdbuf();
            files.push_back({folder, fs::relative(entry.path(), root).string(), text.str()});
        }
    }
    return files;
}

// The text without // comments, so a comment may quote an id or name a layer.
std::string without_line_comments(const std::string& text) {
    static const std::regex comment(R"(//[^\n]*)");
    return std::regex_replace(text, comment, "");
}

}  // namespace

TEST_CASE("every product file includes only from its own layer or the layers below", "[layering]") {
    static const std::regex include(R"re(#include "([a-z_]+)/)re");
    const auto& ranks = layer_ranks();
    std::vector<std::string> upward;
    const auto files = product_sources();
    REQUIRE(files.size() > 100);
    for (const SourceFile& file : files) {
        const int own = ranks.at(file.folder);
        for (auto match = std::sregex_iterator(file.text.begin(), file.text.end(), include);
             match != std::sregex_iterator(); ++match) {
            const std::string target = (*match)[1].str();
            auto rank = ranks.find(target);
            if (rank == ranks.end() || rank->second > own) upward.push_back(file.path + " includes " + target + "/");
        }
    }
    CAPTURE(upward);
    CHECK(upward.empty());
}

TEST_CASE("member ids are built and split only by the MemberId type", "[layering]") {
    // Prefix tests and prefix arithmetic on ids ("console:local:" + name,
    // starts_with("discord:")) are what MemberId replaced.
    static const std::regex surgery(
        R"re(starts_with\("(console|slack|discord):|rfind\("(console|slack|discord):|"(console|slack|discord):"\s*\+|"console:local:")re");
    std::vector<std::string> found;
    for (const SourceFile& file : product_sources()) {
        if (file.folder == "model") continue;
        const std::string code = without_line_comments(file.text);
        if (std::regex_search(code, surgery)) found.push_back(file.path);
    }
    CAPTURE(found);
    CHECK(found.empty());
}

// The shape of the code: folders include only downwards, and member ids are taken apart in one place.
#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/product_sources.h"

using mentorbot::testing::product_sources;
using mentorbot::testing::SourceFile;

namespace {

// Lower layers first; a file may include from its own layer or any below it.
const std::map<std::string, int>& layer_ranks() {
    static const std::map<std::string, int> ranks = {
        {"util", 0}, {"model", 1}, {"domain", 2}, {"config", 3}, {"storage", 3}, {"commands", 4}, {"bot", 5},
    };
    return ranks;
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
        if (std::regex_search(file.code, surgery)) found.push_back(file.path);
    }
    CAPTURE(found);
    CHECK(found.empty());
}

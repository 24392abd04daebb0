// Replays every saved fuzz input (seeds and past crashes) through its target in the sanitizer build.
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <map>

#include "fuzz/fuzz_targets.h"
#include "tests/support/run_binary.h"

namespace {

const std::map<std::string, std::function<void(std::string_view)>>& targets() {
    static const std::map<std::string, std::function<void(std::string_view)>> all = {
        {"command_text", mentorbot::fuzz::command_text},     {"commands", mentorbot::fuzz::commands},
        {"config_file", mentorbot::fuzz::config_file},       {"csv_import", mentorbot::fuzz::csv_import},
        {"slack_envelope", mentorbot::fuzz::slack_envelope}, {"discord_frame", mentorbot::fuzz::discord_frame},
        {"http_request", mentorbot::fuzz::http_request},
    };
    return all;
}

}  // namespace

TEST_CASE("every saved fuzz input is handled without a crash or an internal error", "[fuzz]") {
    std::filesystem::path corpus = std::filesystem::path(MENTORBOT_SOURCE_DIR) / "fuzz" / "corpus";
    int replayed = 0;
    for (const auto& [name, target] : targets()) {
        REQUIRE(std::filesystem::is_directory(corpus / name));
        for (const auto& entry : std::filesystem::directory_iterator(corpus / name)) {
            INFO(entry.path().string());
            target(mentorbot::testing::read_text_file(entry.path().string()));
            ++replayed;
        }
    }
    CHECK(replayed >= static_cast<int>(targets().size()));
}

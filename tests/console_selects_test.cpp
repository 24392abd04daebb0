// End to end through the real binary: the console shows a select as a numbered list, and :choose runs an option.
#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/run_binary.h"
#include "tests/support/temp_directory.h"
#include "tests/support/text.h"

using namespace mentorbot::testing;

TEST_CASE("console: a pod, a kind and a rating are chosen from menus with :choose", "[console][selects][e2e]") {
    TempDirectory directory;
    const std::string script_path = directory.file("script.txt");
    const std::string output_path = directory.file("output.txt");
    std::ofstream(script_path) << R"(:time 2026-11-26 14:00
:as ana
/pod create rust-readers topic:rust
:as farid
:choose 1
/pod join
:choose 2
:choose 1
/pod show rust-readers
:as kai
/mentor pause
:as ana
/flash request kubernetes kind:quick
:choose 1
:as ben
/flash accept 1
:as ana
/flash done 1
:choose 4
:quit
)";
    REQUIRE(run_mentorbot_to_file("--db '" + directory.file("bot.db") + "'", script_path, output_path) == 0);
    const std::string output = read_text_file(output_path);
    INFO(output);
    // Nothing shown yet: :choose says so; a number out of range gets the usage.
    CHECK(has(output, "(no menu was shown to farid yet; :choose picks from the last one)"));
    CHECK(has(output, "Join a pod (:choose N):"));
    CHECK(has(output, "1. rust-readers (rust) → /pod join name:rust-readers"));
    CHECK(has(output, "(usage: :choose N — a number from 1 to 1 of the last menu)"));
    CHECK(has(output, "(farid chose /pod join name:rust-readers)"));
    CHECK(has(output, "You joined pod rust-readers (2 of 6)"));
    CHECK(has(output, "@farid"));
    // A kind that does not exist: the kinds to pick from, each the whole line.
    CHECK(has(output, "kind must be one of flash, micro"));
    CHECK(has(output, "3. kind:near-peer → /flash request kubernetes kind:near-peer"));
    CHECK(has(output, "(ana chose /flash request kubernetes kind:flash)"));
    CHECK(has(output, "Request #1 (flash, kubernetes, 30 min): offered to @ben"));
    // The rating menu: 4 is "quite useful", and choosing it stores the rating.
    CHECK(has(output, "Rate session #1 (:choose N):"));
    CHECK(has(output, "4. 4 — quite useful → /feedback session id:1 rating:4"));
    CHECK(has(output, "(ana chose /feedback session id:1 rating:4)"));
    CHECK(has(output, "rated 4/5"));
}

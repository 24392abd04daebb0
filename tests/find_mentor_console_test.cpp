// End to end through the real binary: finding a mentor on the console, asking one by name, and an admin's assign.
#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/run_binary.h"
#include "tests/support/temp_directory.h"
#include "tests/support/text.h"

using namespace mentorbot::testing;

TEST_CASE("console: ana finds ben in the list asks him by name and olivia assigns a waiting request",
          "[mentor][list][named][assign][e2e]") {
    TempDirectory directory;
    const std::string script_path = directory.file("script.txt");
    const std::string output_path = directory.file("output.txt");
    std::ofstream(script_path) << R"(:time 2026-11-26 09:00
:as ben
/mentor offer bio:"Platform lead; happy to pair on cluster upgrades"
:as ana
/mentor list k8s
/flash request kubernetes mentor:@ben only:yes
:as ben
/flash accept 1
:as mo
/flash request figma
:as emma
/flash decline 2
:as mo
/flash assign 2 mentor:@ben
:as olivia
/flash assign 2 mentor:@emma
/flash assign 2 mentor:@ben
:quit
)";
    REQUIRE(run_mentorbot_to_file("--db '" + directory.file("bot.db") + "'", script_path, output_path) == 0);
    const std::string output = read_text_file(output_path);
    CAPTURE(output);
    CHECK(has(output, "Mentors for kubernetes, page 1 of 1 (3 mentors):"));
    CHECK(has(output, "1. @ben · level 4 (senior) · Europe/London 09:00-17:00, 7 h a day shared with you · 3 of 3 "
                      "sessions left this week"));
    CHECK(has(output, "“Platform lead; happy to pair on cluster upgrades”"));
    CHECK(has(output, "Request #1 (flash, kubernetes, 30 min): offered to @ben"));
    CHECK(has(output, "You accepted request #1"));
    CHECK(has(output, "Request #2 (flash, figma, 30 min): offered to @emma"));
    CHECK(has(output, "/flash assign is for program admins"));
    CHECK(has(output, "cannot assign request #2 to @emma: Emma Larsson declined this request."));
    CHECK(has(output, "cannot assign request #2 to @ben: Ben Okafor does not offer figma."));
}

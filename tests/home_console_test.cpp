// End to end through the real binary: :home shows a member's, a mentor's and an admin's Home as text (and the
// README's).
#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/run_binary.h"
#include "tests/support/temp_directory.h"
#include "tests/support/text.h"

using namespace mentorbot::testing;

TEST_CASE("console: home shows ana her request then her session and pod and olivia the waiting queue",
          "[home][console][e2e]") {
    TempDirectory directory;
    const std::string script_path = directory.file("script.txt");
    const std::string output_path = directory.file("output.txt");
    std::ofstream(script_path) << R"(:time 2026-11-26 09:00
:help
/flash request kubernetes
:home
:as kai
:home
/flash accept 1
:as ana
/pod create name:"night owls" topic:rust day:thu time:17:00
:home
:as mo
/flash request cobol
:as olivia
:advance 2h
:home
:quit
)";
    REQUIRE(run_mentorbot_to_file("--db '" + directory.file("bot.db") + "'", script_path, output_path) == 0);
    const std::string output = read_text_file(output_path);
    CAPTURE(output);
    CHECK(has(output, "  :home         your Home, as Slack's Home tab shows it: requests, offers, sessions, pods\n"));
    // Ana's first Home: the four ways to start, and her request with its buttons.
    CHECK(has(output, "ana> :home\n"
                      "  [Ana Souza's mentoring, only ana sees]\n"
                      "  What would you like to do?\n"
                      "    [Ask for help] → /flash request\n"
                      "    [Offer to mentor] → /mentor offer\n"
                      "    [Find a mentor] → /mentor list\n"
                      "    [Join a pod] → /pod list\n"
                      "  Your requests\n"
                      "    • #1 flash · kubernetes · 30 min · offered to @kai, waiting for their answer\n"
                      "      [Why] → /flash why 1\n"
                      "      [Cancel] → /flash cancel 1\n"
                      "  Upcoming sessions\n"
                      "    • No sessions coming up.\n"));
    // Kai's: the offer to answer, and his own week.
    CHECK(has(output, "  Waiting for your answer\n"
                      "    • @ana asks for flash help on kubernetes (30 min), request #1\n"
                      "      [Accept] → /flash accept 1\n"
                      "      [Decline] → /flash decline 1\n"));
    CHECK(has(output, "  Your mentor offer\n"
                      "    • Topics: go, testing, kubernetes\n"
                      "      0 of 2 sessions this week, 1 offer waiting for your answer\n"
                      "      Active: fitting requests are offered to you.\n"
                      "      [Pause] → /mentor pause\n"));
    // Ana's after Kai accepted and she started a pod: the session with its calendar links.
    CHECK(has(output, "  Upcoming sessions\n"
                      "    • Session #1 · flash · kubernetes with @kai\n"
                      "      Thu 26 Nov 10:30 (Europe/Berlin), 30 min\n"
                      "      Add to calendar: https://calendar.google.com/calendar/render?action=TEMPLATE"));
    CHECK(has(output, "  Your pods\n"
                      "    • night owls — learning on rust, 1/6 · next meeting Thu 26 Nov 17:00 (Europe/Berlin)\n"
                      "      [Details] → /pod show name:\"night owls\"\n"));
    // Olivia, the admin: the figures and the queue, oldest first with its waiting time.
    CHECK(has(output, "  Program figures (admins)\n"
                      "    • Last 30 days: 2 requests, match rate 50% (1 accepted)"));
    CHECK(has(output, "      [All figures] → /coach stats\n"
                      "  Waiting for a mentor (admins), oldest first\n"
                      "    • #2 · cobol · flash · waiting 2 h\n"
                      "      [Why it waits] → /flash why 2\n"));
}

TEST_CASE("console: the README's Home of ana and olivia", "[home][console][e2e]") {
    TempDirectory directory;
    const std::string script_path = directory.file("script.txt");
    const std::string output_path = directory.file("output.txt");
    std::ofstream(script_path) << R"(:time 2026-11-26 09:00
/flash request kubernetes
:as kai
/flash accept 1
:as ana
/pod create name:"night owls" topic:rust day:thu time:17:00
/flash request topic:terraform
:as mo
/flash request cobol
:as ana
:advance 10m
:home
:as olivia
:home
)";
    REQUIRE(run_mentorbot_to_file("--db '" + directory.file("bot.db") + "'", script_path, output_path) == 0);
    const std::string output = read_text_file(output_path);
    CAPTURE(output);
    CHECK(has(output,
              "  Your requests\n"
              "    • #2 flash · terraform · 30 min · waiting for a mentor for 10 min\n"
              "      [Why] → /flash why 2\n"
              "      [Cancel] → /flash cancel 2\n"
              "  Upcoming sessions\n"
              "    • Session #1 · flash · kubernetes with @kai\n"
              "      Thu 26 Nov 10:30 (Europe/Berlin), 30 min\n"
              "      Add to calendar: https://calendar.google.com/calendar/render?action=TEMPLATE&text=Mentoring"));
    CHECK(has(output, "      Outlook: https://outlook.office.com/calendar/deeplink/compose?path="));
    CHECK(has(output, "      [Cancel] → /flash cancel 1\n"
                      "  Your pods\n"
                      "    • night owls — learning on rust, 1/6 · next meeting Thu 26 Nov 17:00 (Europe/Berlin)\n"
                      "      [Details] → /pod show name:\"night owls\"\n"
                      "  Your mentor offer\n"
                      "    • You do not offer to mentor yet: anyone can, on the topics they know.\n"
                      "  Updated Thu 26 Nov 10:10 (Europe/Berlin).\n"));
    CHECK(has(
        output,
        "  Program figures (admins)\n"
        "    • Last 30 days: 3 requests, match rate 33% (1 accepted), median wait for an accept 0 min (working time)\n"
        "      Sessions completed: 0, average rating –\n"
        "      Unmet topics: cobol 1, terraform 1\n"
        "      Active pods: 1 (1 membership), mentors: 7\n"
        "      [All figures] → /coach stats\n"
        "  Waiting for a mentor (admins), oldest first\n"
        "    • #2 · terraform · flash · waiting 10 min\n"
        "      [Why it waits] → /flash why 2\n"
        "    • #3 · cobol · flash · waiting 10 min\n"
        "      [Why it waits] → /flash why 3\n"));
}

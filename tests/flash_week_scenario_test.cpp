// The scripted console week of flash mentoring (tests/scenarios/flash_week.txt) through the real binary: each rule of
// the flash issue shows in its transcript, in the order a live bot would have acted.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "tests/support/run_binary.h"
#include "tests/support/temp_directory.h"
#include "tests/support/text.h"
#include "tests/support/text_file.h"

using namespace mentorbot::testing;

namespace {

// Each of `lines` appears in `transcript`, in this order.
void check_in_order(const std::string& transcript, const std::vector<std::string>& lines) {
    std::size_t from = 0;
    for (const std::string& line : lines) {
        const std::size_t at = transcript.find(line, from);
        INFO("expected next: " << line);
        CHECK(at != std::string::npos);
        if (at != std::string::npos) from = at + line.size();
    }
}

}  // namespace

TEST_CASE("scripted week: evening requests, silence, limits, leaving, outcomes and stats read true",
          "[flash][e2e][time][scenario]") {
    TempDirectory directory;
    const std::string output_path = directory.file("transcript.txt");
    const std::string script = std::string(MENTORBOT_SOURCE_DIR) + "/tests/scenarios/flash_week.txt";
    REQUIRE(run_mentorbot_to_file("--db '" + directory.file("week.db") + "'", script, output_path) == 0);
    const std::string week = read_text_file(output_path);
    INFO(week);
    check_in_order(
        week,
        {
            // Monday evening: nobody fitting works, so each request waits for its mentor's morning.
            "(time is now Mon 30 Nov 19:30 (UTC))",
            "Request #1 (flash, kubernetes, 30 min): Kai Müller fits best and starts work in 12 h, Tue  1 Dec 09:00 "
            "(Europe/Berlin); I will ask then, and tell you.",
            // Limits: a warning on a second request for one topic, a refusal past three.
            "Note: you already have a request on sql waiting (see /flash list)",
            "⚠️ you already have 3 requests waiting for a mentor, the most one person may have at once.",
            // Tuesday: no offer went out overnight; kai's silence moves the request on, not out.
            "[DM to kai] @ana asks for flash help on kubernetes (30 min), request #1.",
            "[DM to ana] @kai did not answer in time. Request #1 (flash, kubernetes, 30 min): Ben Okafor fits best",
            "(time is now Tue  1 Dec 08:30 (UTC))",
            // A pending offer is "offered", not "used".
            "This week: 0 of 2 sessions\n",
            // A late yes still counts, with calendar links and the .ics file, and explains itself.
            "You accepted request #1 (flash, kubernetes) from @ana",
            "Outlook: https://outlook.office.com/calendar/deeplink/compose?",
            "Calendar file (.ics): ",
            "Why: Ben Okafor was offered it earlier and said yes after that offer had lapsed.",
            // Ben leaves: his pending offer and his session not yet held go back to matching.
            "1 offer waiting for your answer and 1 session not yet held go back to matching",
            "[DM to gia] Ben Okafor can no longer take your kubernetes request; I am looking for another mentor.",
            "[DM to ana] Ben Okafor can no longer take your kubernetes request; I am looking for another mentor.",
            // Why demand is unmet, per topic.
            "Unmet topics: kubernetes 2 (held for working hours), sql 2 (1 declined or unanswered by every fitting "
            "mentor, 1 fitting mentors left an offer unanswered today), figma 1 (fitting mentors paused)",
            "This week: 0 of 2 sessions, 1 offer waiting for an answer",
            // Long-term rhythm, on a slot that does not collide with carla's first session.
            "You accepted request #5 (long-term, kubernetes) from @gia",
            "I will check in every 2 weeks, a week before each meeting",
            // Outcomes: asked a day after the slot, moved with a day word, confirmed.
            "[DM to ines] Did your session #3 (sql) with @dev on Wed  2 Dec 14:45 (Europe/London) happen?",
            "Asked @dev to confirm moving session #3 (sql) to Fri  4 Dec 15:00 (Europe/London)",
            "Confirmed: session #3 (sql) with @ines moved to Fri  4 Dec 16:00 (Europe/Berlin)",
            // No request waits for ever: an honest update after three working days.
            "[DM to ines] Request #3 (flash, sql) has waited 3 working days without a mentor.",
            // Emma's pause ends and her waiting request is offered again.
            "[DM to emma] Your mentoring pause has ended",
            "[DM to emma] @ines asks for flash help on figma (30 min), request #4.",
            // The moved Friday session is asked about on Monday, not at the weekend.
            "[DM to ines] Did your session #3 (sql) with @dev on Fri  4 Dec 15:00 (Europe/London) happen?",
            "(time is now Mon  7 Dec 16:10 (UTC))",
            "Thank you: session #3 (sql) with @dev is recorded as happened.",
            "Sessions completed: 1",
            "Session outcomes (2 slots passed): completed 1, no-shows 0, rescheduled (pending) 0, unconfirmed 1",
        });
    // Nothing reached a mentor on the Monday evening: the first offer comes with Tuesday's morning.
    CHECK(week.find("asks for flash help") > week.find("emma> :advance 13h"));
}

// End to end through the real binary: a console script walks every kind of request.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "tests/support/calendar_file_reader.h"
#include "tests/support/run_binary.h"
#include "tests/support/temp_directory.h"
#include "tests/support/text.h"

using namespace mentorbot::testing;

namespace {

std::string run_console(const TempDirectory& directory, const std::string& script) {
    const std::string script_path = directory.file("script.txt");
    const std::string output_path = directory.file("output.txt");
    std::ofstream(script_path) << script;
    const int status = run_mentorbot_to_file("--db '" + directory.file("bot.db") + "'", script_path, output_path);
    REQUIRE(status == 0);
    return read_text_file(output_path);
}

// The README's evening request: Ana asks at 21:18 UTC, Carla is away, Kai accepts the next morning.
constexpr const char* evening_request_accepted = R"(:time 2026-11-26 21:18
:as carla
/mentor pause until:2026-11-30
:as ana
/flash request topic:kubernetes
:advance 11h
:as kai
/flash accept 1
)";

}  // namespace

TEST_CASE("console: ana's request goes from ben's no to carla's yes, with slot, feedback and summary", "[flash][e2e]") {
    TempDirectory directory;
    const std::string output = run_console(directory, R"(:time 2026-11-26 14:00
:as kai
/mentor pause
:as ana
/flash request kubernetes
/flash why 1
:as ben
/flash decline 1 reason:"on call"
:as carla
/flash accept 1
:advance 5d
:as ana
/feedback session id:1 rating:5 goal:met comment:"very helpful"
:as carla
/feedback summary
:quit
)");
    INFO(output);
    CHECK(has(output, "ana> /flash request kubernetes"));
    CHECK(has(output, "Request #1 (flash, kubernetes, 30 min): offered to @ben. Why: Ben Okafor knows kubernetes"));
    CHECK(has(output, "[DM to ben] @ana asks for flash help on kubernetes (30 min), request #1."));
    CHECK(has(output, "[Accept] → /flash accept 1"));
    CHECK(has(output, "[Decline] → /flash decline 1"));
    CHECK(has(
        output,
        "[DM to ana] @ben cannot take your request #1 (flash, kubernetes) (on call). Request #1 (flash, kubernetes, 30 min): offered to @carla."));
    CHECK(has(output, "(America/New_York) for you"));
    CHECK(has(output, "(Europe/Berlin) for you"));
    CHECK(has(output, "Add to calendar: https://calendar.google.com/calendar/render?action=TEMPLATE"));
    CHECK(has(output, "[DM to ana] How was your session #1 on kubernetes with @carla?"));
    CHECK(has(output, "5. 5 — very useful → /feedback session id:1 rating:5"));
    CHECK(has(output, "As a mentor: 1 rating, average 5.0/5; goals met 1, partly 0, not 0."));
    CHECK(has(output, "• very helpful"));
}

TEST_CASE("console: every kind of request is matched and explained", "[flash][e2e]") {
    TempDirectory directory;
    const std::string output = run_console(directory, R"(:time 2026-11-26 14:00
:as ana
/flash request kubernetes kind:micro note:"pods restart in a loop"
/flash request kubernetes kind:shadow when:"2031-03-05 10:00"
/flash request kubernetes kind:long-term
:as farid
/flash request "generative ai" kind:reverse
:as mo
/flash request go kind:near-peer
:as ines
/flash request "product discovery" kind:peer
:as jon
/flash request figma kind:peer
:quit
)");
    INFO(output);
    CHECK(has(output, "Request #1 (micro, kubernetes, 15 min): offered to @"));
    CHECK(has(output, "Request #2 (shadow, kubernetes, 30 min): offered to @ben"));
    CHECK(has(output, "The moment to observe: Wed  5 Mar 10:00 (Europe/Berlin)"));
    CHECK(has(output, "Request #3 (long-term, kubernetes, 60 min): offered to @"));
    CHECK(has(output, "Request #4 (reverse, generative ai, 30 min): offered to @gia"));
    // Both go mentors still hold an unanswered offer each: one at a time, so mo's waits.
    CHECK(has(output, "Request #5 (near-peer, go, 30 min) is queued: Nobody fits yet: 2 mentors offer go, but 2 are "
                      "still to answer other requests."));
    CHECK(has(output, "Request #6 (peer, product discovery, 30 min): offered to @dev"));
    CHECK(has(output, "Request #7 (peer, figma, 30 min) is queued: Nobody fits yet"));
    CHECK(has(output, "Why: "));
}

TEST_CASE("console week: an evening request waits for the morning, and silence over a weekend is asked again",
          "[flash][e2e][time]") {
    TempDirectory directory;
    const std::string output = run_console(directory, R"(:time 2026-11-26 21:18
:as carla
/mentor pause
:as ana
/flash request kubernetes
:advance 1d
:advance 1h
:advance 1d
:advance 3d
:quit
)");
    INFO(output);
    // Thursday evening: nobody fitting is at work, so the request waits for kai's morning.
    CHECK(has(output, "Kai Müller fits best and starts work in 10 h, Fri 27 Nov 09:00 (Europe/Berlin)"));
    const std::size_t offered = output.find("[DM to kai] @ana asks for flash help on kubernetes");
    const std::size_t friday = output.find("(time is now Fri 27 Nov 21:18 (UTC))");
    REQUIRE(offered != std::string::npos);
    REQUIRE(friday != std::string::npos);
    CHECK(offered < friday);  // offered during Friday, not at the end of the advance
    // kai and ben stay silent: the request waits over the weekend and is asked again on Monday.
    CHECK(has(output, "mentors were asked and none could take it yet, so it waits."));
    const std::size_t monday = output.find("(time is now Tue  1 Dec");
    const std::size_t asked_again = output.rfind("[DM to kai] @ana asks for flash help on kubernetes");
    REQUIRE(monday != std::string::npos);
    CHECK(asked_again > friday);
    CHECK(asked_again < monday);
}

TEST_CASE("console: a session that moved is asked whether it happened after its new slot, and stats add up",
          "[flash][e2e][outcome]") {
    TempDirectory directory;
    const std::string output = run_console(directory, R"(:time 2026-11-26 14:00
:as ben
/mentor pause
:as carla
/mentor pause
:as ana
/flash request kubernetes
:as kai
/flash accept 1
:advance 2d
/flash outcome 1 answer:maybe
:as ana
/flash outcome 1 answer:moved
/flash reschedule 1 when:"2026-11-20 10:00"
/flash reschedule 1 when:"2026-12-01 15:00"
:as kai
/flash reschedule 1 answer:confirm
/flash outcome 1 answer:happened
:as olivia
/coach stats
:advance 5d
:as kai
/flash outcome 1 answer:happened
:as ana
/flash outcome 1 answer:no-show
:as olivia
/coach stats
:quit
)");
    INFO(output);
    // The console's clock runs on from :time, so the first slot is 15:30, or 15:45 when the
    // script took a second or more to reach the accept (a busy machine): read it back.
    const std::size_t suggested = output.find("Suggested slot: ");
    REQUIRE(suggested != std::string::npos);
    const std::size_t slot_at = suggested + std::string("Suggested slot: ").size();
    const std::string first_slot = output.substr(slot_at, output.find(" for you", slot_at) - slot_at);
    CHECK_THAT(first_slot, Catch::StartsWith("Thu 26 Nov 15:") && Catch::EndsWith("(Europe/Berlin)"));
    CHECK(has(output, "[DM to ana] Did your session #1 (kubernetes) with @kai on " + first_slot + " happen?"));
    CHECK(has(output, "[It happened] → /flash outcome 1 answer:happened"));
    CHECK(has(output, "[No-show] → /flash outcome 1 answer:no-show"));
    CHECK(has(output, "[We moved it] → /flash outcome 1 answer:moved"));
    CHECK(has(output, "answer must be one of happened, no-show, moved (got `maybe`)."));
    CHECK(has(output, "Propose the new time in your own time zone (Europe/Berlin) with /flash reschedule 1"));
    CHECK(has(output, "when must be in the future (2026-11-20 10:00 in Europe/Berlin has passed)."));
    CHECK(has(output, "[DM to kai] @ana proposes to move session #1 (kubernetes) from " + first_slot +
                          " to Tue  1 Dec 15:00 (Europe/Berlin)."));
    CHECK(has(output, "[Confirm] → /flash reschedule 1 answer:confirm"));
    CHECK(has(output, "[Decline] → /flash reschedule 1 answer:decline"));
    CHECK(has(output, "Confirmed: session #1 (kubernetes) with @ana moved to Tue  1 Dec 15:00 (Europe/Berlin)"));
    CHECK(has(output, "[DM to ana] @kai confirmed the new time: session #1 (kubernetes) with @kai moved to Tue  1 Dec "
                      "15:00 (Europe/Berlin)"));
    CHECK(has(output, "is planned for Tue  1 Dec 15:00 (Europe/Berlin); answer once it has taken place."));
    CHECK(has(output, "Session outcomes (1 slot passed): completed 0, no-shows 0, rescheduled (pending) 1, "
                      "unconfirmed 0"));
    CHECK(has(output, "[DM to kai] Did your session #1 (kubernetes) with @ana on Tue  1 Dec 15:00 (Europe/Berlin) "
                      "happen?"));
    CHECK(has(output, "Thank you: session #1 (kubernetes) with @ana is recorded as happened."));
    CHECK(has(output, "session #1 (kubernetes) is already recorded as happened (answered by @kai); that first answer "
                      "stands."));
    CHECK(has(output, "Sessions completed: 1"));
    CHECK(has(output, "Session outcomes (1 slot passed): completed 1, no-shows 0, rescheduled (pending) 0, "
                      "unconfirmed 0"));
}

TEST_CASE("console: the README's evening request reaches a completed, rated session the next day",
          "[flash][e2e][time]") {
    TempDirectory directory;
    const std::string output = run_console(directory, std::string(evening_request_accepted) + R"(:advance 6h
/feedback session id:1 rating:5 goal:met
:as ana
/feedback session id:1 rating:4 goal:met
:as olivia
/coach stats
)");
    CHECK(has(output, "Kai Müller fits best and starts work in 10 h, Fri 27 Nov 09:00 (Europe/Berlin)"));
    CHECK(has(output, "[DM to kai] @ana asks for flash help on kubernetes (30 min), request #1."));
    CHECK(has(output, "Why you: You know kubernetes, are one level ahead of the requester and share 8 h of their "
                      "working day."));
    CHECK(has(output, "[DM to ana] Good news: Request #1 (flash, kubernetes, 30 min): offered to @kai."));
    CHECK(has(output, "You accepted request #1 (flash, kubernetes) from @ana, 30 min, session #1."));
    CHECK(has(output, "Suggested slot: Fri 27 Nov 10:00 (Europe/Berlin) for you"));
    CHECK(has(output, "Outlook: https://outlook.office.com/"));
    CHECK(has(output, "Calendar file (.ics): "));
    CHECK(has(output, "[DM to ana] How was your session #1 on kubernetes with @kai?"));
    CHECK(has(output, "Sessions completed: 1"));
    CHECK(has(output, "Session outcomes (1 slot passed): completed 1, no-shows 0"));
    CHECK(has(output, "Average rating: 4.5 / 5 (2 ratings)"));
}

TEST_CASE("console: the mentor's accept shows the path of the .ics file, which holds the slot in UTC",
          "[flash][e2e][calendar]") {
    TempDirectory directory;
    const std::string output = run_console(directory, evening_request_accepted);
    INFO(output);
    // The reply kai reads, up to the message for ana.
    const std::size_t accepted = output.find("kai> /flash accept 1");
    REQUIRE(accepted != std::string::npos);
    const std::string reply = output.substr(accepted, output.find("[DM to ana]", accepted) - accepted);
    CHECK(has(reply, "Suggested slot: Fri 27 Nov 10:00 (Europe/Berlin) for you"));
    const std::string label = "Calendar file (.ics): ";
    const std::size_t at = reply.find(label);
    REQUIRE(at != std::string::npos);
    const std::string path = reply.substr(at + label.size(), reply.find('\n', at) - at - label.size());
    CHECK(std::filesystem::path(path).parent_path() == std::filesystem::path(directory.file("bot.db")).parent_path());
    REQUIRE(std::filesystem::is_regular_file(path));
    const std::string ics = read_text_file(path);
    CHECK(calendar_property(ics, "DTSTART") == "20261127T090000Z");  // 10:00 in Berlin
    CHECK(calendar_property(ics, "UID") == "session-1@mentorbot");
}

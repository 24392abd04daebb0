// Sessions reach an outcome: one "did it happen?" ask after the slot, answers by the two people, and moving a session.
#include <catch2/catch.hpp>

#include <chrono>

#include <date/date.h>

#include "domain/working_hours.h"
#include "storage/session_store.h"
#include "tests/support/console_members.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"
#include "tests/support/message_choices.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

const std::string ask = "happen? Answer with a button";

// Kai (Berlin) accepts ana's kubernetes request #1 at 14:00 UTC; returns the session's slot.
Seconds accepted_session(TestChat& chat) {
    chat.jump(5h);
    chat.run("ben", "/mentor pause");
    chat.run("carla", "/mentor pause");
    chat.run("ana", "/flash request kubernetes");
    REQUIRE(has(chat.run("kai", "/flash accept 1").response.text, "You accepted request #1"));
    chat.take_deliveries();
    const auto session = SessionStore(chat.database()).for_request(1);
    REQUIRE(session);
    REQUIRE(session->starts_at);
    return from_unix(*session->starts_at);
}

// The "did it happen?" asks delivered to `who` since the last take.
std::vector<Message> asks_in(const std::vector<OutboundMessage>& deliveries, const std::string& who) {
    std::vector<Message> asks;
    for (const auto& delivery : deliveries) {
        if (delivery.destination.target == console_member(who) && has(delivery.message.text, ask))
            asks.push_back(delivery.message);
    }
    return asks;
}

void advance_to(TestChat& chat, Seconds when) {
    chat.advance(std::chrono::duration_cast<std::chrono::seconds>(when - chat.clock().now()));
}

}  // namespace

TEST_CASE("after the slot both sides get one did-it-happen ask with three buttons", "[flash][outcome]") {
    TestChat chat;
    const Seconds slot = accepted_session(chat);
    const Seconds ask_at = slot + 30min + 24h;
    advance_to(chat, ask_at - 1min);
    auto deliveries = chat.take_deliveries();
    CHECK(asks_in(deliveries, "ana").empty());
    CHECK(asks_in(deliveries, "kai").empty());

    advance_to(chat, ask_at);
    deliveries = chat.take_deliveries();
    const auto to_ana = asks_in(deliveries, "ana");
    REQUIRE(to_ana.size() == 1);
    CHECK(has(to_ana[0].text, "Did your session #1 (kubernetes) with " + at("kai") + " on "));
    REQUIRE(to_ana[0].buttons.size() == 3);
    CHECK(to_ana[0].buttons[0].label == "It happened");
    CHECK(to_ana[0].buttons[0].command_line == "/flash outcome 1 answer:happened");
    CHECK(to_ana[0].buttons[1].label == "No-show");
    CHECK(to_ana[0].buttons[1].command_line == "/flash outcome 1 answer:no-show");
    CHECK(to_ana[0].buttons[2].label == "We moved it");
    CHECK(to_ana[0].buttons[2].command_line == "/flash outcome 1 answer:moved");
    CHECK(asks_in(deliveries, "kai").size() == 1);

    // Once only.
    chat.advance(72h);
    deliveries = chat.take_deliveries();
    CHECK(asks_in(deliveries, "ana").empty());
    CHECK(asks_in(deliveries, "kai").empty());
}

TEST_CASE("only the two people may answer, with one of the choices, and the first answer stands", "[flash][outcome]") {
    TestChat chat;
    const Seconds slot = accepted_session(chat);
    CHECK(has(chat.run("ana", "/flash outcome 1 answer:happened").response.text,
              "is planned for"));  // not yet
    advance_to(chat, slot + 30min + 24h);
    chat.take_deliveries();

    CHECK(has(chat.run("ben", "/flash outcome 1 answer:happened").response.text,
              "only the two people in the session of request #1 can say whether it happened."));
    CHECK(has(chat.run("ana", "/flash outcome 1 answer:maybe").response.text,
              "answer must be one of happened, no-show, moved"));
    CHECK(has(chat.run("ana", "/flash outcome 1").response.text, "missing required option `answer`"));
    CHECK(SessionStore(chat.database()).find(1)->outcome.empty());

    CHECK(has(chat.run("kai", "/flash outcome 1 answer:no-show").response.text,
              "Recorded a no-show for session #1 (kubernetes) with " + at("ana") + ", reported by you (the mentor)."));
    CHECK(has(chat.run("ana", "/flash outcome 1 answer:happened").response.text,
              "session #1 (kubernetes) is already recorded as a no-show (reported by " + at("kai") +
                  "); that first answer "
                  "stands."));
    const auto session = SessionStore(chat.database()).find(1);
    CHECK(session->outcome == "no-show");
    CHECK(session->outcome_by == "mentor");
}

TEST_CASE("it happened counts the session completed, and so does a rating", "[flash][outcome][stats]") {
    TestChat chat;
    const Seconds slot = accepted_session(chat);
    advance_to(chat, slot + 30min + 24h);
    chat.take_deliveries();
    const Reply answered = chat.run("ana", "/flash outcome 1 answer:happened");
    CHECK(has(answered.response.text,
              "Thank you: session #1 (kubernetes) with " + at("kai") + " is recorded as happened."));
    CHECK(choice_count(answered.response) == 5);  // and may rate it
    const std::string stats = chat.run("olivia", "/coach stats").response.text;
    CHECK(has(stats, "Sessions completed: 1"));
    CHECK(has(stats, "Session outcomes (1 slot passed): completed 1, no-shows 0, rescheduled (pending) 0, "
                     "unconfirmed 0"));
}

TEST_CASE("a session rated, cancelled or already answered gets no did-it-happen ask", "[flash][outcome]") {
    SECTION("rated") {
        TestChat chat;
        const Seconds slot = accepted_session(chat);
        advance_to(chat, slot + 30min);
        chat.run("kai", "/feedback session id:1 rating:4");
        const std::string stats = chat.run("olivia", "/coach stats").response.text;
        CHECK(has(stats, "Sessions completed: 1"));
        CHECK(has(stats, "completed 1, no-shows 0"));
        chat.advance(48h);
        const auto deliveries = chat.take_deliveries();
        CHECK(asks_in(deliveries, "ana").empty());
        CHECK(asks_in(deliveries, "kai").empty());
    }
    SECTION("cancelled") {
        TestChat chat;
        const Seconds slot = accepted_session(chat);
        chat.run("ana", "/flash cancel 1");
        advance_to(chat, slot + 30min + 48h);
        const auto deliveries = chat.take_deliveries();
        CHECK(asks_in(deliveries, "ana").empty());
        CHECK(asks_in(deliveries, "kai").empty());
        CHECK(has(chat.run("ana", "/flash outcome 1 answer:happened").response.text,
                  "request #1 is cancelled, so there is no session any more."));
    }
    SECTION("answered before the ask") {
        TestChat chat;
        const Seconds slot = accepted_session(chat);
        advance_to(chat, slot + 5min);
        CHECK(has(chat.run("kai", "/flash outcome 1 answer:no-show").response.text, "Recorded a no-show"));
        chat.advance(48h);
        const auto deliveries = chat.take_deliveries();
        CHECK(asks_in(deliveries, "ana").empty());
        CHECK(asks_in(deliveries, "kai").empty());
        CHECK(has(chat.run("olivia", "/coach stats").response.text,
                  "no-shows 1 (reported by the mentor 1, by the mentee 0)"));
    }
}

TEST_CASE("a session moves to a new time the other side confirms; the asks follow it", "[flash][outcome][reschedule]") {
    TestChat chat;
    const Seconds slot = accepted_session(chat);
    advance_to(chat, slot + 30min + 24h);
    chat.take_deliveries();
    CHECK(has(chat.run("ana", "/flash outcome 1 answer:moved").response.text,
              "Propose the new time in your own time zone (Europe/Berlin) with /flash reschedule 1 "
              "when:\"YYYY-MM-DD HH:MM\"; " +
                  at("kai") + " confirms it."));

    CHECK(has(chat.run("ana", "/flash reschedule 1 when:\"2026-11-20 10:00\"").response.text,
              "when must be in the future (2026-11-20 10:00 in Europe/Berlin has passed)."));
    CHECK(has(chat.run("ana", "/flash reschedule 1 when:tomorrow").response.text, "when must be a date and time"));
    CHECK(has(chat.run("ben", "/flash reschedule 1 when:\"2026-12-03 15:00\"").response.text,
              "only the two people in the session of request #1 can move it."));
    CHECK(has(chat.run("kai", "/flash reschedule 1 answer:confirm").response.text,
              "no new time for session #1 (kubernetes) is waiting for an answer"));

    const Reply proposed = chat.run("ana", "/flash reschedule 1 when:\"2026-12-03 15:00\"");
    CHECK(has(proposed.response.text,
              "Asked " + at("kai") + " to confirm moving session #1 (kubernetes) to Thu  3 Dec 15:00"));
    auto to_kai = chat.messages_for("kai");
    REQUIRE(to_kai.size() == 1);
    CHECK(has(to_kai[0].text, at("ana") + " proposes to move session #1 (kubernetes) from "));
    REQUIRE(to_kai[0].buttons.size() == 2);
    CHECK(to_kai[0].buttons[0].command_line == "/flash reschedule 1 answer:confirm");
    CHECK(to_kai[0].buttons[1].command_line == "/flash reschedule 1 answer:decline");
    CHECK(has(chat.run("ana", "/flash reschedule 1 answer:confirm").response.text,
              "you proposed the new time for session #1 (kubernetes); " + at("kai") + " confirms or declines it."));
    CHECK(has(chat.run("olivia", "/coach stats").response.text, "rescheduled (pending) 1, unconfirmed 0"));

    const Reply confirmed = chat.run("kai", "/flash reschedule 1 answer:confirm");
    CHECK(has(confirmed.response.text,
              "Confirmed: session #1 (kubernetes) with " + at("ana") + " moved to Thu  3 Dec 15:00"));
    CHECK(has(confirmed.response.text, "Add to calendar: https://calendar.google.com/"));
    const auto to_ana = chat.messages_for("ana");
    REQUIRE(to_ana.size() == 1);
    CHECK(has(to_ana[0].text, at("kai") + " confirmed the new time: session #1 (kubernetes) with " + at("kai") +
                                  " moved to Thu  3 Dec 15:00"));
    CHECK(has(to_ana[0].text, "Add to calendar: https://calendar.google.com/"));
    const auto session = SessionStore(chat.database()).find(1);
    CHECK(session->starts_at == to_unix(*parse_local_datetime("2026-12-03 15:00", "Europe/Berlin")));
    CHECK(session->first_starts_at == to_unix(slot));
    CHECK(session->outcome.empty());  // the new slot gets its own answer
    CHECK(has(chat.run("olivia", "/coach stats").response.text, "rescheduled (pending) 1, unconfirmed 0"));

    // The feedback ask and the outcome ask come after the new slot (14:00 UTC on 3 Dec).
    const Seconds new_slot = from_unix(*session->starts_at);
    advance_to(chat, new_slot + 30min - 1min);
    auto deliveries = chat.take_deliveries();
    CHECK(asks_in(deliveries, "ana").empty());
    advance_to(chat, new_slot + 30min);
    deliveries = chat.take_deliveries();
    bool asked_feedback = false;
    for (const auto& delivery : deliveries)
        asked_feedback = asked_feedback || (delivery.destination.target == console_member("ana") &&
                                            has(delivery.message.text, "How was your session #1"));
    CHECK(asked_feedback);
    CHECK(has(chat.run("olivia", "/coach stats").response.text, "rescheduled (pending) 0, unconfirmed 1"));
    advance_to(chat, new_slot + 30min + 24h);
    deliveries = chat.take_deliveries();
    CHECK(asks_in(deliveries, "ana").size() == 1);
    CHECK(asks_in(deliveries, "kai").size() == 1);
}

TEST_CASE("a declined new time leaves the slot as it was", "[flash][outcome][reschedule]") {
    TestChat chat;
    const Seconds slot = accepted_session(chat);
    chat.run("kai", "/flash reschedule 1 when:\"2026-12-01 11:00\"");
    chat.take_deliveries();
    CHECK(has(chat.run("ana", "/flash reschedule 1 answer:decline").response.text,
              "Declined the new time for session #1 (kubernetes); " + at("kai") + " is told and may propose another."));
    const auto to_kai = chat.messages_for("kai");
    REQUIRE(to_kai.size() == 1);
    CHECK(has(to_kai[0].text, at("ana") + " cannot make Tue  1 Dec 11:00"));
    const auto session = SessionStore(chat.database()).find(1);
    CHECK(session->starts_at == to_unix(slot));
    CHECK_FALSE(session->proposed_starts_at);
}

TEST_CASE("a second proposal replaces the first, and the other side is told so", "[flash][outcome][reschedule]") {
    TestChat chat;
    accepted_session(chat);
    chat.run("kai", "/flash reschedule 1 when:\"2026-12-01 11:00\"");
    chat.run("kai", "/flash reschedule 1 when:\"2026-12-02 11:00\"");
    const auto to_ana = chat.messages_for("ana");
    REQUIRE(to_ana.size() == 2);
    CHECK_FALSE(has(to_ana[0].text, "This replaces"));
    CHECK(has(to_ana[1].text, "to Wed  2 Dec 11:00 (Europe/Berlin). This replaces the time proposed before, Tue  1 "
                              "Dec 11:00 (Europe/Berlin). Confirm with"));
    CHECK(has(chat.run("ana", "/flash reschedule 1 answer:confirm").response.text, "moved to Wed  2 Dec 11:00"));
}

TEST_CASE("a new time may be given as tomorrow or a weekday, in the proposer's own zone",
          "[flash][outcome][reschedule]") {
    TestChat chat;
    accepted_session(chat);  // Thursday 26 Nov, 15:00 in Berlin
    CHECK(has(chat.run("ana", "/flash reschedule 1 when:\"tomorrow 15:30\"").response.text,
              "Asked " + at("kai") + " to confirm moving session #1 (kubernetes) to Fri 27 Nov 15:30 (Europe/Berlin)"));
    CHECK(has(chat.run("kai", "/flash reschedule 1 when:\"mon 10:00\"").response.text,
              "to Mon 30 Nov 10:00 (Europe/Berlin)"));
    CHECK(has(chat.run("kai", "/flash reschedule 1 when:\"someday 10:00\"").response.text,
              "when must be a date and time like \"2026-03-01 14:30\" or \"tomorrow 14:30\""));
}

TEST_CASE("a session held on a Friday is asked about on Monday, not at the weekend", "[flash][outcome][time]") {
    TestChat chat;
    chat.jump(24h + 5h);  // Friday 27 Nov, 14:00 UTC
    chat.run("ben", "/mentor pause");
    chat.run("carla", "/mentor pause");
    chat.run("ana", "/flash request kubernetes");
    REQUIRE(has(chat.run("kai", "/flash accept 1").response.text, "You accepted request #1"));
    const auto session = SessionStore(chat.database()).for_request(1);
    REQUIRE(session);
    REQUIRE(session->starts_at);
    const Seconds slot = from_unix(*session->starts_at);
    // Held on the Friday afternoon in Berlin.
    REQUIRE(slot < Seconds{date::sys_days{date::year{2026} / 11 / 27}} + 17h);
    chat.take_deliveries();
    advance_to(chat, Seconds{date::sys_days{date::year{2026} / 11 / 30}});  // Monday 00:00 UTC
    CHECK(asks_in(chat.take_deliveries(), "ana").empty());
    advance_to(chat, slot + 30min + 24h * 3);  // Monday, a day after the slot's time
    CHECK(asks_in(chat.take_deliveries(), "ana").size() == 1);
}

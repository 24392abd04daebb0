// Long-term mentorship over months: every:2w|4w, each check-in proposes the next slot, each feedback round is a new
// rating.
#include <catch2/catch.hpp>

#include <chrono>
#include <regex>

#include <date/date.h>

#include "commands/flash_flow.h"
#include "domain/working_hours.h"
#include "storage/feedback_store.h"
#include "storage/request_store.h"
#include "storage/session_store.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"
#include "tests/support/message_choices.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

std::vector<Message> messages_for(const std::vector<OutboundMessage>& all, const std::string& who) {
    std::vector<Message> found;
    for (const auto& delivery : all) {
        if (delivery.destination.target == console_member(who)) found.push_back(delivery.message);
    }
    return found;
}

// The start of the slot a message proposes, read from its Google Calendar link.
std::optional<Instant> proposed_start(const std::string& text) {
    static const std::regex dates(R"(dates=(\d{8}T\d{6}Z)/)");
    std::smatch match;
    if (!std::regex_search(text, match, dates)) return std::nullopt;
    std::istringstream in(match[1].str());
    date::sys_seconds start;
    in >> date::parse("%Y%m%dT%H%M%SZ", start);
    if (in.fail()) return std::nullopt;
    return start;
}

bool is_working_day(const std::string& zone, Instant at) {
    const Instant local = at + std::chrono::minutes(utc_offset_minutes(zone, at));
    const date::weekday day{date::floor<date::days>(local)};
    return day != date::Saturday && day != date::Sunday;
}

// ana (Berlin) with carla (New York): ben and kai, who also offer kubernetes, are paused.
void pair_ana_with_carla(TestChat& chat, const std::string& request_line) {
    chat.jump(5h);  // 14:00 UTC: both at work
    chat.run("ben", "/mentor pause");
    chat.run("kai", "/mentor pause");
    chat.run("ana", request_line);
    REQUIRE(RequestStore(chat.database()).find(1)->candidate_id == console_member("carla"));
    chat.run("carla", "/flash accept 1");
    chat.take_deliveries();
}

}  // namespace

TEST_CASE("a long-term pairing every two weeks meets on working days in both zones and rates each feedback round",
          "[flash][long-term][rhythm]") {
    TestChat chat;
    pair_ana_with_carla(chat, "/flash request kubernetes kind:long-term every:2w");
    CHECK(SessionStore(chat.database()).find(1)->rhythm_days == 14);
    const WorkingSchedule ana = working_schedule_of(chat.database(), chat.app().config(), console_member("ana"));
    const WorkingSchedule carla = working_schedule_of(chat.database(), chat.app().config(), console_member("carla"));

    // The first meeting is the accepted slot, Thursday 26 Nov 14:30 UTC.
    Instant previous = date::sys_days{date::year{2026} / 11 / 26} + 14h + 30min;
    int check_ins = 0;
    int ratings_given = 0;
    // Twenty weeks, a day at a time: through the winter and both daylight-saving changes of spring.
    for (int day = 0; day < 140; ++day) {
        chat.advance(24h);
        const auto delivered = chat.take_deliveries();
        const auto for_ana = messages_for(delivered, "ana");
        const auto for_carla = messages_for(delivered, "carla");
        if (for_ana.empty()) {
            CHECK(for_carla.empty());
            continue;
        }
        ++check_ins;
        INFO("check-in " << check_ins << ": " << for_ana.front().text);
        REQUIRE(for_ana.size() == 1);
        REQUIRE(for_carla.size() == 1);
        CHECK(has(for_ana.front().text, "time for meeting " + std::to_string(check_ins)));
        CHECK(has(for_ana.front().text, "Outlook: https://outlook.office.com/calendar/deeplink/compose?"));
        // Each check-in proposes the next meeting two weeks on, inside both people's working day.
        const std::optional<Instant> slot = proposed_start(for_ana.front().text);
        REQUIRE(slot);
        CHECK(proposed_start(for_carla.front().text) == slot);
        const auto gap = std::chrono::duration_cast<std::chrono::hours>(*slot - previous).count();
        CHECK(gap >= 14 * 24);
        CHECK(gap < 15 * 24);
        CHECK(is_working_day("Europe/Berlin", *slot));
        CHECK(is_working_day("America/New_York", *slot));
        CHECK(is_inside_working_hours(ana, *slot));
        CHECK(is_inside_working_hours(carla, *slot));
        CHECK(is_inside_working_hours(ana, *slot + 59min));
        CHECK(is_inside_working_hours(carla, *slot + 59min));
        // The check-in itself comes a week ahead.
        CHECK(*slot - chat.clock().now() > std::chrono::hours(24 * 5));
        previous = *slot;

        const bool asks = check_ins % 3 == 0;
        // The other check-ins ask whether the last meeting took place.
        const std::size_t buttons = asks ? 5u : 2u;
        CHECK(choice_count(for_ana.front()) == buttons);
        CHECK(choice_count(for_carla.front()) == buttons);
        if (asks) {
            // Each round is a new rating, not a replacement of the first one.
            const Reply rated = chat.run("ana", "/feedback session id:1 rating:5 goal:met");
            CHECK(has(rated.response.text, "rated 5/5 for feedback round " + std::to_string(check_ins / 3)));
            CHECK_FALSE(has(rated.response.text, "replaces"));
            CHECK_FALSE(has(rated.response.text, "already rated"));
            CHECK(has(chat.run("carla", "/feedback session id:1 rating:4").response.text, "rated 4/5"));
            ratings_given += 2;
            chat.take_deliveries();
        }
    }
    CHECK(check_ins >= 9);
    CHECK(ratings_given == 6);
    // Every round counts: the mentor's own figures and the program's.
    CHECK(FeedbackStore(chat.database()).about_mentor(console_member("carla"), 5).sessions_rated == 3);
    CHECK(has(chat.run("carla", "/feedback summary").response.text, "As a mentor: 3 ratings, average 5.0/5"));
    CHECK(has(chat.run("olivia", "/coach stats 365").response.text, "(6 ratings)"));
}

TEST_CASE("within a feedback round a rating changes only within a day, and done right after it asks nobody twice",
          "[flash][long-term][rhythm]") {
    TestChat chat;
    pair_ana_with_carla(chat, "/flash request kubernetes kind:long-term");
    CHECK(SessionStore(chat.database()).find(1)->rhythm_days == 28);
    // A rating after the first meeting, before any round.
    CHECK(has(chat.run("ana", "/feedback session id:1 rating:3").response.text, "rated 3/5."));
    for (int check_in = 1; check_in <= 3; ++check_in) {
        chat.advance(28 * 24h);
        chat.take_deliveries();
    }
    CHECK(SessionStore(chat.database()).find(1)->meetings == 3);
    // Round 1 opened with meeting 3: ana's new rating is a second one, not refused.
    CHECK(has(chat.run("ana", "/feedback session id:1 rating:4").response.text, "rated 4/5 for feedback round 1."));
    CHECK(has(chat.run("ana", "/feedback session id:1 rating:5").response.text, "replaces your earlier feedback"));
    chat.advance(25h);
    chat.take_deliveries();
    CHECK(has(chat.run("ana", "/feedback session id:1 rating:2").response.text,
              "you already rated session #1 in this feedback round more than 24 hours ago; that rating stands. The "
              "next round comes with meeting 6."));
    // ana ends the pairing right after her rating: she is not asked again, carla is.
    const Reply done = chat.run("ana", "/flash done 1");
    CHECK(has(done.response.text, "Marked request #1 (long-term, kubernetes) done. Thank you!"));
    CHECK(choice_count(done.response) == 0);
    const auto to_carla = chat.messages_for("carla");
    REQUIRE(to_carla.size() == 1);
    CHECK(choice_count(to_carla.front()) == 5);
    CHECK(FeedbackStore(chat.database()).given_by(console_member("ana")) == 2);
}

TEST_CASE("a bad every: value gets a private answer that lists the choices and asks nobody",
          "[flash][long-term][rhythm]") {
    TestChat chat;
    chat.jump(5h);
    const Reply three_weeks = chat.run("ana", "/flash request kubernetes kind:long-term every:3w");
    CHECK(has(three_weeks.response.text, "every must be one of 2w, 4w"));
    CHECK_FALSE(three_weeks.is_public);
    const Reply not_long_term = chat.run("ana", "/flash request kubernetes every:2w");
    CHECK(has(not_long_term.response.text, "every: sets how often a long-term pairing meets (2w or 4w)"));
    CHECK_FALSE(RequestStore(chat.database()).find(1));
    CHECK(chat.take_deliveries().empty());
}

TEST_CASE("a long-term pair that stops meeting is nudged once and admins see it going quiet",
          "[flash][long-term][rhythm][nudge]") {
    TestChat chat;
    pair_ana_with_carla(chat, "/flash request kubernetes kind:long-term every:2w");
    // Check-ins come every two weeks; each asks whether the last meeting took place.
    const auto next_check_in = [&chat]() {
        for (int day = 0; day < 20; ++day) {
            chat.advance(24h);
            const auto for_ana = messages_for(chat.take_deliveries(), "ana");
            if (!for_ana.empty()) return for_ana.front();
        }
        FAIL("no check-in within 20 days");
        return Message{};
    };
    const auto quiet_pairs = [&chat]() { return chat.run("olivia", "/coach stats").response.text; };

    // Check-in 1 asks about the accepted slot; ana answers that they met.
    const Message first = next_check_in();
    CHECK(has(first.text, "Did your last meeting take place?"));
    REQUIRE(first.buttons.size() == 2);
    CHECK(first.buttons[0].command_line == "/flash outcome 1 answer:happened");
    CHECK(has(chat.run("ana", first.buttons[0].command_line).response.text, "is recorded"));

    // Nobody answers check-ins 2 and 3 (3 asks for a rating): no nudge yet, one quiet check-in.
    CHECK_FALSE(has(next_check_in().text, "No meeting has been recorded"));
    CHECK_FALSE(has(next_check_in().text, "No meeting has been recorded"));
    CHECK(has(quiet_pairs(), "Long-term pairs: 1 (going quiet, two check-ins without a meeting: 0)"));

    // Check-in 4: two check-ins in a row without a meeting: one friendly nudge to both.
    const Message fourth = next_check_in();
    CHECK(has(fourth.text, "No meeting has been recorded for 2 check-ins."));
    CHECK(has(quiet_pairs(), "Long-term pairs: 1 (going quiet, two check-ins without a meeting: 1)"));
    // Once per quiet stretch: check-in 5 does not nudge again.
    CHECK_FALSE(has(next_check_in().text, "No meeting has been recorded"));

    // carla says they met: the stretch ends, and the figures say so.
    CHECK(has(chat.run("carla", "/flash outcome 1 answer:happened").response.text, "is recorded"));
    CHECK(has(next_check_in().text, "Every third meeting I ask for feedback"));
    CHECK(has(quiet_pairs(), "going quiet, two check-ins without a meeting: 0)"));

    // Someone outside the pair cannot answer for it.
    CHECK(has(chat.run("ben", "/flash outcome 1 answer:happened").response.text, "only the two people"));
}

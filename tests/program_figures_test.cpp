// The program figures query on its own: what falls inside the period, what counts as matched, how deliveries add up.
#include <catch2/catch.hpp>

#include <string>

#include "storage/database.h"
#include "storage/program_figures.h"
#include "tests/support/temp_directory.h"

using namespace mentorbot;
using mentorbot::testing::TempDirectory;

namespace {

constexpr long long day = 24 * 3600;
constexpr long long now = 1'800'000'000;

std::string ago(long long seconds) { return std::to_string(now - seconds); }

}  // namespace

TEST_CASE("program figures count only what happened inside the period", "[stats][storage]") {
    TempDirectory directory;
    Database database(directory.file("figures.db"));
    // clang-format off
    database.execute(
        "INSERT INTO requests (id, kind, topic, minutes, status, created_at, accepted_at) VALUES "
        "(1, 'flash', 'sql', 30, 'done', " + ago(2 * day - 2 * 3600) + ", " + ago(2 * day - 2 * 3600 - 30 * 60) + "),"
        "(2, 'micro', 'sql', 15, 'queued', " + ago(day) + ", NULL),"
        "(3, 'flash', 'go', 30, 'done', " + ago(10 * day) + ", " + ago(10 * day - 60) + ")");
    database.execute(
        "INSERT INTO announcements (id, target, text, created_at) VALUES (1, 'all', 'hello', " + ago(day) + ")");
    database.execute(
        "INSERT INTO outbox (destination_kind, target, message, announcement_id, status, next_attempt_at, created_at) VALUES "
        "('direct', 'a', '{}', 1, 'sent', 0, 0), ('direct', 'b', '{}', 1, 'sent', 0, 0),"
        "('direct', 'c', '{}', 1, 'failed', 0, 0), ('direct', 'd', '{}', 1, 'pending', 0, 0)");
    // clang-format on

    // Request 1 waited from 10:00 to 10:30 UTC on a Wednesday, inside the default hours.
    ProgramFigures week = compute_program_figures(database, now, 7);
    CHECK(week.days == 7);
    CHECK(week.requests == 2);
    CHECK(week.requests_by_kind == std::map<std::string, int>{{"flash", 1}, {"micro", 1}});
    CHECK(week.matched == 1);
    CHECK(week.match_rate() == Approx(0.5));
    REQUIRE(week.median_working_minutes_to_accept);
    CHECK(*week.median_working_minutes_to_accept == Approx(30));
    REQUIRE(week.unmet_topics.size() == 1);
    CHECK(week.unmet_topics[0].topic == "sql");
    CHECK_FALSE(week.unmet_topics[0].any_mentor_offers_it);
    CHECK(week.announcements == 1);
    CHECK(week.deliveries_sent == 2);
    CHECK(week.deliveries_failed == 1);
    CHECK(week.deliveries_waiting == 1);

    ProgramFigures month = compute_program_figures(database, now, 30);
    CHECK(month.requests == 3);
    CHECK(month.matched == 2);
    REQUIRE(month.top_topics.size() == 2);
    CHECK(month.top_topics[0].topic == "sql");
    CHECK(month.top_topics[0].requests == 2);
}

TEST_CASE("program figures of an empty file are zero with no median and no average", "[stats][storage]") {
    TempDirectory directory;
    Database database(directory.file("empty.db"));
    ProgramFigures figures = compute_program_figures(database, now, 30);
    CHECK(figures.requests == 0);
    CHECK(figures.match_rate() == 0);
    CHECK_FALSE(figures.median_working_minutes_to_accept);
    CHECK_FALSE(figures.average_rating);
    CHECK(figures.mentors == 0);
    CHECK(figures.deliveries_waiting == 0);
}

TEST_CASE("session outcomes add up to the one-off sessions whose slot has passed, and a rated one is completed",
          "[stats][storage][outcome]") {
    TempDirectory directory;
    Database database(directory.file("figures.db"));
    const std::string hour = std::to_string(3600);
    // id, slot start (seconds ago; NULL for none), rhythm, status, completed, outcome, by, proposed, first slot
    // clang-format off
    database.execute(
        "INSERT INTO sessions (id, kind, topic, starts_at, minutes, rhythm_days, status, created_at, completed_at, "
        "outcome, outcome_by, proposed_starts_at, first_starts_at) VALUES "
        "(1, 'flash', 'sql', " + ago(day) + ", 30, NULL, 'scheduled', " + ago(2 * day) + ", NULL, NULL, NULL, NULL, NULL),"       // rated only
        "(2, 'flash', 'sql', " + ago(day) + ", 30, NULL, 'done', " + ago(2 * day) + ", " + ago(day) + ", NULL, NULL, NULL, NULL),"  // /flash done
        "(3, 'flash', 'sql', " + ago(day) + ", 30, NULL, 'scheduled', " + ago(2 * day) + ", " + ago(day) + ", 'happened', 'mentee', NULL, NULL),"
        "(4, 'flash', 'sql', " + ago(day) + ", 30, NULL, 'scheduled', " + ago(2 * day) + ", NULL, 'no-show', 'mentor', NULL, NULL),"
        "(5, 'flash', 'sql', " + ago(day) + ", 30, NULL, 'scheduled', " + ago(2 * day) + ", NULL, 'no-show', 'mentee', NULL, NULL),"
        "(6, 'flash', 'sql', " + ago(day) + ", 30, NULL, 'scheduled', " + ago(2 * day) + ", NULL, 'no-show', 'mentee', NULL, NULL),"  // rated after all
        "(7, 'flash', 'sql', " + ago(day) + ", 30, NULL, 'scheduled', " + ago(2 * day) + ", NULL, 'moved', 'mentor', NULL, NULL),"
        "(8, 'flash', 'sql', " + ago(day) + ", 30, NULL, 'scheduled', " + ago(2 * day) + ", NULL, NULL, NULL, " + ago(-day) + ", NULL),"
        "(9, 'flash', 'sql', " + ago(-day) + ", 30, NULL, 'scheduled', " + ago(2 * day) + ", NULL, NULL, NULL, NULL, " + ago(day) + "),"   // moved ahead
        "(10, 'flash', 'sql', " + ago(3600) + ", 30, NULL, 'scheduled', " + ago(2 * day) + ", NULL, NULL, NULL, NULL, " + ago(day) + "),"  // moved, passed again
        "(11, 'flash', 'sql', " + ago(day) + ", 30, NULL, 'scheduled', " + ago(2 * day) + ", NULL, NULL, NULL, NULL, NULL),"
        "(12, 'flash', 'sql', " + ago(-day) + ", 30, NULL, 'scheduled', " + ago(2 * day) + ", NULL, NULL, NULL, NULL, NULL),"  // still ahead
        "(13, 'flash', 'sql', " + ago(10 * 60) + ", 30, NULL, 'scheduled', " + ago(2 * day) + ", NULL, NULL, NULL, NULL, NULL)," // under way
        "(14, 'long-term', 'sql', " + ago(day) + ", 60, 30, 'active', " + ago(2 * day) + ", NULL, NULL, NULL, NULL, NULL),"
        "(15, 'flash', 'sql', NULL, 30, NULL, 'scheduled', " + ago(2 * day) + ", NULL, NULL, NULL, NULL, NULL),"
        "(16, 'flash', 'sql', " + ago(40 * day) + ", 30, NULL, 'scheduled', " + ago(41 * day) + ", NULL, NULL, NULL, NULL, NULL)");
    database.execute(
        "INSERT INTO feedback (session_id, rating, created_at, updated_at) VALUES "
        "(1, 5, " + ago(day) + ", " + ago(day) + "), (6, 4, " + ago(day) + ", " + ago(day) + ")");
    // clang-format on

    const SessionOutcomes outcomes = compute_program_figures(database, now, 30).outcomes;
    CHECK(outcomes.completed == 4);  // rated, done, answered "happened", rated after a no-show
    CHECK(outcomes.no_shows == 2);
    CHECK(outcomes.no_shows_reported_by_mentor == 1);
    CHECK(outcomes.no_shows_reported_by_mentee == 1);
    CHECK(outcomes.rescheduled == 3);  // answered "moved", a new time proposed, moved to a slot still ahead
    CHECK(outcomes.unconfirmed == 2);  // nobody answered, and a moved session whose new slot passed unanswered
    CHECK(outcomes.slot_passed == 11);
    // The invariant: every accepted one-off session whose slot has passed is in exactly one group.
    CHECK(outcomes.grouped() == outcomes.slot_passed);
}

TEST_CASE("the wait for an accept counts only the requester's working time", "[stats][storage]") {
    TempDirectory directory;
    Database database(directory.file("figures.db"));
    // Ana works 08:00-16:00 in Berlin (UTC+1 in January) and asked on Friday 2027-01-08 at
    // 15:30 there; Ben works the default hours in UTC and asked on Thursday at 16:45 UTC.
    // clang-format off
    database.execute(
        "INSERT INTO members (id, time_zone, created_at, updated_at) VALUES "
        "('console:local:ana', 'Europe/Berlin', 0, 0), ('console:local:ben', NULL, 0, 0)");
    database.execute(
        "INSERT INTO mentor_offers (member_id, capacity, hours_start, hours_end, created_at, updated_at) VALUES "
        "('console:local:ana', 2, 480, 960, 0, 0)");
    const long long friday_1430_utc = 1'799'418'600;  // Fri 2027-01-08 14:30 UTC
    const long long thursday_1645_utc = 1'799'340'300;  // Thu 2027-01-07 16:45 UTC
    database.execute(
        "INSERT INTO requests (id, requester_id, kind, topic, minutes, status, created_at, accepted_at) VALUES "
        // accepted on Monday 08:15 Berlin: 30 minutes on Friday and 15 on Monday
        "(1, 'console:local:ana', 'flash', 'sql', 30, 'done', " + std::to_string(friday_1430_utc) + ", " +
            std::to_string(friday_1430_utc + 2 * day + 16 * 3600 + 45 * 60) + "),"
        // accepted on Friday 09:10 UTC: 15 minutes on Thursday and 10 on Friday
        "(2, 'console:local:ben', 'flash', 'sql', 30, 'done', " + std::to_string(thursday_1645_utc) + ", " +
            std::to_string(thursday_1645_utc + 16 * 3600 + 25 * 60) + ")");
    // clang-format on
    const ProgramFigures both = compute_program_figures(database, now, 30);
    REQUIRE(both.matched == 2);
    REQUIRE(both.median_working_minutes_to_accept);
    CHECK(*both.median_working_minutes_to_accept == Approx((45 + 25) / 2.0));
    // Alone, Ana's wait of a weekend is 45 working minutes, not 66 hours.
    const ProgramFigures ana_only = compute_program_figures(database, friday_1430_utc + 3 * day, 3);
    REQUIRE(ana_only.median_working_minutes_to_accept);
    CHECK(*ana_only.median_working_minutes_to_accept == Approx(45));
}

// /coach stats: figures computed from whatever the flash, feedback and pod tables hold; admins only; no names.
#include <catch2/catch.hpp>

#include "commands/program_stats.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

void execute(Database& database, const std::string& sql) { database.connection().exec(sql); }

}  // namespace

TEST_CASE("program figures count requests, matches, sessions, ratings, topics, load and pods", "[stats]") {
    TestChat chat;
    Database& db = chat.database();
    long long now = to_unix(chat.clock().now());
    long long day = 24 * 3600;
    auto at = [&](long long seconds_ago) { return std::to_string(now - seconds_ago); };
    // Requests in the last 30 days: 4 flash (3 accepted after 10, 20 and 60 minutes, 1 still offered to a mentor),
    // 1 micro waiting on a topic nobody offers, 1 reverse waiting on a topic only an unfitting mentor offers;
    // one request from 40 days ago.
    // The rows read as a table; the formatter would break them apart.
    // clang-format off
    execute(db,
            "INSERT INTO requests (id, requester_id, kind, topic, minutes, status, created_at, accepted_at, closed_at) VALUES "
            "(1, 'console:local:ana', 'flash', 'kubernetes', 30, 'done', " + at(5 * day) + ", " + at(5 * day - 600) + ", " + at(4 * day) + "),"
            "(2, 'console:local:mo', 'flash', 'kubernetes', 30, 'accepted', " + at(3 * day) + ", " + at(3 * day - 1200) + ", NULL),"
            "(3, 'console:local:ines', 'flash', 'sql', 30, 'done', " + at(2 * day) + ", " + at(2 * day - 3600) + ", " + at(day) + "),"
            "(4, 'console:local:jon', 'flash', 'figma', 30, 'offered', " + at(day) + ", NULL, NULL),"
            "(5, 'console:local:hugo', 'micro', 'rust', 15, 'queued', " + at(day) + ", NULL, NULL),"
            "(6, 'console:local:farid', 'reverse', 'generative ai', 30, 'queued', " + at(day) + ", NULL, NULL),"
            "(7, 'console:local:ana', 'flash', 'go', 30, 'done', " + at(40 * day) + ", " + at(40 * day - 60) + ", " + at(39 * day) + ")");
    execute(db,
            "INSERT INTO sessions (id, request_id, mentor_id, mentee_id, kind, topic, minutes, status, created_at, completed_at) VALUES "
            "(1, 1, 'console:local:ben', 'console:local:ana', 'flash', 'kubernetes', 30, 'done', " + at(5 * day) + ", " + at(4 * day) + "),"
            "(2, 2, 'console:local:ben', 'console:local:mo', 'flash', 'kubernetes', 30, 'scheduled', " + at(3 * day) + ", NULL),"
            "(3, 3, 'console:local:dev', 'console:local:ines', 'flash', 'sql', 30, 'done', " + at(2 * day) + ", " + at(day) + "),"
            "(4, 7, 'console:local:kai', 'console:local:ana', 'flash', 'go', 30, 'done', " + at(40 * day) + ", " + at(39 * day) + ")");
    execute(db,
            "INSERT INTO feedback (session_id, from_id, about_id, rating, goal, comment, created_at, updated_at) VALUES "
            "(1, 'console:local:ana', 'console:local:ben', 5, 'met', 'Ben was wonderfully clear', " + at(4 * day) + ", " + at(4 * day) + "),"
            "(3, 'console:local:ines', 'console:local:dev', 2, 'partly', 'felt rushed', " + at(day) + ", " + at(day) + "),"
            "(4, 'console:local:ana', 'console:local:kai', 1, 'not', 'old news', " + at(39 * day) + ", " + at(39 * day) + ")");
    // clang-format on
    chat.run("ana", "/pod create rust-readers");
    chat.run("ben", "/pod join rust-readers");
    chat.run("ben", "/pod checkin rust-readers note:\"private notes\"");
    chat.run("kai", "/pod create go-club");

    REQUIRE(contains(chat.run("ana", "/coach stats").response.text, "/coach stats is for program admins only"));

    std::string figures = chat.run("olivia", "/coach stats").response.text;
    INFO(figures);
    REQUIRE(contains(figures, "last 30 days"));
    REQUIRE(contains(figures, "Requests: 6 (flash 4, micro 1, reverse 1)"));
    REQUIRE(contains(figures, "Match rate: 50% (3 accepted)"));
    REQUIRE(contains(figures, "Median wait for an accept (requester's working time): 20 min"));
    REQUIRE(contains(figures, "Sessions completed: 2"));
    REQUIRE(contains(figures, "Average rating: 3.5 / 5 (2 ratings)"));
    REQUIRE(contains(figures, "Top topics: kubernetes 2, figma 1, generative ai 1, rust 1, sql 1"));
    // Rust has no mentor at all; generative ai has one who fits farid's reverse request (gia, in New York), and at
    // 04:00 there she is not at work; cancelled or accepted requests are not unmet.
    REQUIRE(contains(figures, "Unmet topics: rust 1 (no mentor offers it), generative ai 1 (held for working hours)"));
    REQUIRE_FALSE(contains(figures, "figma 1 ("));
    // Seven demo mentors: ben 2 sessions, dev 1, the other five 0.
    REQUIRE(contains(figures, "Mentor load: median 0, max 2 sessions (7 mentors)"));
    REQUIRE(contains(figures, "Active pods: 2 (3 memberships)"));
    REQUIRE(contains(figures, "Check-ins: 1 (1 pod met)"));
    // Figures only: no comment, no note, nobody's name.
    for (const char* never : {"wonderfully", "rushed", "private notes", "console:local:", "Ben", "ana"})
        REQUIRE_FALSE(contains(figures, never));

    std::string longer = chat.run("olivia", "/coach stats 60").response.text;
    REQUIRE(contains(longer, "last 60 days"));
    REQUIRE(contains(longer, "Requests: 7 (flash 5, micro 1, reverse 1)"));
    REQUIRE(contains(longer, "Average rating: 2.7 / 5 (3 ratings)"));
    REQUIRE(contains(chat.run("olivia", "/coach stats 0").response.text, "days must be between 1 and 3650"));
}

TEST_CASE("program figures of an empty program say so plainly", "[stats]") {
    TestChat chat(false);
    ProgramFigures figures = compute_program_figures(chat.database(), to_unix(chat.clock().now()), 30);
    REQUIRE(figures.requests == 0);
    REQUIRE(figures.mentors == 0);
    std::string text = describe_program_figures(figures);
    REQUIRE(contains(text, "Match rate: – (0 accepted)"));
    REQUIRE(contains(text, "Unmet topics: none"));
    REQUIRE(contains(text, "Active pods: 0 (0 memberships)"));
}

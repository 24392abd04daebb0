// The dashboard scenario's rows, written as the flash, feedback and pod commands would leave them.
#include "tests/support/dashboard_scenario.h"

#include <string>

namespace mentorbot::testing {

void load_dashboard_scenario(TestChat& chat) {
    Database& db = chat.database();
    const long long now = to_unix(chat.clock().now());
    const long long day = 24 * 3600;
    auto at = [&](long long seconds_ago) { return std::to_string(now - seconds_ago); };
    auto execute = [&](const std::string& sql) { db.connection().exec(sql); };
    // The rows read as a table; the formatter would break them apart.
    // clang-format off
    execute("INSERT INTO requests (id, requester_id, kind, topic, minutes, status, candidate_id, offered_at, created_at, accepted_at, closed_at) VALUES "
            "(1, 'console:local:ana', 'flash', 'kubernetes', 30, 'done', NULL, NULL, " + at(5 * day) + ", " + at(5 * day - 600) + ", " + at(4 * day) + "),"
            "(2, 'console:local:mo', 'flash', 'kubernetes', 30, 'accepted', NULL, NULL, " + at(3 * day) + ", " + at(3 * day - 1200) + ", NULL),"
            "(3, 'console:local:ines', 'flash', 'sql', 30, 'done', NULL, NULL, " + at(2 * day) + ", " + at(2 * day - 3600) + ", " + at(day) + "),"
            "(4, 'console:local:jon', 'flash', 'figma', 30, 'offered', 'console:local:emma', " + at(day) + ", " + at(day) + ", NULL, NULL),"
            "(5, 'console:local:hugo', 'micro', 'rust', 15, 'queued', NULL, NULL, " + at(day) + ", NULL, NULL),"
            "(6, 'console:local:farid', 'reverse', 'generative ai', 30, 'queued', NULL, NULL, " + at(day) + ", NULL, NULL),"
            "(7, 'console:local:ana', 'flash', 'sql', 30, 'accepted', NULL, NULL, " + at(10 * day) + ", " + at(10 * day - 1800) + ", NULL),"
            "(8, 'console:local:ana', 'flash', 'go', 30, 'done', NULL, NULL, " + at(40 * day) + ", " + at(40 * day - 60) + ", " + at(39 * day) + ")");
    execute("INSERT INTO sessions (id, request_id, mentor_id, mentee_id, kind, topic, starts_at, minutes, status, outcome, outcome_by, created_at, completed_at) VALUES "
            "(1, 1, 'console:local:ben', 'console:local:ana', 'flash', 'kubernetes', " + at(5 * day - 3600) + ", 30, 'done', NULL, NULL, " + at(5 * day) + ", " + at(4 * day) + "),"
            "(2, 2, 'console:local:ben', 'console:local:mo', 'flash', 'kubernetes', " + at(3 * day - 3600) + ", 30, 'scheduled', 'no-show', 'mentor', " + at(3 * day) + ", NULL),"
            "(3, 3, 'console:local:dev', 'console:local:ines', 'flash', 'sql', " + at(2 * day - 3600) + ", 30, 'done', NULL, NULL, " + at(2 * day) + ", " + at(day) + "),"
            "(4, 7, 'console:local:dev', 'console:local:ana', 'flash', 'sql', " + at(10 * day - 3600) + ", 30, 'scheduled', NULL, NULL, " + at(10 * day) + ", NULL),"
            "(5, 8, 'console:local:kai', 'console:local:ana', 'flash', 'go', " + at(40 * day - 3600) + ", 30, 'done', NULL, NULL, " + at(40 * day) + ", " + at(39 * day) + ")");
    execute("INSERT INTO feedback (session_id, from_id, about_id, rating, goal, comment, created_at, updated_at) VALUES "
            "(1, 'console:local:ana', 'console:local:ben', 5, 'met', 'Ben was wonderfully clear', " + at(4 * day) + ", " + at(4 * day) + "),"
            "(3, 'console:local:ines', 'console:local:dev', 2, 'partly', 'felt rushed', " + at(day) + ", " + at(day) + "),"
            "(5, 'console:local:ana', 'console:local:kai', 1, 'not', 'old news', " + at(39 * day) + ", " + at(39 * day) + ")");
    execute("UPDATE mentor_offers SET capacity = 1 WHERE member_id = 'console:local:dev'");
    // clang-format on
    chat.run("ana", "/pod create rust-readers");
    chat.run("ben", "/pod join rust-readers");
    chat.run("kai", "/pod create go-club kind:circle");
    // clang-format off
    execute("INSERT INTO pods (name, kind, size, cadence, created_at, tenant) VALUES ('quiet-club', 'learning', 6, 'weekly', " + at(30 * day) + ", 'console:local')");
    execute("INSERT INTO pod_members (pod_id, member_id, joined_at) SELECT id, 'console:local:hugo', " + at(30 * day) + " FROM pods WHERE name = 'quiet-club'");
    execute("INSERT INTO pod_attendance (pod_id, member_id, meeting_at, asked_at, answer, answered_at) "
            "SELECT id, 'console:local:ana', " + at(2 * day) + ", " + at(2 * day) + ", 'met', " + at(2 * day) + " FROM pods WHERE name = 'rust-readers' UNION ALL "
            "SELECT id, 'console:local:ben', " + at(2 * day) + ", " + at(2 * day) + ", 'skipped', " + at(2 * day) + " FROM pods WHERE name = 'rust-readers' UNION ALL "
            "SELECT id, 'console:local:kai', " + at(9 * day) + ", " + at(9 * day) + ", 'met', " + at(9 * day) + " FROM pods WHERE name = 'go-club'");
    // clang-format on
    chat.run("olivia", "/announce pod:rust-readers text:\"Welcome <b>readers</b> & friends\"");
}

}  // namespace mentorbot::testing

// Mentors' ratings by topic as matching weighs them: kept in memory through ratings, changes, forgetting, rollbacks
// and other writers, always what the tables say.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>

#include "domain/mentor_index.h"
#include "storage/database.h"
#include "storage/feedback_store.h"
#include "storage/member_store.h"
#include "storage/topic_ratings_cache.h"
#include "tests/support/console_members.h"
#include "tests/support/match_inputs.h"
#include "tests/support/temp_directory.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

constexpr long long noon = 1'800'000'000;

// Each mentor's (average, count) on `topic` as a fresh join of the tables gives them.
std::map<std::string, std::pair<double, int>> ratings_in_sql(Database& database, const std::string& topic) {
    auto& query = database.prepare(
        "SELECT s.mentor_id, AVG(f.rating), COUNT(*) FROM feedback f JOIN sessions s ON s.id = f.session_id "
        "WHERE s.topic = ? AND f.about_id = s.mentor_id AND s.mentor_id IS NOT NULL GROUP BY s.mentor_id");
    query.bind(1, topic);
    std::map<std::string, std::pair<double, int>> ratings;
    while (query.executeStep())
        ratings[query.getColumn(0).getString()] = {query.getColumn(1).getDouble(), query.getColumn(2).getInt()};
    query.reset();
    return ratings;
}

std::map<std::string, std::pair<double, int>> kept(Database& database, const std::string& topic) {
    std::map<std::string, std::pair<double, int>> ratings;
    for (const auto& [mentor, rating] : database.attached<TopicRatingsCache>().on(topic))
        ratings[mentor] = {rating.average, rating.count};
    return ratings;
}

void require_same_as_sql(Database& database) {
    for (const char* topic : {"go", "rust", "sql"}) {
        INFO(topic);
        const auto in_memory = kept(database, topic);
        REQUIRE(in_memory == ratings_in_sql(database, topic));
    }
    database.release_statements();
}

struct Organisation {
    TempDirectory directory;
    Database database{directory.file("ratings.db")};

    Organisation() {
        MemberStore members(database);
        for (const char* name : {"ana", "ben", "carla", "dev", "mo"}) members.ensure(console_member(name), name, 1);
    }

    long long session(const std::string& mentor, const std::string& mentee, const std::string& topic) {
        auto& insert = database.prepare(
            "INSERT INTO sessions (mentor_id, mentee_id, kind, topic, minutes, status, created_at) "
            "VALUES (?, ?, 'flash', ?, 30, 'done', ?)");
        insert.bind(1, console_member(mentor));
        insert.bind(2, console_member(mentee));
        insert.bind(3, topic);
        insert.bind(4, static_cast<int64_t>(noon));
        insert.exec();
        return database.connection().getLastInsertRowid();
    }

    void rate(long long session, const std::string& from, const std::string& about, int rating, int round = 0) {
        SessionFeedback feedback;
        feedback.session_id = session;
        feedback.from_id = console_member(from);
        feedback.about_id = console_member(about);
        feedback.rating = rating;
        feedback.round = round;
        feedback.created_at = feedback.updated_at = noon;
        FeedbackStore(database).save(feedback);
    }

    std::uint64_t loads() { return database.attached<TopicRatingsCache>().full_loads(); }
};

}  // namespace

TEST_CASE("a mentor's ratings on a topic are kept as given, changed, rated again and left out when not about them",
          "[flash][cache][ratings]") {
    Organisation org;
    CHECK(kept(org.database, "go").empty());
    const long long first = org.session("ben", "ana", "go");
    org.rate(first, "ana", "ben", 5);
    CHECK(kept(org.database, "go") == std::map<std::string, std::pair<double, int>>{{console_member("ben"), {5, 1}}});
    const std::uint64_t loads = org.loads();

    // Another session on the same topic, one on another, and the mentor's own rating of the
    // mentee, which says nothing of the mentor.
    const long long second = org.session("ben", "dev", "go");
    org.rate(second, "dev", "ben", 2);
    org.rate(second, "ben", "dev", 1);
    org.rate(org.session("ben", "ana", "rust"), "ana", "ben", 4);
    org.rate(org.session("carla", "ana", "go"), "ana", "carla", 3);
    CHECK(kept(org.database, "go") == std::map<std::string, std::pair<double, int>>{{console_member("ben"), {3.5, 2}},
                                                                                    {console_member("carla"), {3, 1}}});
    require_same_as_sql(org.database);

    // A rating changed, and a second round of the same session (a long-term pairing).
    org.rate(second, "dev", "ben", 4);
    org.rate(first, "ana", "ben", 3, 1);
    CHECK(kept(org.database, "go").at(console_member("ben")) == std::pair<double, int>{4, 3});
    require_same_as_sql(org.database);

    // A session's topic corrected after it was rated: its ratings move with it.
    org.database.execute("UPDATE sessions SET topic = 'sql' WHERE id = " + std::to_string(second));
    CHECK(kept(org.database, "sql") == std::map<std::string, std::pair<double, int>>{{console_member("ben"), {4, 1}}});
    require_same_as_sql(org.database);
    CHECK(org.loads() == loads);  // all of it row by row
}

TEST_CASE("a forgotten mentor's ratings leave every topic and a called-off session's go with it",
          "[flash][cache][ratings]") {
    Organisation org;
    const long long with_ben = org.session("ben", "ana", "go");
    org.rate(with_ben, "ana", "ben", 5);
    const long long with_carla = org.session("carla", "dev", "go");
    org.rate(with_carla, "dev", "carla", 2);
    org.rate(org.session("carla", "mo", "rust"), "mo", "carla", 4);
    require_same_as_sql(org.database);
    const std::uint64_t loads = org.loads();

    CHECK(org.database.attached<TopicRatingsCache>().mentors_kept() == 2);
    MemberStore(org.database).forget(console_member("carla"), noon);
    CHECK(kept(org.database, "go") == std::map<std::string, std::pair<double, int>>{{console_member("ben"), {5, 1}}});
    CHECK(kept(org.database, "rust").empty());
    CHECK(org.database.attached<TopicRatingsCache>().mentors_kept() == 1);  // nothing of carla's id is kept
    require_same_as_sql(org.database);

    org.database.execute("DELETE FROM sessions WHERE id = " + std::to_string(with_ben));
    CHECK(kept(org.database, "go").empty());
    require_same_as_sql(org.database);
    CHECK(org.loads() == loads);
}

TEST_CASE("ratings undone by a rollback are not kept and another connection's are", "[flash][cache][ratings]") {
    Organisation org;
    const long long session = org.session("ben", "ana", "go");
    org.rate(session, "ana", "ben", 4);
    require_same_as_sql(org.database);

    // Rated and changed inside a transaction, seen inside it, then undone.
    org.database.execute("BEGIN IMMEDIATE");
    org.rate(session, "ana", "ben", 1);
    org.rate(org.session("ben", "dev", "go"), "dev", "ben", 1);
    CHECK(kept(org.database, "go").at(console_member("ben")) == std::pair<double, int>{1, 2});
    org.database.release_statements();
    org.database.execute("ROLLBACK");
    CHECK(kept(org.database, "go").at(console_member("ben")) == std::pair<double, int>{4, 1});
    require_same_as_sql(org.database);

    // A savepoint undone inside a transaction that commits.
    org.database.execute("BEGIN IMMEDIATE");
    org.rate(org.session("carla", "mo", "go"), "mo", "carla", 5);
    org.database.execute("SAVEPOINT command");
    org.rate(session, "ana", "ben", 2);
    CHECK(kept(org.database, "go").at(console_member("ben")) == std::pair<double, int>{2, 1});
    org.database.release_statements();
    org.database.execute("ROLLBACK TO command; RELEASE command");
    org.database.execute("COMMIT");
    CHECK(kept(org.database, "go") == std::map<std::string, std::pair<double, int>>{{console_member("ben"), {4, 1}},
                                                                                    {console_member("carla"), {5, 1}}});
    require_same_as_sql(org.database);

    // Another process rates ben on rust.
    {
        Database other(org.database.path());
        const long long elsewhere = [&] {
            other.execute("INSERT INTO sessions (mentor_id, mentee_id, kind, topic, minutes, status, created_at) "
                          "VALUES ('console:local:ben', 'console:local:mo', 'flash', 'rust', 30, 'done', 1)");
            return other.connection().getLastInsertRowid();
        }();
        other.execute("INSERT INTO feedback (session_id, from_id, about_id, rating, created_at, updated_at) VALUES (" +
                      std::to_string(elsewhere) + ", 'console:local:mo', 'console:local:ben', 3, 1, 1)");
        other.release_statements();
    }
    CHECK(kept(org.database, "rust") == std::map<std::string, std::pair<double, int>>{{console_member("ben"), {3, 1}}});
    require_same_as_sql(org.database);

    // A rating numbered far beyond the others (written by hand), then taken back.
    const long long far = 5'000'000'000;
    org.database.execute("INSERT INTO feedback (id, session_id, from_id, about_id, rating, created_at, updated_at) "
                         "VALUES (" +
                         std::to_string(far) + ", " + std::to_string(session) +
                         ", 'console:local:dev', 'console:local:ben', 1, 1, 1)");
    CHECK(kept(org.database, "go").at(console_member("ben")) == std::pair<double, int>{2.5, 2});
    org.database.execute("DELETE FROM feedback WHERE id = " + std::to_string(far));
    CHECK(kept(org.database, "go").at(console_member("ben")) == std::pair<double, int>{4, 1});
    require_same_as_sql(org.database);
}

TEST_CASE("ratings by position follow every rating and every mentor added or taken out", "[flash][cache][ratings]") {
    Organisation org;
    MentorIndex index;
    for (const char* name : {"ben", "carla", "mo"}) index.put_in_order(mentor_candidate(console_member(name), 4));
    // What ranking reads, position by position, against the tables for the mentors in the index.
    auto require_by_position_as_sql = [&](const std::string& topic) {
        std::map<std::string, std::pair<double, int>> by_position;
        const PositionRatings& kept = org.database.attached<TopicRatingsCache>().on(topic, index);
        for (std::uint32_t position = 0; position < index.size(); ++position) {
            if (const TopicRating* rating = kept.at(position))
                by_position[index.mentors()[position].member_id] = {rating->average, rating->count};
        }
        auto in_sql = ratings_in_sql(org.database, topic);
        std::erase_if(in_sql, [&](const auto& rated) { return !index.position_of(rated.first); });
        org.database.release_statements();
        REQUIRE(by_position == in_sql);
    };
    org.rate(org.session("carla", "ana", "go"), "ana", "carla", 5);
    org.rate(org.session("mo", "dev", "go"), "dev", "mo", 2);
    require_by_position_as_sql("go");
    const std::uint64_t loads = org.loads();

    org.rate(org.session("carla", "dev", "go"), "dev", "carla", 2);  // carla's average changes
    require_by_position_as_sql("go");
    org.rate(org.session("ben", "ana", "go"), "ana", "ben", 4);  // ben is rated for the first time
    require_by_position_as_sql("go");

    // Ana starts mentoring: everyone after her moves one position up. Then ben stops, and dev,
    // rated as a mentor before, starts again.
    index.put_in_order(mentor_candidate(console_member("ana"), 5));
    require_by_position_as_sql("go");
    index.remove(console_member("ben"));
    require_by_position_as_sql("go");
    org.rate(org.session("dev", "mo", "rust"), "mo", "dev", 5);
    require_by_position_as_sql("rust");
    index.put_in_order(mentor_candidate(console_member("dev"), 5));
    require_by_position_as_sql("rust");

    // Carla is forgotten; her ratings go while she is still in this index.
    MemberStore(org.database).forget(console_member("carla"), noon);
    require_by_position_as_sql("go");
    require_by_position_as_sql("rust");
    CHECK(org.loads() == loads);
}

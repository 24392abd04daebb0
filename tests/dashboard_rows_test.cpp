// The dashboard's figures and the matcher's weekly loads come out the same whichever way their rows are read.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "bot/dashboard/dashboard_page.h"
#include "bot/dashboard/figure_tables.h"
#include "commands/dashboard_figures.h"
#include "domain/clock.h"
#include "storage/database.h"
#include "storage/mentor_loads.h"
#include "storage/mentor_pool_store.h"
#include "tests/support/dashboard_scenario.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

std::string page_of(TestChat& chat, int weeks) {
    return dashboard_page(figure_tables(compute_dashboard_figures(chat.database(), chat.app().config(),
                                                                  chat.clock().now(), weeks, "console:local")),
                          weeks, {});
}

void add_members(Database& database, const std::string& prefix, int count, long long now) {
    const char* const zones[] = {"Asia/Tokyo", "America/New_York", "Europe/Berlin"};
    for (int n = 0; n < count; ++n) {
        SQLite::Statement insert(database.connection(),
                                 "INSERT INTO members (id, display_name, department, time_zone, created_at, "
                                 "updated_at) VALUES (?, ?, 'Sales', ?, ?, ?)");
        insert.bind(1, prefix + std::to_string(1000 + n));
        insert.bind(2, "Member " + std::to_string(n));
        insert.bind(3, zones[n % 3]);
        insert.bind(4, static_cast<int64_t>(now));
        insert.bind(5, static_cast<int64_t>(now));
        insert.exec();
    }
}

}  // namespace

TEST_CASE("the dashboard is the same page when its members are few among many", "[dashboard]") {
    // The page's sessions and requests name a dozen members. Among a few they are read with
    // one pass over all members; among many (another workspace's here) one by one.
    TestChat chat;
    load_dashboard_scenario(chat);
    const std::string four_weeks = page_of(chat, 4);
    const std::string year = page_of(chat, 52);
    add_members(chat.database(), "slack:T0OTHER:U", 500, to_unix(chat.clock().now()));
    CHECK(page_of(chat, 4) == four_weeks);
    CHECK(page_of(chat, 52) == year);
    const DashboardFigures figures = compute_dashboard_figures(chat.database(), chat.app().config(), chat.clock().now(),
                                                               4, "console:local");
    CHECK(figures.cross_department == 1);
    CHECK(figures.cross_zone == 2);
    CHECK(figures.mentors == 7);
    CHECK(figures.mentors_not_asked == 4);
    REQUIRE(figures.median_working_minutes_to_accept);
    CHECK(*figures.median_working_minutes_to_accept == Approx(25));
}

namespace {

constexpr int mentor_count = 90;

std::string mentor(int n) { return "console:local:m" + std::to_string(1000 + n); }

// Mentors in three zones offering "sql" (every third also "go"), each with n % 4 sessions
// this week and one the week before, which does not count.
void add_mentors(Database& database, long long now) {
    const long long day = 24 * 3600;
    add_members(database, "console:local:m", mentor_count, now - 30 * day);
    auto& connection = database.connection();
    for (int n = 0; n < mentor_count; ++n) {
        SQLite::Statement offer(connection,
                                "INSERT INTO mentor_offers (member_id, capacity, hours_start, hours_end, created_at, "
                                "updated_at) VALUES (?, 5, 540, 1020, ?, ?)");
        offer.bind(1, mentor(n));
        offer.bind(2, static_cast<int64_t>(now - 30 * day));
        offer.bind(3, static_cast<int64_t>(now - 30 * day));
        offer.exec();
        for (const char* topic : {"sql", "go"}) {
            if (std::string(topic) == "go" && n % 3 != 0) continue;
            SQLite::Statement tag(connection, "INSERT INTO member_tags (member_id, kind, tag) VALUES (?, 'topic', ?)");
            tag.bind(1, mentor(n));
            tag.bind(2, topic);
            tag.exec();
        }
        for (int s = 0; s <= n % 4; ++s) {
            // The first one began eight days ago: last week in every zone.
            const long long created = s == 0 ? now - 8 * day : now - 3600 * s;
            SQLite::Statement session(connection,
                                      "INSERT INTO sessions (mentor_id, mentee_id, kind, topic, starts_at, minutes, "
                                      "status, created_at) VALUES (?, 'console:local:m1000', 'flash', 'sql', ?, 30, "
                                      "'scheduled', ?)");
            session.bind(1, mentor(n));
            session.bind(2, static_cast<int64_t>(created + day));
            session.bind(3, static_cast<int64_t>(created));
            session.exec();
        }
    }
}

}  // namespace

TEST_CASE("a mentor's load this week is the same whether every mentor is counted or only those whose rows changed",
          "[matching]") {
    TempDirectory directory;
    const std::string path = directory.file("pool.db");
    // Wednesday 2026-11-25 12:00 UTC: the sessions of the last hours are this week in every zone.
    const Instant now = from_unix(1795608000);
    {
        Database database(path);
        add_mentors(database, to_unix(now));
    }
    // The first look counts every mentor.
    Database kept_db(path);
    const auto first = MentorPoolStore(kept_db).with_loads(now);
    REQUIRE(first->size() == mentor_count);
    for (int n = 0; n < mentor_count; ++n) {
        INFO(mentor(n));
        CHECK(first->find(mentor(n))->weekly_load == n % 4);
    }
    const std::uint64_t counts = kept_db.attached<MentorLoads>().full_counts();

    // A mentor who joins moves the others' positions, and one more session for m1001: the next
    // look counts only those two, and each mentor keeps their own load wherever they moved to.
    {
        add_members(kept_db, "console:local:a", 1, to_unix(now));
        auto& connection = kept_db.connection();
        connection.exec(
            "INSERT INTO mentor_offers (member_id, capacity, hours_start, hours_end, created_at, updated_at) VALUES "
            "('console:local:a1000', 5, 540, 1020, 0, 0)");
        connection.exec(
            "INSERT INTO member_tags (member_id, kind, tag) VALUES ('console:local:a1000', 'topic', 'sql')");
        connection.exec(
            "INSERT INTO sessions (mentor_id, mentee_id, kind, topic, starts_at, minutes, status, created_at) VALUES "
            "('console:local:a1000', 'console:local:m1000', 'flash', 'sql', 1795611600, 30, 'scheduled', 1795604400)");
        connection.exec(
            "INSERT INTO sessions (mentor_id, mentee_id, kind, topic, starts_at, minutes, status, created_at) VALUES "
            "('console:local:m1001', 'console:local:m1000', 'flash', 'sql', 1795611600, 30, 'scheduled', 1795604400)");
    }
    const auto again = MentorPoolStore(kept_db).with_loads(now);
    CHECK(kept_db.attached<MentorLoads>().full_counts() == counts);
    Database fresh_db(path);
    const auto fresh = MentorPoolStore(fresh_db).with_loads(now);
    REQUIRE(again->size() == mentor_count + 1);
    REQUIRE(fresh->size() == mentor_count + 1);
    CHECK(again->find("console:local:a1000")->weekly_load == 1);
    CHECK(again->find(mentor(1))->weekly_load == 2);
    for (std::uint32_t position = 0; position < again->size(); ++position) {
        const MentorCandidate& kept = again->mentors()[position];
        INFO(kept.member_id);
        CHECK(kept.member_id == fresh->mentors()[position].member_id);
        CHECK(kept.weekly_load == fresh->mentors()[position].weekly_load);
        CHECK(again->facts(position).remaining == fresh->facts(position).remaining);
    }
}

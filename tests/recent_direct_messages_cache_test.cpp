// Direct messages each member had lately as the message budget counts them: kept in memory, following every write and
// the clock.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/outbox_store.h"
#include "storage/recent_direct_messages_cache.h"
#include "tests/support/console_members.h"
#include "tests/support/temp_directory.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

constexpr long long hour = 3600;
constexpr long long noon = 1'800'000'000;

int count_in_sql(Database& database, const std::string& member, long long since) {
    auto& query = database.prepare(
        "SELECT COUNT(*) FROM outbox WHERE target = ? AND created_at >= ? AND destination_kind = 'direct'");
    query.bind(1, member);
    query.bind(2, static_cast<int64_t>(since));
    const int count = query.executeStep() ? query.getColumn(0).getInt() : 0;
    query.reset();
    return count;
}

std::set<std::string> busy_in_sql(Database& database, long long since, int at_least) {
    auto& query = database.prepare(
        "SELECT target FROM outbox WHERE created_at >= ? AND destination_kind = 'direct' GROUP BY target "
        "HAVING COUNT(*) >= ?");
    query.bind(1, static_cast<int64_t>(since));
    query.bind(2, at_least);
    std::set<std::string> members;
    while (query.executeStep()) members.insert(query.getColumn(0).getString());
    query.reset();
    return members;
}

struct Outbox {
    TempDirectory directory;
    Database database{directory.file("outbox.db")};
    OutboxStore outbox{database};

    long long to(const std::string& member, long long at) {
        return outbox.enqueue({Destination::member(console_member(member)), {"hello", {}}}, at);
    }
    int count(const std::string& member, long long since) {
        return outbox.direct_messages_since(console_member(member), since);
    }
    std::set<std::string> busy(long long since, int at_least) {
        const auto members = outbox.members_with_direct_messages_since(since, at_least);
        return {members.begin(), members.end()};
    }
    void require_same_as_sql(long long since) {
        for (const char* member : {"ana", "ben", "carla"})
            REQUIRE(count(member, since) == count_in_sql(database, console_member(member), since));
        for (int at_least : {1, 2, 3}) REQUIRE(busy(since, at_least) == busy_in_sql(database, since, at_least));
    }
    std::uint64_t loads() { return database.attached<RecentDirectMessagesCache>().full_loads(); }
};

}  // namespace

TEST_CASE("direct messages count for the member's day whether sent or not and channel posts do not", "[dm][cache]") {
    Outbox box;
    const long long since = noon - 24 * hour;
    CHECK(box.count("ana", since) == 0);
    const std::uint64_t loads = box.loads();
    box.to("ana", noon);
    const long long second = box.to("ana", noon + 1);
    box.outbox.enqueue({Destination::channel("console:local:general"), {"news", {}}}, noon);
    CHECK(box.count("ana", since) == 2);
    CHECK(box.busy(since, 2) == std::set<std::string>{console_member("ana")});
    box.outbox.mark_sent(second, noon + 2);
    box.outbox.mark_attempt_failed(1, "down", noon + 60, true);
    CHECK(box.count("ana", since) == 2);
    box.to("ben", noon);
    CHECK(box.busy(since, 1) == std::set<std::string>{console_member("ana"), console_member("ben")});
    box.require_same_as_sql(since);
    // A member who is forgotten keeps no address: their messages are nobody's.
    box.database.execute("UPDATE outbox SET target = 'forgotten' WHERE target = 'console:local:ben'");
    CHECK(box.count("ben", since) == 0);
    box.require_same_as_sql(since);
    CHECK(box.loads() == loads);
}

TEST_CASE("direct messages leave the member's day as the clock moves on", "[dm][cache]") {
    Outbox box;
    box.to("ana", noon);
    box.to("ana", noon + 2 * hour);
    box.to("ben", noon + 3 * hour);
    CHECK(box.count("ana", noon - 24 * hour) == 2);
    CHECK(box.busy(noon - 24 * hour, 2) == std::set<std::string>{console_member("ana")});
    const std::uint64_t loads = box.loads();
    // A day after the first message it is no longer of the last day.
    CHECK(box.busy(noon + 1, 2).empty());
    CHECK(box.busy(noon + 1, 1) == std::set<std::string>{console_member("ana"), console_member("ben")});
    CHECK(box.count("ana", noon + 1) == 1);
    box.require_same_as_sql(noon + 1);
    // A member's own day may begin a little earlier: counted from what is kept.
    CHECK(box.count("ana", noon - hour) == 2);
    box.require_same_as_sql(noon - hour);
    CHECK(box.loads() == loads);
    // Days later nothing is left, and much earlier everything is read again.
    CHECK(box.busy(noon + 4 * 24 * hour, 1).empty());
    box.require_same_as_sql(noon + 4 * 24 * hour);
    CHECK(box.count("ana", noon - 3 * 24 * hour) == 2);
    box.require_same_as_sql(noon - 3 * 24 * hour);
}

TEST_CASE("an announcement's messages written in one second are counted one by one as they are delivered",
          "[dm][cache]") {
    Outbox box;
    const long long since = noon - 24 * hour;
    // Ana gets two in that second, Ben one, and many others one each.
    std::vector<long long> deliveries{box.to("ana", noon), box.to("ana", noon), box.to("ben", noon)};
    for (int other = 0; other < 500; ++other) deliveries.push_back(box.to("member" + std::to_string(other), noon));
    CHECK(box.count("ana", since) == 2);
    CHECK(box.busy(since, 2) == std::set<std::string>{console_member("ana")});
    const std::uint64_t loads = box.loads();
    for (long long delivery : deliveries) box.outbox.mark_sent(delivery, noon + 5);
    CHECK(box.count("ana", since) == 2);
    CHECK(box.busy(since, 2) == std::set<std::string>{console_member("ana")});
    // One of Ana's two goes to nobody (as a forget leaves it): the other still counts.
    box.database.execute("UPDATE outbox SET target = 'forgotten' WHERE id = " + std::to_string(deliveries[0]));
    CHECK(box.count("ana", since) == 1);
    CHECK(box.busy(since, 2).empty());
    CHECK(box.busy(since, 1).count(console_member("ben")) == 1);
    box.require_same_as_sql(since);
    CHECK(box.loads() == loads);
    // The second leaves the window for all of them at once.
    CHECK(box.busy(noon + 1, 1).empty());
    box.require_same_as_sql(noon + 1);
}

TEST_CASE("asking about the last two days and about a member's own day in turn reads the outbox once", "[dm][cache]") {
    // Offering a request asks whether a member's last two days could hold a full day of
    // messages, then counts their own day, which began a few hours ago: the two windows start
    // two days apart, and neither may make the other read everything again.
    Outbox box;
    box.to("ana", noon - 30 * hour);
    box.to("ana", noon - 3 * hour);
    CHECK(box.count("ana", noon - 48 * hour) == 2);
    const std::uint64_t loads = box.loads();
    for (long long now = noon; now < noon + 3 * 24 * hour; now += 5 * hour) {
        box.to("ana", now);
        INFO("hours on: " << (now - noon) / hour);
        CHECK(box.count("ana", now - 48 * hour) == count_in_sql(box.database, console_member("ana"), now - 48 * hour));
        CHECK(box.count("ana", now - 2 * hour) == count_in_sql(box.database, console_member("ana"), now - 2 * hour));
    }
    CHECK(box.loads() == loads);
}

TEST_CASE("direct messages undone by a rollback are not counted and another connection's are", "[dm][cache]") {
    Outbox box;
    const long long since = noon - 24 * hour;
    box.to("ana", noon);
    CHECK(box.count("ana", since) == 1);

    box.database.execute("BEGIN IMMEDIATE");
    box.to("ana", noon + 1);
    CHECK(box.count("ana", since) == 2);
    box.database.release_statements();
    box.database.execute("ROLLBACK");
    CHECK(box.count("ana", since) == 1);
    box.require_same_as_sql(since);

    box.database.execute("BEGIN IMMEDIATE");
    box.to("ben", noon + 1);
    box.database.execute("SAVEPOINT command");
    box.to("ben", noon + 2);
    box.to("carla", noon + 2);
    CHECK(box.busy(since, 2) == std::set<std::string>{console_member("ben")});
    box.database.release_statements();
    box.database.execute("ROLLBACK TO command; RELEASE command");
    box.database.execute("COMMIT");
    CHECK(box.busy(since, 2).empty());
    CHECK(box.count("ben", since) == 1);
    CHECK(box.count("carla", since) == 0);
    box.require_same_as_sql(since);

    Database other(box.database.path());
    OutboxStore(other).enqueue({Destination::member(console_member("carla")), {"hi", {}}}, noon + 3);
    other.release_statements();
    CHECK(box.count("carla", since) == 1);
    box.require_same_as_sql(since);
}

// The queue kept in memory by topic says what the requests table says: after requests, offers, level changes,
// forgetting, rollbacks and other writers.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "storage/database.h"
#include "storage/member_store.h"
#include "storage/queued_requests_cache.h"
#include "storage/request_store.h"
#include "tests/support/console_members.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

using Row = std::tuple<long long, std::string, std::string, std::string, std::optional<int>, long long>;

Row row_of(const QueuedTopic& request) {
    return {request.id, request.topic, request.kind, request.requester_id, request.requester_level, request.created_at};
}

// What a fresh read of the requests table says, oldest first.
std::vector<Row> queued_in_sql(Database& database, const std::vector<std::string>& topics) {
    std::vector<Row> rows;
    auto& query = database.prepare(
        "SELECT r.id, r.topic, r.kind, r.requester_id, m.level, r.created_at FROM requests r "
        "LEFT JOIN members m ON m.id = r.requester_id WHERE r.status = 'queued' ORDER BY r.created_at, r.id");
    while (query.executeStep()) {
        const std::string topic = query.getColumn(1).getString();
        if (std::find(topics.begin(), topics.end(), topic) == topics.end()) continue;
        std::optional<int> level;
        if (!query.getColumn(4).isNull()) level = query.getColumn(4).getInt();
        rows.emplace_back(query.getColumn(0).getInt64(), topic, query.getColumn(2).getString(),
                          query.getColumn(3).getString(), level, query.getColumn(5).getInt64());
    }
    query.reset();
    database.release_statements();
    return rows;
}

// The kept queue on `topics`, which must be what the table holds; returns it.
std::vector<Row> require_same_as_sql(Database& database, const std::vector<std::string>& topics) {
    std::vector<Row> kept;
    for (const QueuedTopic& request : RequestStore(database).queued_topics_on(topics)) kept.push_back(row_of(request));
    database.release_statements();
    REQUIRE(kept == queued_in_sql(database, topics));
    return kept;
}

long long add_request(Database& database, const std::string& requester, const std::string& topic, long long at) {
    FlashRequest request;
    request.requester_id = console_member(requester);
    request.topic = topic;
    request.status = "queued";
    request.created_at = at;
    return RequestStore(database).create(request);
}

}  // namespace

TEST_CASE("the queue kept in memory follows requests as they wait, are offered, change level and are forgotten",
          "[flash][cache][queue]") {
    TestChat chat;
    const std::vector<std::string> topics{"elixir", "haskell"};
    CHECK(require_same_as_sql(chat.database(), topics).empty());
    CHECK(has(chat.run("ana", "/flash request elixir").response.text, "queued"));
    CHECK(has(chat.run("ben", "/flash request haskell").response.text, "queued"));
    CHECK(has(chat.run("carla", "/flash request elixir").response.text, "queued"));
    CHECK(require_same_as_sql(chat.database(), topics).size() == 3);
    QueuedRequestsCache& kept = chat.database().attached<QueuedRequestsCache>();
    const std::uint64_t loads = kept.full_loads();

    // The requester's level is read with the request.
    chat.run("ana", "/profile set level:2");
    const auto after_level = require_same_as_sql(chat.database(), {"elixir"});
    REQUIRE(after_level.size() == 2);
    CHECK(std::get<4>(after_level.front()) == 2);

    // A forgotten requester's requests no longer wait.
    chat.run("carla", "/profile forget confirm:yes");
    CHECK(require_same_as_sql(chat.database(), topics).size() == 2);

    // A new mentor of elixir is offered ana's request, which leaves the queue.
    chat.run("dana", "/profile set level:5");
    chat.run("dana", "/mentor offer topics:elixir capacity:3");
    const auto after_offer = require_same_as_sql(chat.database(), topics);
    REQUIRE(after_offer.size() == 1);
    CHECK(std::get<1>(after_offer.front()) == "haskell");

    // She declines it: it waits again, for nobody else offers elixir.
    const auto ana_request = RequestStore(chat.database()).not_closed_of(console_member("ana"));
    chat.database().release_statements();
    REQUIRE(ana_request.size() == 1);
    chat.run("dana", "/flash decline " + std::to_string(ana_request.front().id));
    CHECK(require_same_as_sql(chat.database(), topics).size() == 2);
    // Followed row by row, never read again as a whole.
    CHECK(kept.full_loads() == loads);
}

TEST_CASE("the queue kept in memory is right after a rollback and after another connection's commit",
          "[flash][cache][queue]") {
    TempDirectory directory;
    Database database(directory.file("queue.db"));
    MemberStore members(database);
    for (const char* name : {"ana", "ben"}) members.ensure(console_member(name), name, 1);
    const std::vector<std::string> topics{"go", "rust"};
    const long long first = add_request(database, "ana", "go", 10);
    add_request(database, "ben", "rust", 5);
    CHECK(require_same_as_sql(database, topics).size() == 2);
    RequestStore requests(database);

    // A whole transaction, seen inside it, then undone.
    database.execute("BEGIN IMMEDIATE");
    requests.mark_offered(first, "queued", console_member("ben"), 1, "", 20);
    add_request(database, "ben", "go", 21);
    CHECK(require_same_as_sql(database, topics).size() == 2);
    database.execute("ROLLBACK");
    CHECK(require_same_as_sql(database, topics).size() == 2);

    // A savepoint undone inside a transaction that commits.
    database.execute("BEGIN IMMEDIATE");
    add_request(database, "ben", "go", 30);
    database.execute("SAVEPOINT command");
    requests.mark_offered(first, "queued", console_member("ben"), 1, "", 31);
    CHECK(require_same_as_sql(database, topics).size() == 2);
    database.execute("ROLLBACK TO command; RELEASE command");
    database.execute("COMMIT");
    const auto committed = require_same_as_sql(database, topics);
    REQUIRE(committed.size() == 3);
    // Oldest first across topics: ben's rust request was made first.
    CHECK(std::get<1>(committed.front()) == "rust");

    // A requester's level changes with no write to their requests.
    const std::uint64_t loads = database.attached<QueuedRequestsCache>().full_loads();
    database.execute("UPDATE members SET level = 3 WHERE id = '" + console_member("ben") + "'");
    const auto after_level = require_same_as_sql(database, topics);
    CHECK(std::get<4>(after_level.front()) == 3);
    CHECK(std::get<4>(after_level.back()) == 3);
    CHECK(database.attached<QueuedRequestsCache>().full_loads() == loads);

    // Another process offers ana's request and changes ben's level.
    Database other(directory.file("queue.db"));
    RequestStore(other).mark_offered(first, "queued", console_member("ben"), 1, "", 40);
    other.execute("UPDATE members SET level = 4 WHERE id = '" + console_member("ben") + "'");
    other.release_statements();
    const auto after_other = require_same_as_sql(database, topics);
    REQUIRE(after_other.size() == 2);
    CHECK(std::get<4>(after_other.front()) == 4);
}

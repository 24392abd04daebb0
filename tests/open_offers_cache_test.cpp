// Offers waiting for each mentor's answer as matching counts them: after offers, answers, lapses, rollbacks and other
// writers.
#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/member_store.h"
#include "storage/mentor_pool_store.h"
#include "storage/offer_store.h"
#include "storage/open_offers_cache.h"
#include "storage/request_store.h"
#include "tests/support/console_members.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

// What a fresh read of the requests table says.
std::map<std::string, int> open_offers_in_sql(Database& database) {
    std::map<std::string, int> offers;
    auto& query = database.prepare(
        "SELECT candidate_id, COUNT(*) FROM requests WHERE status = 'offered' AND candidate_id IS NOT NULL "
        "GROUP BY candidate_id");
    while (query.executeStep()) offers[query.getColumn(0).getString()] = query.getColumn(1).getInt();
    query.reset();
    return offers;
}

// Every mentor of the pool as matching reads them, and by name.
void require_same_as_sql(Database& database, Instant now) {
    const std::map<std::string, int> in_sql = open_offers_in_sql(database);
    OpenOffersCache& kept = database.attached<OpenOffersCache>();
    const auto pool = MentorPoolStore(database).with_loads(now);
    for (std::uint32_t position = 0; position < pool->size(); ++position) {
        const std::string& mentor = pool->mentors()[position].member_id;
        const auto found = in_sql.find(mentor);
        INFO(mentor);
        REQUIRE(pool->mentors()[position].pending_offers == (found == in_sql.end() ? 0 : found->second));
        REQUIRE(pool->facts(position).pending_offers == (found == in_sql.end() ? 0 : found->second));
    }
    for (const auto& [mentor, offers] : in_sql) REQUIRE(kept.count_of(mentor) == offers);
    database.release_statements();
}

void require_same_as_sql(TestChat& chat) { require_same_as_sql(chat.database(), chat.clock().now()); }

std::string offered_to(Database& database, long long request_id) {
    const auto request = RequestStore(database).find(request_id);
    database.release_statements();
    REQUIRE(request);
    return request->is(RequestStatus::offered) ? request->candidate_id : std::string();
}

long long add_request(Database& database, const std::string& requester) {
    FlashRequest request;
    request.requester_id = console_member(requester);
    request.topic = "go";
    request.status = "queued";
    request.created_at = 1;
    return RequestStore(database).create(request);
}

}  // namespace

TEST_CASE("a mentor holds an open offer until they accept it", "[flash][cache][offers]") {
    TestChat chat;
    CHECK(has(chat.run("ana", "/flash request kubernetes").response.text, "offered to"));
    const std::string mentor = offered_to(chat.database(), 1);
    REQUIRE_FALSE(mentor.empty());
    CHECK(chat.database().attached<OpenOffersCache>().count_of(mentor) == 1);
    require_same_as_sql(chat);
    const std::uint64_t loads = chat.database().attached<OpenOffersCache>().full_loads();
    chat.run(mentor.substr(mentor.rfind(':') + 1), "/flash accept 1");
    CHECK(chat.database().attached<OpenOffersCache>().count_of(mentor) == 0);
    require_same_as_sql(chat);
    CHECK(chat.database().attached<OpenOffersCache>().full_loads() == loads);
}

TEST_CASE("a mentor who declines or lets an offer lapse no longer holds it", "[flash][cache][offers]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");
    const std::string first = offered_to(chat.database(), 1);
    chat.run(first.substr(first.rfind(':') + 1), "/flash decline 1");
    CHECK(chat.database().attached<OpenOffersCache>().count_of(first) == 0);
    const std::string second = offered_to(chat.database(), 1);
    REQUIRE_FALSE(second.empty());
    CHECK(second != first);
    CHECK(chat.database().attached<OpenOffersCache>().count_of(second) == 1);
    require_same_as_sql(chat);
    // Nobody answers: the offer lapses after its window of working time.
    chat.advance(8h);
    CHECK(chat.database().attached<OpenOffersCache>().count_of(second) == 0);
    require_same_as_sql(chat);
}

TEST_CASE("an offer undone by a rollback is not held and another connection's offer is", "[flash][cache][offers]") {
    TempDirectory directory;
    Database database(directory.file("offers.db"));
    MemberStore members(database);
    for (const char* name : {"ana", "ben", "carla"}) members.ensure(console_member(name), name, 1);
    for (const char* mentor : {"ben", "carla"}) {
        MentorOffer offer;
        offer.member_id = console_member(mentor);
        offer.topics = {"go"};
        OfferStore(database).save(offer, 1);
    }
    const long long first = add_request(database, "ana");
    const long long second = add_request(database, "ana");
    RequestStore requests(database);
    OpenOffersCache& offers = database.attached<OpenOffersCache>();
    CHECK(offers.count_of(console_member("ben")) == 0);

    // A whole transaction, counted inside it, then undone.
    database.execute("BEGIN IMMEDIATE");
    requests.mark_offered(first, "queued", console_member("ben"), 1, "", 10);
    CHECK(offers.count_of(console_member("ben")) == 1);
    database.release_statements();
    database.execute("ROLLBACK");
    CHECK(offers.count_of(console_member("ben")) == 0);
    require_same_as_sql(database, from_unix(20));

    // A savepoint inside a transaction that commits.
    database.execute("BEGIN IMMEDIATE");
    requests.mark_offered(first, "queued", console_member("ben"), 1, "", 10);
    database.execute("SAVEPOINT command");
    requests.mark_accepted(first, console_member("ben"), 11);
    requests.mark_offered(second, "queued", console_member("carla"), 1, "", 11);
    CHECK(offers.count_of(console_member("ben")) == 0);
    CHECK(offers.count_of(console_member("carla")) == 1);
    database.release_statements();
    database.execute("ROLLBACK TO command; RELEASE command");
    database.execute("COMMIT");
    CHECK(offers.count_of(console_member("ben")) == 1);
    CHECK(offers.count_of(console_member("carla")) == 0);
    require_same_as_sql(database, from_unix(20));

    // Another process offers the second request to carla and takes ben's back.
    Database other(directory.file("offers.db"));
    RequestStore(other).mark_offered(second, "queued", console_member("carla"), 1, "", 12);
    RequestStore(other).mark_queued(first, "offered", 0, "");
    other.release_statements();
    CHECK(offers.count_of(console_member("ben")) == 0);
    CHECK(offers.count_of(console_member("carla")) == 1);
    require_same_as_sql(database, from_unix(20));
}

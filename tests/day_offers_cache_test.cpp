// Offers each mentor had in the last working day as matching counts them: rows kept in memory follow every write and
// the clock.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

#include "storage/database.h"
#include "storage/day_offers_cache.h"
#include "storage/member_store.h"
#include "storage/request_store.h"
#include "storage/session_store.h"
#include "tests/support/console_members.h"
#include "tests/support/temp_directory.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

constexpr long long hour = 3600;
constexpr long long noon = 1'800'000'000;

// The counts as the database gives them: sessions accepted, answers and lapses at or after
// `since`, and the offers open now.
std::map<std::string, int> offers_in_sql(Database& database, long long since) {
    auto& query = database.prepare(
        "SELECT mentor_id, COUNT(*) FROM ("
        "SELECT mentor_id FROM sessions WHERE created_at >= ?1 AND mentor_id IS NOT NULL "
        "UNION ALL SELECT mentor_id FROM request_declines WHERE declined_at >= ?1 "
        "UNION ALL SELECT candidate_id FROM requests WHERE status = 'offered' AND candidate_id IS NOT NULL) "
        "GROUP BY mentor_id");
    query.bind(1, static_cast<int64_t>(since));
    std::map<std::string, int> offers;
    while (query.executeStep()) offers[query.getColumn(0).getString()] = query.getColumn(1).getInt();
    query.reset();
    return offers;
}

std::map<std::string, int> offers_kept(Database& database, long long since) {
    const auto& kept = database.attached<DayOffersCache>().offers_since(since);
    return {kept.begin(), kept.end()};
}

std::set<std::string> at_least(Database& database, long long since, int limit) {
    const auto& kept = database.attached<DayOffersCache>().offered_at_least(since, limit);
    return {kept.begin(), kept.end()};
}

void require_same_as_sql(Database& database, long long since) {
    REQUIRE(offers_kept(database, since) == offers_in_sql(database, since));
    std::set<std::string> two_or_more;
    for (const auto& [mentor, offers] : offers_in_sql(database, since)) {
        if (offers >= 2) two_or_more.insert(mentor);
    }
    REQUIRE(at_least(database, since, 2) == two_or_more);
}

// Mentors resting after a lapse as the database gives them: a lapse at or after `since` with
// no session of theirs created and no answer of theirs at or after it.
std::set<std::string> resting_in_sql(Database& database, long long since) {
    auto& query = database.prepare(
        "SELECT DISTINCT d.mentor_id FROM request_declines d WHERE d.silent = 1 AND d.declined_at >= ?1 "
        "AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.mentor_id = d.mentor_id AND s.created_at >= d.declined_at) "
        "AND NOT EXISTS (SELECT 1 FROM request_declines a WHERE a.mentor_id = d.mentor_id AND a.silent = 0 "
        "AND a.declined_at >= d.declined_at)");
    query.bind(1, static_cast<int64_t>(since));
    std::set<std::string> mentors;
    while (query.executeStep()) mentors.insert(query.getColumn(0).getString());
    query.reset();
    return mentors;
}

std::set<std::string> resting_kept(Database& database, long long since) {
    const auto& kept = database.attached<DayOffersCache>().resting_since(since);
    return {kept.begin(), kept.end()};
}

struct Organisation {
    TempDirectory directory;
    Database database{directory.file("offers.db")};
    RequestStore requests{database};

    Organisation() {
        MemberStore members(database);
        for (const char* name : {"ana", "ben", "carla", "mo"}) members.ensure(console_member(name), name, 1);
    }
    long long request() {
        FlashRequest request;
        request.requester_id = console_member("ana");
        request.topic = "go";
        request.status = "queued";
        request.created_at = 1;
        return requests.create(request);
    }
    long long session_with(const std::string& mentor, long long request_id, long long at) {
        Session session;
        session.request_id = request_id;
        session.mentor_id = console_member(mentor);
        session.mentee_id = console_member("ana");
        session.kind = "flash";
        session.topic = "go";
        session.status = "scheduled";
        session.created_at = at;
        return SessionStore(database).create(session);
    }
    int offers_of(const std::string& mentor, long long since) {
        const auto& kept = database.attached<DayOffersCache>().offers_since(since);
        const auto found = kept.find(console_member(mentor));
        return found == kept.end() ? 0 : found->second;
    }
};

}  // namespace

TEST_CASE("an offer counts for the mentor's day whether it is open accepted declined or lapsed",
          "[flash][cache][offers]") {
    Organisation org;
    const long long since = noon - 16 * hour;
    CHECK(org.offers_of("ben", since) == 0);
    const std::uint64_t loads = org.database.attached<DayOffersCache>().full_loads();

    const long long first = org.request();
    org.requests.mark_offered(first, "queued", console_member("ben"), 1, "", noon);
    CHECK(org.offers_of("ben", since) == 1);
    // Accepted: the session counts instead of the open offer.
    org.requests.mark_accepted(first, console_member("ben"), noon);
    CHECK(org.offers_of("ben", since) == 0);
    org.session_with("ben", first, noon);
    CHECK(org.offers_of("ben", since) == 1);

    // Declined by carla, then let lapse by ben: each is one more offer that day.
    const long long second = org.request();
    org.requests.mark_offered(second, "queued", console_member("carla"), 1, "", noon);
    org.requests.add_decline(second, console_member("carla"), "busy", noon);
    org.requests.mark_queued(second, "offered", 1, "");
    CHECK(org.offers_of("carla", since) == 1);
    org.requests.mark_offered(second, "queued", console_member("ben"), 2, "", noon);
    CHECK(org.offers_of("ben", since) == 2);
    org.requests.add_silence(second, console_member("ben"), noon + 1);
    org.requests.mark_queued(second, "offered", 2, "");
    CHECK(org.offers_of("ben", since) == 2);
    require_same_as_sql(org.database, since);

    // A second answer to the same request replaces the first: still one offer.
    org.requests.add_decline(second, console_member("carla"), "still busy", noon + 2);
    CHECK(org.offers_of("carla", since) == 1);
    require_same_as_sql(org.database, since);

    // A session called off no longer counts.
    SessionStore(org.database).remove(1);
    CHECK(org.offers_of("ben", since) == 1);
    require_same_as_sql(org.database, since);
    CHECK(org.database.attached<DayOffersCache>().full_loads() == loads);
}

TEST_CASE("offers leave the mentor's day as the clock moves on and an earlier start counts them again",
          "[flash][cache][offers]") {
    Organisation org;
    const long long first = org.request();
    const long long second = org.request();
    org.session_with("ben", first, noon);
    org.requests.add_decline(second, console_member("ben"), "", noon + 2 * hour);
    org.requests.mark_offered(org.request(), "queued", console_member("ben"), 1, "", noon + 3 * hour);
    CHECK(org.offers_of("ben", noon) == 3);
    CHECK(at_least(org.database, noon, 3) == std::set<std::string>{console_member("ben")});
    const std::uint64_t loads = org.database.attached<DayOffersCache>().full_loads();
    // Once the day starts after the session it no longer counts; the open offer always does.
    CHECK(org.offers_of("ben", noon + hour) == 2);
    CHECK(at_least(org.database, noon + hour, 3).empty());
    CHECK(org.offers_of("ben", noon + 3 * hour) == 1);
    require_same_as_sql(org.database, noon + 3 * hour);
    // A start a little earlier again (another zone's day) counts them once more, without reading all again.
    CHECK(org.offers_of("ben", noon) == 3);
    CHECK(org.database.attached<DayOffersCache>().full_loads() == loads);
    // Days later nothing but the open offer is left, and much earlier everything is read again.
    CHECK(org.offers_of("ben", noon + 5 * 24 * hour) == 1);
    require_same_as_sql(org.database, noon + 5 * 24 * hour);
    CHECK(org.offers_of("ben", noon - 24 * hour) == 3);
    require_same_as_sql(org.database, noon - 24 * hour);
}

TEST_CASE("offers undone by a rollback leave the day's counts as before and another connection's are counted",
          "[flash][cache][offers]") {
    Organisation org;
    const long long since = noon - 16 * hour;
    const long long first = org.request();
    org.requests.add_decline(first, console_member("carla"), "busy", noon);
    CHECK(org.offers_of("carla", since) == 1);

    // A whole transaction, counted inside it, then undone; the answer it replaced is back.
    org.database.execute("BEGIN IMMEDIATE");
    org.requests.add_decline(first, console_member("carla"), "later", noon + 1);
    org.session_with("carla", first, noon + 1);
    CHECK(org.offers_of("carla", since) == 2);
    org.database.release_statements();
    org.database.execute("ROLLBACK");
    CHECK(org.offers_of("carla", since) == 1);
    require_same_as_sql(org.database, since);

    // A savepoint inside a transaction that commits.
    org.database.execute("BEGIN IMMEDIATE");
    org.requests.mark_offered(first, "queued", console_member("mo"), 1, "", noon);
    org.database.execute("SAVEPOINT command");
    org.requests.mark_accepted(first, console_member("mo"), noon);
    org.session_with("mo", first, noon);
    org.requests.add_silence(first, console_member("carla"), noon);
    CHECK(org.offers_of("mo", since) == 1);
    org.database.release_statements();
    org.database.execute("ROLLBACK TO command; RELEASE command");
    org.database.execute("COMMIT");
    CHECK(org.offers_of("mo", since) == 1);
    require_same_as_sql(org.database, since);

    // Another process records ben's session and a lapse of his.
    Database other(org.database.path());
    RequestStore(other).add_silence(org.request(), console_member("ben"), noon);
    other.execute("INSERT INTO sessions (mentor_id, mentee_id, kind, topic, minutes, status, created_at) VALUES "
                  "('console:local:ben', 'console:local:ana', 'flash', 'go', 30, 'scheduled', " +
                  std::to_string(noon) + ")");
    other.release_statements();
    CHECK(org.offers_of("ben", since) == 2);
    require_same_as_sql(org.database, since);
}

TEST_CASE("mentors rest after a lapse until they accept or answer anything, kept row by row as the clock moves",
          "[flash][cache][offers]") {
    Organisation org;
    const long long since = noon - 16 * hour;
    auto resting = [&](long long from) {
        const std::set<std::string> kept = resting_kept(org.database, from);
        REQUIRE(kept == resting_in_sql(org.database, from));
        return kept;
    };
    CHECK(resting(since).empty());
    const std::uint64_t loads = org.database.attached<DayOffersCache>().full_loads();
    const long long first = org.request();
    const long long second = org.request();
    const long long third = org.request();
    // Ben and Carla let offers lapse; Ben lets a second one lapse later.
    org.requests.add_silence(first, console_member("ben"), noon);
    org.requests.add_silence(first, console_member("carla"), noon + 1);
    org.requests.add_silence(second, console_member("ben"), noon + 2 * hour);
    CHECK(resting(since) == std::set<std::string>{console_member("ben"), console_member("carla")});
    // Carla answers another request (a no is an answer): back at her desk.
    org.requests.add_decline(second, console_member("carla"), "busy", noon + hour);
    CHECK(resting(since) == std::set<std::string>{console_member("ben")});
    // An answer to the same request replaces her lapse of it.
    org.requests.add_decline(first, console_member("carla"), "sorry", noon + 3 * hour);
    CHECK(resting(since) == std::set<std::string>{console_member("ben")});
    // Ben accepts between his two lapses: the later one still leaves him resting.
    org.session_with("ben", third, noon + hour);
    CHECK(resting(since) == std::set<std::string>{console_member("ben")});
    // Once the day starts after his last lapse he no longer rests; an earlier start brings him back.
    CHECK(resting(noon + 2 * hour + 1).empty());
    CHECK(resting(since) == std::set<std::string>{console_member("ben")});
    // Accepting at the second of his last lapse counts as an answer.
    const long long session = org.session_with("ben", org.request(), noon + 2 * hour);
    CHECK(resting(since).empty());
    // The session called off: resting again.
    SessionStore(org.database).remove(session);
    CHECK(resting(since) == std::set<std::string>{console_member("ben")});
    CHECK(org.database.attached<DayOffersCache>().full_loads() == loads);

    // Undone by a rollback: Mo's lapse and Ben's accept leave nothing behind.
    org.database.execute("BEGIN IMMEDIATE");
    org.requests.add_silence(second, console_member("mo"), noon + 4 * hour);
    org.session_with("ben", org.request(), noon + 4 * hour);
    CHECK(resting(since) == std::set<std::string>{console_member("mo")});
    org.database.release_statements();
    org.database.execute("ROLLBACK");
    CHECK(resting(since) == std::set<std::string>{console_member("ben")});

    // Another process records a lapse of Mo's.
    Database other(org.database.path());
    RequestStore(other).add_silence(third, console_member("mo"), noon + 5 * hour);
    other.release_statements();
    CHECK(resting(since) == std::set<std::string>{console_member("ben"), console_member("mo")});
    // Days later nobody rests.
    CHECK(resting(noon + 4 * 24 * hour).empty());
}

// The kept mentor pool after every kind of change is the pool a fresh read gives, without reading all of it again.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/clock.h"
#include "storage/database.h"
#include "storage/member_store.h"
#include "storage/mentor_pool_cache.h"
#include "storage/mentor_pool_store.h"
#include "storage/offer_store.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

// Every tag the mentors of either index offer or list as a skill.
std::vector<std::string> every_topic(const MentorIndex& a, const MentorIndex& b) {
    std::set<std::string> topics;
    for (const MentorIndex* index : {&a, &b}) {
        for (const auto& mentor : index->mentors()) {
            topics.insert(mentor.topics.begin(), mentor.topics.end());
            topics.insert(mentor.skills.begin(), mentor.skills.end());
        }
    }
    return {topics.begin(), topics.end()};
}

std::vector<std::string> ids_at(const MentorIndex& index, const std::vector<std::uint32_t>& positions) {
    std::vector<std::string> ids;
    for (std::uint32_t position : positions) ids.push_back(index.mentors()[position].member_id);
    return ids;
}

// Field by field: the pool kept by `database` and the one a new connection reads from the
// same file, with this week's loads of every mentor.
void require_same_as_fresh(Database& database, Instant now) {
    Database fresh(database.path());
    const auto kept_first = database.attached<MentorPoolCache>().mentors();
    const auto read_first = fresh.attached<MentorPoolCache>().mentors();
    const auto topics = every_topic(*kept_first, *read_first);
    const auto kept = MentorPoolStore(database).with_loads(now);
    const auto read = MentorPoolStore(fresh).with_loads(now);
    database.release_statements();
    fresh.release_statements();
    REQUIRE(kept->size() == read->size());
    for (std::uint32_t position = 0; position < kept->size(); ++position) {
        const MentorCandidate& a = kept->mentors()[position];
        const MentorCandidate& b = read->mentors()[position];
        INFO("mentor " << position << ": " << b.member_id);
        CHECK(a.member_id == b.member_id);
        CHECK(a.display_name == b.display_name);
        CHECK(a.level == b.level);
        CHECK(a.level_set == b.level_set);
        CHECK(a.department == b.department);
        CHECK(a.schedule.time_zone == b.schedule.time_zone);
        CHECK(a.schedule.hours.start_minute == b.schedule.hours.start_minute);
        CHECK(a.schedule.hours.end_minute == b.schedule.hours.end_minute);
        CHECK(a.topics == b.topics);
        CHECK(a.skills == b.skills);
        CHECK(a.weekly_capacity == b.weekly_capacity);
        CHECK(a.reverse_opt_in == b.reverse_opt_in);
        CHECK(a.shadow_opt_in == b.shadow_opt_in);
        CHECK(a.paused == b.paused);
        CHECK(a.paused_until == b.paused_until);
        CHECK(a.last_matched_at == b.last_matched_at);
        if (!b.topics.empty()) {
            CHECK(a.weekly_load == b.weekly_load);
            CHECK(a.pending_offers == b.pending_offers);
            const MentorIndex::RuleFacts& x = kept->facts(position);
            const MentorIndex::RuleFacts& y = read->facts(position);
            CHECK(x.paused_until == y.paused_until);
            CHECK(x.remaining == y.remaining);
            CHECK(x.pending_offers == y.pending_offers);
            CHECK(x.level == y.level);
            CHECK(x.reverse == y.reverse);
            CHECK(x.shadow == y.shadow);
        }
        CHECK(kept->zone_name(kept->compiled(position).zone) == read->zone_name(read->compiled(position).zone));
        CHECK(kept->position_of(b.member_id) == std::optional<std::uint32_t>(position));
    }
    auto mentors_by_zone = [](const MentorIndex& index) {
        std::map<std::string, std::size_t> counts;
        for (std::uint32_t zone = 0; zone < index.zone_count(); ++zone) {
            if (index.mentors_in_zone(zone) > 0) counts[index.zone_name(zone)] = index.mentors_in_zone(zone);
        }
        return counts;
    };
    CHECK(mentors_by_zone(*kept) == mentors_by_zone(*read));
    for (const auto& topic : topics) {
        INFO("topic " << topic);
        CHECK(ids_at(*kept, kept->offering(topic)) == ids_at(*read, read->offering(topic)));
        CHECK(ids_at(*kept, kept->with_skill(kept->topic_id(topic))) ==
              ids_at(*read, read->with_skill(read->topic_id(topic))));
    }
}

std::uint64_t full_loads(TestChat& chat) { return chat.database().attached<MentorPoolCache>().full_loads(); }

// A chat at 14:00 UTC whose mentor pool has been read once.
struct ChatWithPool {
    TestChat chat;
    std::uint64_t loads_before = 0;

    ChatWithPool() {
        chat.jump(std::chrono::hours(5));
        require_same_as_fresh(chat.database(), chat.clock().now());
        loads_before = full_loads(chat);
    }
    void require_same_without_reload() {
        require_same_as_fresh(chat.database(), chat.clock().now());
        CHECK(full_loads(chat) == loads_before);
    }
};

}  // namespace

TEST_CASE("after an accept the kept pool is a fresh read's, without reading every mentor again",
          "[flash][cache][pool]") {
    ChatWithPool pool;
    CHECK(has(pool.chat.run("ana", "/flash request kubernetes").response.text, "offered to"));
    pool.require_same_without_reload();
    CHECK(has(pool.chat.run("kai", "/flash accept 1").response.text +
                  pool.chat.run("ben", "/flash accept 1").response.text +
                  pool.chat.run("carla", "/flash accept 1").response.text,
              "You accepted"));
    pool.require_same_without_reload();
    // The next request is matched on the pool brought up to date, not read again.
    CHECK(has(pool.chat.run("mo", "/flash request kubernetes").response.text, "offered to"));
    pool.require_same_without_reload();
}

TEST_CASE("after a decline the kept pool is a fresh read's", "[flash][cache][pool]") {
    ChatWithPool pool;
    const std::string offered = pool.chat.run("ana", "/flash request go").response.text;
    REQUIRE(has(offered, "offered to"));
    for (const char* mentor : {"ben", "kai"}) {
        if (has(offered, at(mentor))) pool.chat.run(mentor, "/flash decline 1");
    }
    pool.require_same_without_reload();
}

TEST_CASE("after a capacity, hours or opt-in change the kept pool is a fresh read's", "[flash][cache][pool]") {
    ChatWithPool pool;
    pool.chat.run("ben", "/mentor offer topics:kubernetes,go,distributed systems capacity:5");
    pool.require_same_without_reload();
    pool.chat.run("kai", "/mentor offer topics:go,testing,kubernetes capacity:1 hours:07-15 reverse:yes shadow:yes");
    pool.require_same_without_reload();
}

TEST_CASE("after a pause, a pause until a day and a resume the kept pool is a fresh read's", "[flash][cache][pool]") {
    ChatWithPool pool;
    pool.chat.run("ben", "/mentor pause");
    pool.require_same_without_reload();
    pool.chat.run("carla", "/mentor pause 2026-12-07");
    pool.require_same_without_reload();
    pool.chat.run("ben", "/mentor resume");
    pool.require_same_without_reload();
    // The pause ends by itself on its day.
    pool.chat.jump(std::chrono::hours(24 * 11));
    pool.require_same_without_reload();
}

TEST_CASE("after a new offer, new topics and a stop the kept pool is a fresh read's, in member order",
          "[flash][cache][pool]") {
    ChatWithPool pool;
    // Someone new: their place in member order is in the middle of the pool.
    pool.chat.run("hugo", "/mentor offer topics:crm,negotiation,rust capacity:2");
    pool.require_same_without_reload();
    pool.chat.run("ana", "/mentor offer topics:python capacity:1");
    pool.require_same_without_reload();
    pool.chat.run("ben", "/mentor offer topics:rust,go capacity:3");
    pool.require_same_without_reload();
    pool.chat.run("emma", "/mentor stop");
    pool.require_same_without_reload();
    pool.chat.run("ana", "/mentor stop");
    pool.require_same_without_reload();
    // Offering again after a stop.
    pool.chat.run("emma", "/mentor offer topics:figma capacity:2");
    pool.require_same_without_reload();
}

TEST_CASE("after profile edits the kept pool is a fresh read's", "[flash][cache][pool]") {
    ChatWithPool pool;
    pool.chat.run("ben", "/profile set level:6 dept:Platform tz:America/New_York name:\"Ben O.\"");
    pool.require_same_without_reload();
    pool.chat.run("kai", "/profile set skills:go,rust,observability");
    pool.require_same_without_reload();
    // A member who mentors nobody changes nothing in the pool.
    pool.chat.run("mo", "/profile set skills:javascript,go level:3 dept:Platform");
    pool.require_same_without_reload();
    // Someone new to the bot.
    pool.chat.run("zoe", "/profile set skills:rust level:5");
    pool.require_same_without_reload();
}

TEST_CASE("after a mentor asks to be forgotten the kept pool is a fresh read's", "[flash][cache][pool][forget]") {
    ChatWithPool pool;
    CHECK(has(pool.chat.run("ana", "/flash request kubernetes").response.text, "offered to"));
    pool.chat.run("carla", "/profile forget confirm:yes");
    pool.require_same_without_reload();
    pool.chat.run("farid", "/profile forget confirm:yes");  // not a mentor
    pool.require_same_without_reload();
}

TEST_CASE("a refused command leaves the kept pool a fresh read's, without reading it all again",
          "[flash][cache][pool]") {
    ChatWithPool pool;
    pool.chat.run("ben", "/flash accept 42");
    pool.chat.run("ben", "/mentor offer capacity:99");
    pool.require_same_without_reload();
}

TEST_CASE("what a rolled-back transaction or savepoint wrote to mentors is undone in the kept pool",
          "[flash][cache][pool]") {
    TempDirectory directory;
    Database database(directory.file("pool.db"));
    MemberStore members(database);
    OfferStore offers(database);
    const Instant now = from_unix(1'800'000'000);
    for (const char* name : {"ana", "ben", "carla"}) members.ensure(console_member(name), name, 1);
    MentorOffer offer;
    offer.member_id = console_member("ben");
    offer.topics = {"go", "rust"};
    offers.save(offer, 1);
    require_same_as_fresh(database, now);
    const std::uint64_t loads = database.attached<MentorPoolCache>().full_loads();

    // A whole transaction: the pool is read (and brought up to date) inside it, then undone.
    database.execute("BEGIN IMMEDIATE");
    offer.member_id = console_member("carla");
    offer.topics = {"go"};
    offers.save(offer, 2);
    offers.remove(console_member("ben"));
    CHECK(ids_at(*database.attached<MentorPoolCache>().mentors(),
                 database.attached<MentorPoolCache>().mentors()->offering("go")) ==
          std::vector<std::string>{console_member("carla")});
    database.release_statements();
    database.execute("ROLLBACK");
    require_same_as_fresh(database, now);

    // A savepoint inside a transaction that commits.
    database.execute("BEGIN IMMEDIATE");
    offer.member_id = console_member("ana");
    offer.topics = {"rust"};
    offers.save(offer, 3);
    CHECK(database.attached<MentorPoolCache>().mentors()->size() == 2);
    database.execute("SAVEPOINT command");
    offers.set_paused(console_member("ana"), true, "", 4);
    members.replace_tags(console_member("ben"), "skill", {"haskell"});
    CHECK(database.attached<MentorPoolCache>().mentors()->find(console_member("ana"))->paused);
    database.release_statements();
    database.execute("ROLLBACK TO command; RELEASE command");
    database.execute("COMMIT");
    require_same_as_fresh(database, now);
    CHECK(database.attached<MentorPoolCache>().full_loads() == loads);
}

TEST_CASE("a pool first read in a read-only snapshot is kept and one read after a mentor was written is undone",
          "[flash][cache][pool]") {
    TempDirectory directory;
    const Instant now = from_unix(1'800'000'000);
    {
        Database database(directory.file("pool.db"));
        MemberStore members(database);
        for (const char* name : {"ana", "ben", "carla"}) members.ensure(console_member(name), name, 1);
        MentorOffer offer;
        offer.member_id = console_member("ben");
        offer.topics = {"go", "rust"};
        OfferStore(database).save(offer, 1);
    }
    // A new connection has read nothing yet; a page read in a snapshot changes nothing, so the
    // next page uses the same pool.
    Database database(directory.file("pool.db"));
    database.execute("BEGIN");
    CHECK(database.attached<MentorPoolCache>().mentors()->size() == 1);
    database.release_statements();
    database.execute("ROLLBACK");
    const std::uint64_t loads = database.attached<MentorPoolCache>().full_loads();
    CHECK(database.attached<MentorPoolCache>().mentors()->size() == 1);
    CHECK(database.attached<MentorPoolCache>().full_loads() == loads);
    require_same_as_fresh(database, now);

    // Read for the first time after this transaction wrote an offer: undone with it.
    Database writer(directory.file("pool.db"));
    writer.execute("BEGIN IMMEDIATE");
    MentorOffer offer;
    offer.member_id = console_member("carla");
    offer.topics = {"go"};
    OfferStore(writer).save(offer, 2);
    CHECK(writer.attached<MentorPoolCache>().mentors()->size() == 2);
    writer.release_statements();
    writer.execute("ROLLBACK");
    CHECK(writer.attached<MentorPoolCache>().mentors()->size() == 1);
    require_same_as_fresh(writer, now);
}

TEST_CASE("a pool held by a ranking is not changed under it", "[flash][cache][pool]") {
    TempDirectory directory;
    Database database(directory.file("held.db"));
    MemberStore members(database);
    OfferStore offers(database);
    for (const char* name : {"ben", "carla"}) members.ensure(console_member(name), name, 1);
    MentorOffer offer;
    offer.member_id = console_member("carla");
    offer.topics = {"go"};
    offers.save(offer, 1);
    const auto held = database.attached<MentorPoolCache>().mentors();
    const MentorCandidate* carla = &held->mentors()[0];
    offer.member_id = console_member("ben");
    offers.save(offer, 2);
    const auto now_kept = database.attached<MentorPoolCache>().mentors();
    CHECK(now_kept->size() == 2);
    CHECK(held->size() == 1);
    CHECK(&held->mentors()[0] == carla);
    CHECK(carla->member_id == console_member("carla"));
}

// The mentor pool and the waiting requests kept in memory: never the old answer after a write that changes it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/member_store.h"
#include "storage/mentor_pool_store.h"
#include "storage/offer_store.h"
#include "storage/request_store.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

long long add_waiting_request(Database& database, const std::string& requester, const std::string& topic) {
    FlashRequest request;
    request.requester_id = requester;
    request.topic = topic;
    request.status = "queued";
    request.created_at = 1;
    return RequestStore(database).create(request);
}

std::vector<long long> competing_ids(Database& database, long long except_id = 0) {
    std::vector<long long> ids;
    const auto requests = RequestStore(database).competing(except_id, 3);
    for (const auto& request : *requests) ids.push_back(request.request_id);
    return ids;
}

int competing_level_of(Database& database, long long request_id) {
    const auto requests = RequestStore(database).competing(0, 3);
    for (const auto& request : *requests) {
        if (request.request_id == request_id) return request.requester_level;
    }
    FAIL("request #" << request_id << " is not among the competing requests");
    return 0;
}

std::vector<std::string> offering(Database& database, const std::string& topic) {
    auto mentors = MentorPoolStore(database).with_loads(from_unix(0));
    std::vector<std::string> ids;
    for (std::uint32_t position : mentors->offering(topic)) ids.push_back(mentors->mentors()[position].member_id);
    return ids;
}

}  // namespace

TEST_CASE("a mentor who pauses after being matched is not offered the next request", "[flash][cache]") {
    TestChat chat;
    CHECK(has(chat.run("ana", "/flash request kubernetes").response.text, "offered to"));
    for (const char* mentor : {"ben", "carla", "kai"}) chat.run(mentor, "/mentor pause");
    const std::string reply = chat.run("mo", "/flash request kubernetes").response.text;
    CHECK(has(reply, "is queued"));
    CHECK(has(reply, "3 are paused"));
}

TEST_CASE("a mentor who starts offering a topic is matched to it at once, also for a waiting request",
          "[flash][cache]") {
    TestChat chat;
    CHECK(has(chat.run("ana", "/flash request rust").response.text, "nobody offers rust yet"));
    chat.take_deliveries();
    chat.run("ben", "/mentor offer topics:kubernetes,go,rust capacity:3");
    // ana's waiting request is offered to ben as soon as he offers rust.
    auto for_ben = chat.messages_for("ben");
    REQUIRE(for_ben.size() == 1);
    CHECK(has(for_ben.front().text, at("ana") + " asks for flash help on rust"));
    // He holds one unanswered offer at a time: once he answers, a new request for rust finds him too.
    CHECK(has(chat.run("mo", "/flash request rust").response.text, "1 is still to answer another request"));
    chat.take_deliveries();
    // Answering frees him for the next one: mo's waiting request is offered to him at once.
    chat.run("ben", "/flash accept 1");
    auto for_mo = chat.messages_for("mo");
    REQUIRE(for_mo.size() == 1);
    CHECK(has(for_mo.front().text, "Good news: Request #2 (flash, rust, 30 min): offered to " + at("ben")));
    CHECK(has(for_mo.front().text, "Ben Okafor knows rust"));
}

TEST_CASE("a mentor who stops offering a topic is no longer matched to it", "[flash][cache]") {
    TestChat chat;
    chat.run("kai", "/mentor pause");
    chat.run("carla", "/mentor pause");
    CHECK(has(chat.run("ana", "/flash request kubernetes").response.text, "offered to " + at("ben")));
    chat.run("ben", "/mentor offer topics:go capacity:3");
    const std::string reply = chat.run("mo", "/flash request kubernetes").response.text;
    CHECK(has(reply, "is queued"));
    CHECK(has(reply, "2 mentors offer kubernetes, but 2 are paused"));
}

TEST_CASE("a mentor's new level is what the next match explains", "[flash][cache]") {
    TestChat chat;
    chat.run("kai", "/mentor pause");
    chat.run("carla", "/mentor pause");
    chat.run("ana", "/flash request kubernetes");
    CHECK(has(chat.run("ana", "/flash why 1 detail:yes").response.text, "level 4 vs requester 2"));
    chat.run("ben", "/flash accept 1");
    chat.run("ben", "/profile set level:6");
    CHECK(has(chat.run("mo", "/flash request kubernetes").response.text, "is four levels ahead of you"));
    CHECK(has(chat.run("mo", "/flash why 2 detail:yes").response.text, "level 6 vs requester 2"));
}

TEST_CASE("a forgotten mentor is never offered a request again", "[flash][cache][forget]") {
    TestChat chat;
    chat.run("kai", "/mentor pause");
    chat.run("carla", "/mentor pause");
    CHECK(has(chat.run("ana", "/flash request kubernetes").response.text, "offered to " + at("ben")));
    chat.run("ben", "/profile forget confirm:yes");
    const std::string reply = chat.run("mo", "/flash request kubernetes").response.text;
    CHECK_FALSE(has(reply, at("ben")));
    CHECK(has(reply, "2 mentors offer kubernetes, but 2 are paused"));
}

TEST_CASE("the waiting requests follow every change, also beyond the hundred that are weighed", "[flash][cache]") {
    TempDirectory directory;
    Database database(directory.file("waiting.db"));
    MemberStore members(database);
    for (int person = 0; person < 110; ++person) members.ensure("console:local:p" + std::to_string(person), "", 1);
    std::vector<long long> ids;
    for (int person = 0; person < 105; ++person) {
        ids.push_back(add_waiting_request(database, "console:local:p" + std::to_string(person), "go"));
    }
    const std::vector<long long> oldest_hundred(ids.begin(), ids.begin() + 100);
    REQUIRE(competing_ids(database) == oldest_hundred);

    // Leaving out the caller's own request brings in the next one.
    std::vector<long long> without_third = oldest_hundred;
    without_third.erase(without_third.begin() + 2);
    without_third.push_back(ids[100]);
    CHECK(competing_ids(database, ids[2]) == without_third);

    // A newer request does not change which are the oldest; its requester's level does not matter.
    add_waiting_request(database, "console:local:p106", "go");
    CHECK(competing_ids(database) == oldest_hundred);

    // One of them is accepted: the next one comes in.
    RequestStore(database).mark_offered(ids[5], "queued", "console:local:p109", 1, "", 2);
    CHECK(competing_ids(database) == oldest_hundred);  // an open offer still competes
    REQUIRE(RequestStore(database).mark_accepted(ids[5], "console:local:p109", 3));
    std::vector<long long> after_accept = oldest_hundred;
    after_accept.erase(after_accept.begin() + 5);
    after_accept.push_back(ids[100]);
    CHECK(competing_ids(database) == after_accept);

    // A requester's level is read as it is now; without one, the caller's assumption counts.
    CHECK(competing_level_of(database, ids[0]) == 3);
    CHECK((*RequestStore(database).competing(0, 2))[0].requester_level == 2);
    MemberProfile profile = *members.find("console:local:p0");
    profile.level = 5;
    members.update(profile, 4);
    CHECK(competing_level_of(database, ids[0]) == 5);

    // A forgotten requester's request still competes, without them.
    members.forget("console:local:p1", 5);
    const auto requests = RequestStore(database).competing(0, 3);
    auto forgotten = std::find_if(requests->begin(), requests->end(),
                                  [&](const auto& r) { return r.request_id == ids[1]; });
    REQUIRE(forgotten != requests->end());
    CHECK(forgotten->requester_id.empty());
    CHECK(forgotten->requester_level == 3);
}

TEST_CASE("with few waiting, each new request joins them and each closed one leaves", "[flash][cache]") {
    TempDirectory directory;
    Database database(directory.file("few.db"));
    MemberStore members(database);
    for (const char* name : {"ana", "ben", "carla", "dev"}) members.ensure(console_member(name), "", 1);
    CHECK(competing_ids(database).empty());
    const long long first = add_waiting_request(database, console_member("ana"), "go");
    const long long second = add_waiting_request(database, console_member("ben"), "go");
    REQUIRE(competing_ids(database) == std::vector<long long>{first, second});

    // A request is written as new, then queued: it competes from then on.
    FlashRequest fresh;
    fresh.requester_id = console_member("carla");
    fresh.topic = "sql";
    fresh.status = "new";
    fresh.created_at = 2;
    const long long third = RequestStore(database).create(fresh);
    CHECK(competing_ids(database) == std::vector<long long>{first, second});
    REQUIRE(RequestStore(database).mark_queued(third, "new", 0, "nobody offers sql yet"));
    CHECK(competing_ids(database) == std::vector<long long>{first, second, third});
    CHECK(competing_level_of(database, third) == 3);
    MemberProfile carla = *members.find(console_member("carla"));
    carla.level = 1;
    members.update(carla, 3);
    CHECK(competing_level_of(database, third) == 1);

    // The newest one is cancelled, then the oldest: each leaves.
    REQUIRE(RequestStore(database).close(third, "queued", "cancelled", 4));
    CHECK(competing_ids(database) == std::vector<long long>{first, second});
    REQUIRE(RequestStore(database).close(first, "queued", "cancelled", 5));
    CHECK(competing_ids(database) == std::vector<long long>{second});
    const long long fourth = add_waiting_request(database, console_member("dev"), "go");
    CHECK(competing_ids(database) == std::vector<long long>{second, fourth});
}

TEST_CASE("what a rolled-back command changed is not remembered", "[flash][cache]") {
    TempDirectory directory;
    Database database(directory.file("rollback.db"));
    MemberStore(database).ensure("console:local:ana", "", 1);
    const long long id = add_waiting_request(database, "console:local:ana", "go");
    REQUIRE(competing_ids(database) == std::vector<long long>{id});
    {
        SQLite::Transaction transaction(database.connection());
        REQUIRE(RequestStore(database).close(id, "queued", "cancelled", 2));
        CHECK(competing_ids(database).empty());
        database.release_statements();
    }  // rolled back
    CHECK(competing_ids(database) == std::vector<long long>{id});
}

TEST_CASE("what a command undone to its savepoint changed is not remembered", "[flash][cache]") {
    TempDirectory directory;
    Database database(directory.file("savepoint.db"));
    MemberStore(database).ensure("console:local:ana", "", 1);
    MemberStore(database).ensure("console:local:ben", "Ben", 1);
    MentorOffer offer;
    offer.member_id = "console:local:ben";
    offer.topics = {"go"};
    OfferStore(database).save(offer, 1);
    const long long id = add_waiting_request(database, "console:local:ana", "go");
    REQUIRE(competing_ids(database) == std::vector<long long>{id});
    REQUIRE(offering(database, "go") == std::vector<std::string>{"console:local:ben"});

    // One transaction for a batch of commands, a savepoint for each: one of them fails.
    database.execute("BEGIN IMMEDIATE");
    database.execute("SAVEPOINT command");
    REQUIRE(RequestStore(database).close(id, "queued", "cancelled", 2));
    OfferStore(database).remove("console:local:ben");
    CHECK(competing_ids(database).empty());
    CHECK(offering(database, "go").empty());
    database.release_statements();
    database.execute("ROLLBACK TO command; RELEASE command");
    CHECK(competing_ids(database) == std::vector<long long>{id});
    CHECK(offering(database, "go") == std::vector<std::string>{"console:local:ben"});
    database.release_statements();
    database.execute("COMMIT");
}

TEST_CASE("another process's writes are seen: a second bot or an import", "[flash][cache]") {
    TempDirectory directory;
    const std::string path = directory.file("shared.db");
    Database database(path);
    Database other(path);
    MemberStore(database).ensure("console:local:ana", "", 1);
    MemberStore(database).ensure("console:local:ben", "Ben", 1);
    MentorOffer offer;
    offer.member_id = "console:local:ben";
    offer.topics = {"go"};
    offer.capacity = 2;
    OfferStore(database).save(offer, 1);
    const long long id = add_waiting_request(database, "console:local:ana", "go");
    REQUIRE(competing_ids(database) == std::vector<long long>{id});
    REQUIRE(offering(database, "go") == std::vector<std::string>{"console:local:ben"});

    REQUIRE(RequestStore(other).close(id, "queued", "cancelled", 2));
    OfferStore(other).remove("console:local:ben");
    other.release_statements();

    CHECK(competing_ids(database).empty());
    CHECK(offering(database, "go").empty());
}

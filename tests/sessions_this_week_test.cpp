// Sessions this week as matching counts them: after accepts, call-offs, rollbacks, other writers and a new week.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "storage/database.h"
#include "storage/mentor_pool_store.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* no_room = "1 has no capacity left this week";

// Thursday 14:00 UTC, when Berlin, London and New York all work; carla (New York) is the
// only kubernetes mentor not paused, with room for one session a week.
void only_carla_with_one_place(TestChat& chat) {
    chat.jump(5h);
    chat.run("carla", "/mentor offer capacity:1");
    chat.run("kai", "/mentor pause");
    chat.run("ben", "/mentor pause");
}

std::string session_for_carla_sql(long long created_at) {
    return "INSERT INTO sessions (mentor_id, mentee_id, kind, topic, minutes, status, created_at) VALUES "
           "('console:local:carla', 'console:local:ana', 'flash', 'kubernetes', 30, 'scheduled', " +
           std::to_string(created_at) + ")";
}

}  // namespace

TEST_CASE("a mentor full on Sunday evening in her zone fits again once Monday begins there", "[flash][week]") {
    TestChat chat;
    only_carla_with_one_place(chat);
    chat.run("ana", "/flash request kubernetes");
    chat.run("carla", "/flash accept 1");
    CHECK(has(chat.run("mo", "/flash request kubernetes").response.text, no_room));
    // Monday 04:30 UTC: a new week in London and Berlin, still Sunday 23:30 in New York.
    chat.advance(3 * 24h + 14h + 30min);
    CHECK(has(chat.run("jon", "/flash request kubernetes").response.text, no_room));
    // Monday 00:30 in New York: her week has room again, and she is waited for until her day starts.
    chat.advance(1h);
    const std::string monday = chat.run("gia", "/flash request kubernetes").response.text;
    CHECK_FALSE(has(monday, no_room));
    CHECK(has(monday, "Carla Reyes fits"));
}

TEST_CASE("a session called off gives its place in the mentor's week to a waiting request at once", "[flash][week]") {
    TestChat chat;
    only_carla_with_one_place(chat);
    chat.run("ana", "/flash request kubernetes");
    chat.run("carla", "/flash accept 1");
    CHECK(has(chat.run("mo", "/flash request kubernetes").response.text, no_room));
    chat.take_deliveries();
    chat.run("ana", "/flash cancel 1");
    CHECK(has(chat.messages_for("mo").at(0).text,
              "Good news: Request #2 (flash, kubernetes, 30 min): offered to " + at("carla")));
    // Her one place is taken again once she accepts: the next request waits.
    chat.run("carla", "/flash accept 2");
    CHECK(has(chat.run("jon", "/flash request kubernetes").response.text, no_room));
}

TEST_CASE("a session undone by a rollback to a savepoint takes no place in the mentor's week", "[flash][week]") {
    TestChat chat;
    only_carla_with_one_place(chat);
    Database& database = chat.database();
    database.execute("SAVEPOINT trial");
    database.execute(session_for_carla_sql(to_unix(chat.clock().now())));
    // Matching inside the savepoint sees the session, so her week is full there...
    const auto inside = MentorPoolStore(database).with_loads(chat.clock().now());
    CHECK(inside->find(console_member("carla"))->weekly_load == 1);
    database.execute("ROLLBACK TO trial");
    database.execute("RELEASE trial");
    // ...and once it is undone, the next request goes to her.
    CHECK(has(chat.run("ana", "/flash request kubernetes").response.text, "offered to " + at("carla")));
}

TEST_CASE("sessions another process writes or removes count for the next request", "[flash][week]") {
    TestChat chat;
    only_carla_with_one_place(chat);
    // A first request reads the sessions into memory.
    CHECK(has(chat.run("ana", "/flash request kubernetes").response.text, "offered to " + at("carla")));
    chat.run("ana", "/flash cancel 1");
    Database other(chat.database_path());
    other.execute(session_for_carla_sql(to_unix(chat.clock().now())));
    CHECK(has(chat.run("mo", "/flash request kubernetes").response.text, no_room));
    other.execute("DELETE FROM sessions WHERE mentor_id = 'console:local:carla'");
    CHECK(has(chat.run("jon", "/flash request kubernetes").response.text, "offered to " + at("carla")));
}

// A day full of direct messages: what can wait goes on the member's next working day, offers and answers at once.
#include <catch2/catch.hpp>

#include <chrono>
#include <unordered_set>
#include <vector>

#include <date/date.h>

#include "commands/dm_budget.h"
#include "config/config.h"
#include "storage/database.h"
#include "storage/outbox_store.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

int count_having(const std::vector<Message>& messages, const std::string& text) {
    int count = 0;
    for (const Message& message : messages) count += has(message.text, text) ? 1 : 0;
    return count;
}

// What was delivered since the last look, to one member.
std::vector<Message> for_member(const std::vector<OutboundMessage>& deliveries, const std::string& who) {
    std::vector<Message> messages;
    for (const OutboundMessage& delivery : deliveries) {
        if (delivery.destination.target == console_member(who)) messages.push_back(delivery.message);
    }
    return messages;
}

// Thursday 14:00 UTC: Ben (London) has had six direct messages, is offered Ana's request
// and accepts it, and Carla accepts his own request. Returns what he got that day.
std::vector<Message> bens_busy_thursday(TestChat& chat) {
    chat.jump(5h);  // 14:00 UTC: Berlin, London and New York at work
    chat.run("kai", "/mentor pause");
    chat.take_deliveries();
    // Ben's Thursday (London) is busy already: six direct messages reached him.
    for (int i = 0; i < 6; ++i) {
        OutboxStore(chat.database())
            .enqueue({Destination::member(console_member("ben")), {"busy day " + std::to_string(i), {}}},
                     to_unix(chat.clock().now()));
    }
    std::vector<Message> thursday;
    const auto keep = [&thursday, &chat] {
        for (Message& message : for_member(chat.take_deliveries(), "ben")) thursday.push_back(std::move(message));
    };

    // Ana's request is offered to him all the same: an offer cannot wait.
    chat.run("ana", "/flash request kubernetes");
    keep();
    REQUIRE(count_having(thursday, "asks for flash help on kubernetes (30 min), request #1.") == 1);
    chat.run("ben", "/flash accept 1");
    // His own request is matched, and he hears it at once.
    chat.run("ben", "/flash request kubernetes");
    chat.run("carla", "/flash accept 2");
    keep();
    REQUIRE(count_having(thursday, at("carla") + " accepted your request #2") == 1);
    return thursday;
}

}  // namespace

TEST_CASE("a mentor with a request of their own and a day full of messages gets feedback asks on their next working "
          "day while offers and the match for their request come at once",
          "[flash][dm-budget]") {
    TestChat chat;  // Thursday 2026-11-26 09:00 UTC
    std::vector<Message> thursday = bens_busy_thursday(chat);
    const auto keep = [&thursday, &chat] {
        for (Message& message : for_member(chat.take_deliveries(), "ben")) thursday.push_back(std::move(message));
    };

    // With eight messages today, what is left of his day is kept for answers: Hugo's request
    // is not offered to him.
    chat.run("hugo", "/flash request kubernetes");
    keep();
    CHECK(count_having(thursday, "request #3") == 0);

    // Both sessions take place on Thursday: Ana is asked about hers then, Ben's asks wait.
    chat.advance(9h);  // to 23:00 UTC, Ben's Thursday still
    const std::vector<OutboundMessage> evening = chat.take_deliveries();
    CHECK(count_having(for_member(evening, "ana"), "How was your session #1 on kubernetes with " + at("ben")) == 1);
    for (Message& message : for_member(evening, "ben")) thursday.push_back(std::move(message));
    CHECK(count_having(thursday, "How was your session") == 0);
    CHECK(thursday.size() <= 10);

    // Friday: his working day brings what waited, once each.
    chat.advance(11h);  // to Friday 10:00 UTC, 10:00 in London
    const std::vector<Message> friday = for_member(chat.take_deliveries(), "ben");
    CHECK(count_having(friday, "How was your session #1 on kubernetes with " + at("ana")) == 1);
    CHECK(count_having(friday, "How was your session #2 on kubernetes with " + at("carla")) == 1);
    chat.advance(24h);
    CHECK(count_having(for_member(chat.take_deliveries(), "ben"), "How was your session") == 0);
}

TEST_CASE("a held feedback ask is dropped when the mentor rated the session before his next working day",
          "[flash][dm-budget]") {
    TestChat chat;  // Thursday 2026-11-26 09:00 UTC
    bens_busy_thursday(chat);
    chat.advance(9h);  // to 23:00 UTC: both sessions took place, Ben's asks wait for Friday
    REQUIRE(count_having(for_member(chat.take_deliveries(), "ben"), "How was your session") == 0);
    // He rates the session with Ana on his own before Friday; the one with Carla he does not.
    REQUIRE(has(chat.run("ben", "/feedback session id:1 rating:5").response.text, "rated 5/5"));

    chat.advance(11h);  // to Friday 10:00 UTC, 10:00 in London
    const std::vector<Message> friday = for_member(chat.take_deliveries(), "ben");
    CHECK(count_having(friday, "How was your session #1") == 0);
    CHECK(count_having(friday, "How was your session #2 on kubernetes with " + at("carla")) == 1);
}

TEST_CASE("a mentor whose messages today and those about to go fill the day gets no more offers while messages of "
          "yesterday do not count",
          "[flash][dm-budget]") {
    TempDirectory directory;
    Database database(directory.file("budget.db"));
    const Config config = default_config();                                         // offers stop at 8 messages a day
    const Seconds now = Seconds{date::sys_days{date::year{2026} / 11 / 26}} + 10h;  // Thursday, UTC
    OutboxStore outbox(database);
    auto queue = [&](const std::string& who, int messages, Seconds at) {
        for (int i = 0; i < messages; ++i)
            outbox.enqueue({Destination::member(console_member(who)), {"hi", {}}}, to_unix(at));
    };
    queue("ana", 7, now - 1h);   // today
    queue("ben", 7, now - 11h);  // yesterday 23:00
    queue("carla", 3, now - 1h);
    const std::vector<OutboundMessage> outbound = {{Destination::member(console_member("ana")), {"offer", {}}},
                                                   {Destination::member(console_member("ben")), {"offer", {}}},
                                                   {Destination::member(console_member("carla")), {"offer", {}}}};
    const auto busy = busy_members_today(database, config, now);
    CHECK(busy.empty());
    CHECK(mentors_with_full_days(database, config, now, busy, outbound) ==
          std::unordered_set<std::string>{console_member("ana")});
    // Once the day is over for everyone, nobody is full.
    const Seconds next_day = now + 24h;
    CHECK(
        mentors_with_full_days(database, config, next_day, busy_members_today(database, config, next_day), {}).empty());
}

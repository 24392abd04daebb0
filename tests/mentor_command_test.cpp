// /mentor offer|pause|resume|status|stop, including a pause that ends by itself.
#include <catch2/catch.hpp>

#include "storage/job_keys.h"
#include "storage/job_store.h"
#include "storage/offer_store.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using mentorbot::testing::TestChat;
using mentorbot::testing::console_member;

TEST_CASE("a member offers to mentor and reads the offer back", "[mentor]") {
    TestChat chat(false);
    std::string reply =
        chat.run("zoe", "/mentor offer topics:K8s,Go capacity:4 hours:08:30-16 reverse:yes").response.text;
    CHECK_THAT(reply, Catch::Contains("Thank you for offering"));
    CHECK_THAT(reply, Catch::Contains("set your level and time zone"));
    std::string status = chat.run("zoe", "/mentor status").response.text;
    CHECK_THAT(status, Catch::Contains("Topics: kubernetes, go"));
    CHECK_THAT(status, Catch::Contains("This week: 0 of 4 sessions"));
    CHECK_THAT(status, Catch::Contains("Hours: 08:30–16:00"));
    CHECK_THAT(status, Catch::Contains("Reverse mentoring: yes · Shadowing: no"));
}

TEST_CASE("changing an offer keeps what was not mentioned", "[mentor]") {
    TestChat chat(false);
    chat.run("zoe", "/mentor offer topics:go capacity:3 shadow:yes");
    CHECK_THAT(chat.run("zoe", "/mentor offer capacity:1").response.text, Catch::Contains("offer updated"));
    auto offer = OfferStore(chat.database()).find(console_member("zoe"));
    CHECK(offer->capacity == 1);
    CHECK(offer->shadow_ok);
    CHECK(offer->topics == std::vector<std::string>{"go"});
}

TEST_CASE("mentor commands refuse bad input and change nothing", "[mentor]") {
    TestChat chat(false);
    CHECK_THAT(chat.run("zoe", "/mentor offer capacity:2").response.text, Catch::Contains("topics:<tag,tag>"));
    CHECK_THAT(chat.run("zoe", "/mentor offer topics:go capacity:-1").response.text,
               Catch::Contains("between 1 and 20"));
    CHECK_THAT(chat.run("zoe", "/mentor offer topics:go hours:9to5").response.text,
               Catch::Contains("hours must look like"));
    CHECK_THAT(chat.run("zoe", "/mentor offer topics:go hours:25-26").response.text,
               Catch::Contains("hours must look like"));
    CHECK_THAT(chat.run("zoe", "/mentor status").response.text, Catch::Contains("no mentor offer yet"));
    CHECK_THAT(chat.run("zoe", "/mentor pause").response.text, Catch::Contains("no mentor offer yet"));
    CHECK_FALSE(OfferStore(chat.database()).find(console_member("zoe")));
    chat.run("zoe", "/mentor offer topics:go");
    CHECK_THAT(chat.run("zoe", "/mentor pause until:2020-01-01").response.text, Catch::Contains("in the future"));
    CHECK_FALSE(OfferStore(chat.database()).find(console_member("zoe"))->paused);
}

TEST_CASE("pause, resume and stop", "[mentor]") {
    TestChat chat;
    CHECK_THAT(chat.run("ben", "/mentor pause").response.text, Catch::Contains("until you /mentor resume"));
    CHECK(OfferStore(chat.database()).find(console_member("ben"))->paused);
    CHECK_THAT(chat.run("ben", "/mentor status").response.text, Catch::Contains("Paused"));
    CHECK_THAT(chat.run("ben", "/mentor resume").response.text, Catch::Contains("active again"));
    CHECK_THAT(chat.run("ben", "/mentor resume").response.text, Catch::Contains("not paused"));
    CHECK_THAT(chat.run("ben", "/mentor stop").response.text, Catch::Contains("withdrawn"));
    CHECK_FALSE(OfferStore(chat.database()).find(console_member("ben")));
}

TEST_CASE("a pause with a date ends that day and tells the mentor, once, even across a restart", "[mentor][jobs]") {
    TestChat chat;
    chat.run("ben", "/mentor pause until:2026-12-01");
    chat.take_deliveries();
    chat.advance(std::chrono::hours{24});
    CHECK(OfferStore(chat.database()).find(console_member("ben"))->paused);
    // The bot is down when the day comes; the job runs on the next start, once.
    chat.clock().advance(std::chrono::hours{24 * 7});
    chat.restart();
    CHECK(chat.app().run_due_jobs() == 1);
    chat.app().deliver_outbox();
    CHECK(chat.app().run_due_jobs() == 0);
    CHECK_FALSE(OfferStore(chat.database()).find(console_member("ben"))->paused);
    auto messages = chat.messages_for("ben");
    REQUIRE(messages.size() == 1);
    CHECK_THAT(messages[0].text, Catch::Contains("pause has ended"));
}

TEST_CASE("a pause timed for midnight UTC by an earlier version ends at the mentor's own midnight west of it",
          "[mentor][jobs]") {
    TestChat chat;
    chat.run("carla", "/mentor pause until:2026-11-30");  // New York
    // The timer an earlier version set: Monday 00:00 UTC, still Sunday 19:00 in New York.
    JobStore jobs(chat.database());
    jobs.cancel(JobKey::mentor_resume(console_member("carla"), "2026-11-30"));
    jobs.schedule(JobKind::mentor_resume, "{}", 1795996800, "earlier version's timer", 0);
    chat.take_deliveries();

    chat.advance(std::chrono::hours{24 * 3 + 15 + 1});  // Monday 00:00 UTC has passed
    CHECK(OfferStore(chat.database()).find(console_member("carla"))->paused);
    chat.advance(std::chrono::hours{5});  // Monday 01:00 in New York
    CHECK_FALSE(OfferStore(chat.database()).find(console_member("carla"))->paused);
    const auto messages = chat.messages_for("carla");
    REQUIRE(messages.size() == 1);
    CHECK_THAT(messages[0].text, Catch::Contains("pause has ended"));
}

// Scenario tests for /announce: who may, where it goes, repeats refused, failed deliveries retried and counted.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "commands/program_stats.h"
#include "tests/support/row_count.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

// Two pods: rust-readers (ana, ben, carla; direct messages) and go-club (kai, ben; a channel).
void two_pods(TestChat& chat) {
    chat.run("ana", "/pod create rust-readers");
    chat.run("ben", "/pod join rust-readers");
    chat.run("carla", "/pod join rust-readers");
    chat.run("kai", "/pod create go-club channel:#go-club");
    chat.run("ben", "/pod join go-club");
    chat.take_deliveries();
}

}  // namespace

TEST_CASE("an admin announces to a pod's members by direct message", "[announce]") {
    TestChat chat;
    two_pods(chat);
    const std::string text = "Retro on Friday — bring one win 🎉 and one «question»";
    Reply reply = chat.run("olivia", "/announce pod:rust-readers text:\"" + text + "\"");
    REQUIRE(contains(reply.response.text, "to pod rust-readers: 0 channel posts and 3 direct messages"));
    auto deliveries = chat.take_deliveries();
    REQUIRE(deliveries.size() == 3);
    for (const auto& delivery : deliveries) {
        REQUIRE(delivery.destination.kind == Destination::Kind::direct_message);
        REQUIRE(contains(delivery.message.text, text));  // exactly as typed, any script
        REQUIRE(contains(delivery.message.text, "from <@console:local:olivia>"));
    }
    SQLite::Statement stored(chat.database().connection(), "SELECT target, text FROM announcements");
    REQUIRE(stored.executeStep());
    REQUIRE(stored.getColumn(0).getString() == "rust-readers");
    REQUIRE(stored.getColumn(1).getString() == text);
}

TEST_CASE("pod:all reaches every active pod once per channel and once per member", "[announce]") {
    TestChat chat;
    two_pods(chat);
    chat.run("olivia", "/pod create archived-one");
    chat.run("olivia", "/pod archive archived-one");
    chat.take_deliveries();

    Reply reply = chat.run("olivia", "/announce all text:\"Pods pause over the holidays\"");
    REQUIRE(contains(reply.response.text, "to all 2 active pods: 1 channel post and 3 direct messages"));
    auto deliveries = chat.take_deliveries();
    REQUIRE(deliveries.size() == 4);
    int channel_posts = 0;
    for (const auto& delivery : deliveries) {
        if (delivery.destination.kind == Destination::Kind::channel) {
            ++channel_posts;
            REQUIRE(delivery.destination.target == "console:local:#go-club");
        } else {
            REQUIRE(delivery.destination.target != console_member("olivia"));  // not in an active pod
        }
    }
    REQUIRE(channel_posts == 1);
}

TEST_CASE("the same text to the same target within a minute is refused", "[announce]") {
    TestChat chat;
    two_pods(chat);
    chat.run("olivia", "/announce pod:go-club text:\"Meet at 5\"");
    chat.take_deliveries();
    chat.advance(std::chrono::seconds{59});
    Reply again = chat.run("olivia", "/announce pod:GO-CLUB text:\"Meet at 5\"");
    REQUIRE(contains(again.response.text, "this exact text went to pod go-club less than a minute ago"));
    REQUIRE(chat.take_deliveries().empty());
    // Different text, or a different target, is fine at once.
    REQUIRE(contains(chat.run("olivia", "/announce pod:go-club text:\"Meet at 6\"").response.text, "Announcement #2"));
    REQUIRE(
        contains(chat.run("olivia", "/announce pod:rust-readers text:\"Meet at 5\"").response.text, "Announcement #3"));
    chat.advance(std::chrono::seconds{2});
    REQUIRE(contains(chat.run("olivia", "/announce pod:go-club text:\"Meet at 5\"").response.text, "Announcement #4"));
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM announcements") == 4);
}

TEST_CASE("non-admins and bad announcements are refused and nothing is sent", "[announce]") {
    TestChat chat;
    two_pods(chat);
    REQUIRE(contains(chat.run("ben", "/announce pod:rust-readers text:hello").response.text,
                     "/announce is for program admins only; nothing was done."));
    REQUIRE(contains(chat.run("olivia", "/announce pod:nowhere text:hello").response.text,
                     "there is no pod called `nowhere`"));
    REQUIRE(contains(chat.run("olivia", "/announce pod:rust-readers").response.text, "Usage: /announce pod:"));
    std::string too_long(3001, 'x');
    REQUIRE(contains(chat.run("olivia", "/announce pod:rust-readers text:" + too_long).response.text, "3000"));
    chat.run("ana", "/pod archive rust-readers");
    REQUIRE(contains(chat.run("olivia", "/announce pod:rust-readers text:hi").response.text, "is archived"));
    chat.take_deliveries();
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM announcements") == 0);
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM outbox WHERE announcement_id IS NOT NULL") == 0);
}

TEST_CASE("admins come from config, MENTORBOT_ADMINS and the platform's own admin flag", "[announce]") {
    ::setenv("MENTORBOT_ADMINS", "console:local:ben, console:local:kai", 1);
    Config config = default_config();
    config.apply_environment(process_environment());
    ::unsetenv("MENTORBOT_ADMINS");
    TestChat chat(true, config);
    two_pods(chat);
    REQUIRE(contains(chat.run("ben", "/announce pod:go-club text:one").response.text, "Announcement #1"));
    REQUIRE(contains(chat.run("kai", "/announce pod:go-club text:two").response.text, "Announcement #2"));
    REQUIRE(contains(chat.run("ana", "/announce pod:go-club text:three").response.text, "admins only"));

    Caller server_admin = testing::console_caller("ana", "console:local:#general");
    server_admin.platform_admin = true;
    Reply reply = chat.app().run(testing::text_request(server_admin, "/announce pod:go-club text:three"));
    REQUIRE(contains(reply.response.text, "Announcement #3"));
}

TEST_CASE("failed deliveries are retried with backoff and counted", "[announce]") {
    TestChat chat;
    two_pods(chat);
    chat.transport().failing = true;
    chat.run("olivia", "/announce pod:rust-readers text:\"Slides are up\"");
    REQUIRE(chat.transport().attempts == 3);
    std::string figures = chat.run("olivia", "/coach stats").response.text;
    REQUIRE(contains(figures, "Announcements: 1 (deliveries: 0 sent, 0 failed, 3 waiting)"));

    // Not retried before the backoff has passed…
    chat.advance(std::chrono::seconds{30});
    REQUIRE(chat.transport().attempts == 3);
    // …then retried; one more failure, then the transport recovers.
    chat.advance(std::chrono::seconds{31});
    REQUIRE(chat.transport().attempts == 6);
    chat.transport().failing = false;
    chat.advance(std::chrono::minutes{3});
    REQUIRE(chat.transport().attempts == 9);
    REQUIRE(chat.take_deliveries().size() == 3);
    REQUIRE(contains(chat.run("olivia", "/coach stats").response.text,
                     "Announcements: 1 (deliveries: 3 sent, 0 failed, 0 waiting)"));
}

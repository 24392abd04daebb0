// Messages members send each other in the bot's name: a daily cap per sender, mutes, and who may point a pod at a
// channel.
#include <catch2/catch.hpp>

#include "tests/support/callers.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

std::string note(TestChat& chat, const std::string& from, const std::string& to, int n) {
    return chat.run(from, "/feedback peer user:" + to + " note:\"note " + std::to_string(n) + "\"").response.text;
}

}  // namespace

TEST_CASE("A member sends at most ten peer notes a day and the eleventh sends nothing", "[feedback][peer-limits]") {
    TestChat chat;
    for (int n = 0; n < 10; ++n) REQUIRE(has(note(chat, "ana", n % 2 ? "ben" : "carla", n), "Sent your note"));
    chat.take_deliveries();
    const std::string refused = note(chat, "ana", "ben", 10);
    CHECK(has(refused, "the most a day"));
    CHECK(has(refused, "nothing was sent"));
    CHECK(chat.take_deliveries().empty());
    // Others are not held to ana's count, and a day later ana may write again.
    CHECK(has(note(chat, "dev", "ben", 11), "Sent your note"));
    chat.advance(std::chrono::hours(24));
    CHECK(has(note(chat, "ana", "ben", 12), "Sent your note"));
}

TEST_CASE("A member mutes peer notes from one person or from everyone and undoes it", "[feedback][peer-limits]") {
    TestChat chat;
    CHECK(has(chat.run("ben", "/feedback mute user:ana").response.text, "no peer notes from"));
    chat.take_deliveries();
    const std::string refused = note(chat, "ana", "ben", 1);
    CHECK(has(refused, "does not take peer notes from you"));
    CHECK(chat.messages_for("ben").empty());
    CHECK(has(note(chat, "carla", "ben", 2), "Sent your note"));
    CHECK(chat.messages_for("ben").size() == 1);

    CHECK(has(chat.run("ben", "/feedback mute").response.text, "from anyone"));
    CHECK(has(note(chat, "carla", "ben", 3), "does not take peer notes"));
    CHECK(has(chat.run("ben", "/feedback unmute").response.text, "reach you again"));
    CHECK(has(note(chat, "carla", "ben", 4), "Sent your note"));
    // The mute of ana alone still stands until undone; undoing what was never muted says so.
    CHECK(has(note(chat, "ana", "ben", 5), "does not take peer notes"));
    CHECK(has(chat.run("ben", "/feedback unmute user:ana").response.text, "reach you again"));
    CHECK(has(note(chat, "ana", "ben", 6), "Sent your note"));
    CHECK(has(chat.run("ben", "/feedback unmute user:dev").response.text, "had not muted"));
    // Muting never touches the notes of others.
    CHECK(has(note(chat, "ana", "carla", 7), "Sent your note"));
}

TEST_CASE("A member points a pod only at the channel they type in and an admin at any channel", "[pods][peer-limits]") {
    TestChat chat(false);
    auto run = [&](const Caller& caller, const std::string& line) {
        return chat.app().run(text_request(caller, line)).response.text;
    };
    const Caller member = caller_of("slack:T1:U1", "ana", false, "slack:T1:C1");
    const std::string elsewhere = run(member, "/pod create name:rust-club topic:rust channel:<#C2>");
    CHECK(has(elsewhere, "the channel you are typing in"));
    CHECK(has(elsewhere, "nothing was created"));
    CHECK_FALSE(has(run(member, "/pod list"), "rust-club"));
    CHECK(has(run(member, "/pod create name:rust-club topic:rust channel:<#C1>"), "to the pod's channel"));
    const Caller admin = caller_of("slack:T1:U9", "ada", true, "slack:T1:C1");
    CHECK(has(run(admin, "/pod create name:go-club topic:go channel:<#C2>"), "to the pod's channel"));
    // Without a channel a pod is open to everyone, as before.
    CHECK(has(run(member, "/pod create name:sql-club topic:sql"), "by direct message"));
}

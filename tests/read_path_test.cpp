// The read path under Slack traffic: reads see every earlier write, help needs no database, re-sends answered once.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <cstdio>
#include <optional>
#include <string>

#include "bot/app.h"
#include "bot/slack/envelope_dedupe.h"
#include "tests/support/callers.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using mentorbot::testing::TestChat;

namespace {

// Slack members sending commands as envelopes, acked once their commit is in (as the
// bot runs on Slack): group commit on, every request keyed by its envelope.
struct SlackTraffic {
    TestChat chat{/*demo=*/false};
    boost::asio::io_context io;

    SlackTraffic() { chat.app().enable_group_commit(io.get_executor(), std::chrono::milliseconds(50)); }
    ~SlackTraffic() { chat.app().disable_group_commit(); }

    // Runs an envelope's command; the slot fills when the app sends the ack.
    std::shared_ptr<std::optional<Reply>> send(const std::string& envelope, const std::string& user,
                                               const std::string& line) {
        auto answer = std::make_shared<std::optional<Reply>>();
        chat.app().dispatch(testing::text_request(testing::caller_of("slack:T1:" + user, user), line,
                                                  "slack:envelope:" + envelope, CommitPolicy::may_share_commit),
                            [answer](Reply reply) { *answer = std::move(reply); });
        return answer;
    }

    // The answer to an envelope once its batch committed (the commit timer fires).
    std::string answer(const std::string& envelope, const std::string& user, const std::string& line) {
        auto reply = send(envelope, user, line);
        for (int round = 0; round < 100 && !reply->has_value(); ++round) {
            io.restart();
            io.run_for(std::chrono::milliseconds(20));
        }
        REQUIRE(reply->has_value());
        return (*reply)->response.text;
    }
};

// Another process (an import, a sqlite3 shell) with its own connection to the file.
SQLite::Database other_process(const std::string& path) {
    SQLite::Database connection(path, SQLite::OPEN_READWRITE);
    connection.setBusyTimeout(5000);
    return connection;
}

}  // namespace

TEST_CASE("read path: a command right after another command's write sees the write", "[app][read-path]") {
    SlackTraffic slack;
    CHECK_THAT(slack.answer("E1", "U1", "/profile set level:3 dept:Data"), Catch::Contains("level 3"));
    CHECK_THAT(slack.answer("E2", "U1", "/profile show"), Catch::Contains("level 3"));
    // Sent together: the read joins the write's open batch and is answered after its commit.
    auto set = slack.send("E3", "U1", "/profile set level:4");
    auto show = slack.send("E4", "U1", "/profile show");
    CHECK_THAT(slack.answer("E5", "U1", "/profile show"), Catch::Contains("level 4"));
    REQUIRE(set->has_value());
    REQUIRE(show->has_value());
    CHECK_THAT((*show)->response.text, Catch::Contains("level 4"));
}

TEST_CASE("read path: a command after another process's write sees it", "[app][read-path]") {
    SlackTraffic slack;
    CHECK_THAT(slack.answer("E1", "U1", "/profile set level:3"), Catch::Contains("level 3"));
    CHECK_THAT(slack.answer("E2", "U1", "/coach help"), Catch::Contains("/coach help <command>"));
    {
        SQLite::Database import = other_process(slack.chat.database_path());
        import.exec("UPDATE members SET level = 5 WHERE id = 'slack:T1:U1'");
    }
    CHECK_THAT(slack.answer("E3", "U1", "/profile show"), Catch::Contains("level 5"));
    CHECK_THAT(slack.answer("E4", "U1", "/coach help"), Catch::Contains("/coach help <command>"));
    {
        SQLite::Database import = other_process(slack.chat.database_path());
        import.exec("UPDATE members SET level = 2 WHERE id = 'slack:T1:U1'");
    }
    CHECK_THAT(slack.answer("E5", "U1", "/profile show"), Catch::Contains("level 2"));
}

TEST_CASE("read path: help answers a new member while another process holds the write lock", "[app][read-path]") {
    SlackTraffic slack;
    CHECK_THAT(slack.answer("E1", "U1", "/profile set level:3"), Catch::Contains("level 3"));
    // The bot does not wait on the lock (as on a platform, where its loop must not stall).
    slack.chat.database().set_busy_timeout(std::chrono::milliseconds(0));
    SQLite::Database import = other_process(slack.chat.database_path());
    import.exec("BEGIN EXCLUSIVE");
    import.exec("UPDATE members SET level = 1 WHERE id = 'slack:T1:U1'");
    // A member the bot has never seen: nothing about them needs storing to answer help.
    CHECK_THAT(slack.answer("E2", "UNEW", "/coach help"), Catch::Contains("/coach help <command>"));
    CHECK_THAT(slack.answer("E3", "UNEW", "/coach help flash"), Catch::Contains("/flash request"));
    // A write has to wait for the lock: the member is told something went wrong, nothing more.
    CHECK_THAT(slack.answer("E4", "UNEW", "/profile set level:2"), Catch::Contains("went wrong"));
    import.exec("COMMIT");
    CHECK_THAT(slack.answer("E5", "U1", "/profile show"), Catch::Contains("level 1"));
}

TEST_CASE("read path: help still counts towards the rate limit", "[app][read-path]") {
    Config config = default_config();
    config.commands_per_minute = 3;
    TestChat chat(/*demo=*/false, config);
    const Caller ana = testing::caller_of("slack:T1:U1", "ana");
    for (int i = 0; i < 3; ++i)
        CHECK_THAT(chat.app().run(testing::text_request(ana, "/coach help")).response.text,
                   Catch::Contains("/coach help <command>"));
    CHECK_THAT(chat.app().run(testing::text_request(ana, "/coach help")).response.text,
               Catch::Contains("You are sending commands quickly"));
    CHECK_THAT(chat.app().run(testing::text_request(ana, "/profile show")).response.text,
               Catch::Contains("You are sending commands quickly"));
}

TEST_CASE("read path: a re-sent envelope is answered once after thousands of others came between", "[app][read-path]") {
    SlackTraffic slack;
    const std::string first = slack.answer("E-REQUEST", "U1", "/profile set level:3 dept:Data");
    const std::string help = slack.answer("E-HELP", "U2", "/coach help");
    // Enough help envelopes from other members to wrap the memory of recent replies.
    for (int i = 0; i < 12000; ++i)
        slack.send("E-" + std::to_string(i), "U" + std::to_string(100 + i % 1000), "/coach help");
    CHECK(slack.answer("E-REQUEST", "U1", "/profile set level:3 dept:Data") == first);
    CHECK(slack.answer("E-HELP", "U2", "/coach help") == help);
    CHECK(slack.chat.database()
              .connection()
              .execAndGet("SELECT COUNT(*) FROM processed_deliveries WHERE delivery_key = 'slack:envelope:E-REQUEST'")
              .getInt() == 1);
}

TEST_CASE("read path: dedupe still knows a re-sent envelope after its ring wrapped many times", "[slack][read-path]") {
    slack::EnvelopeDedupe dedupe(std::chrono::minutes(10), 100);
    const auto start = slack::EnvelopeDedupe::Clock::now();
    const auto uuid = [](int number) {
        char id[40];
        std::snprintf(id, sizeof id, "%08x-5c1a-4d2e-9f3b-000000000000", number);
        return std::string(id);
    };
    for (int i = 0; i < 5000; ++i) {
        CHECK_FALSE(dedupe.seen_before(uuid(i), "", start));
        dedupe.remember(uuid(i), i % 3 == 0 ? "Ev" + std::to_string(i) : "", start);
    }
    CHECK(dedupe.size() == 100);
    CHECK(dedupe.seen_before(uuid(4999), "", start));
    CHECK(dedupe.seen_before(uuid(4950), "", start));
    CHECK(dedupe.seen_before("", "Ev4998", start));
    CHECK_FALSE(dedupe.seen_before(uuid(10), "", start));
    CHECK_FALSE(dedupe.seen_before("", "Ev3", start));
    // An id longer than any Slack sends is remembered the same way.
    const std::string long_id(300, 'x');
    dedupe.remember(long_id, "", start);
    CHECK(dedupe.seen_before(long_id, "", start));
    // And everything goes once its time is up.
    CHECK_FALSE(dedupe.seen_before(uuid(4999), "", start + std::chrono::minutes(11)));
    CHECK(dedupe.size() == 0);
}

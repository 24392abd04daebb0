// Another connection holding the write lock: the real binary keeps serving, delivers once and records it after.
#include <catch2/catch.hpp>

#include <signal.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/asio/post.hpp>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/clock.h"
#include "storage/database.h"
#include "storage/outbox_store.h"
#include "tests/fake_discord/fake_discord.h"
#include "tests/fake_discord/payloads.h"
#include "tests/fake_slack/fake_slack.h"
#include "tests/support/bot_process.h"
#include "tests/support/fake_on_thread.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_ca.h"
#include "tests/support/text_file.h"
#include "tests/support/wait_until.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Runs `read` on the fake's own thread (its records are only safe there) and returns its value.
template <typename Fake, typename Read>
auto read_fake(FakeOnThread<Fake>& server, Read read) -> decltype(read()) {
    std::promise<decltype(read())> promise;
    auto future = promise.get_future();
    boost::asio::post(server.io, [&] { promise.set_value(read()); });
    REQUIRE(future.wait_for(seconds(10)) == std::future_status::ready);
    return future.get();
}

long long now_unix() { return to_unix(SystemClock().now()); }

// Queues channel messages due `delay` seconds from now, committed before the lock is taken.
void queue_channel_messages(const std::string& database_path, const std::string& channel,
                            const std::vector<std::string>& texts, long long delay) {
    Database database(database_path);
    for (const std::string& text : texts) {
        OutboundMessage message{.destination = Destination::channel(channel), .message = {text, {}}};
        OutboxStore(database).enqueue(message, now_unix() + delay);
    }
}

long long outbox_count(const std::string& database_path, const std::string& status) {
    SQLite::Database database(database_path, SQLite::OPEN_READONLY);
    SQLite::Statement query(database, "SELECT count(*) FROM outbox WHERE status = ?");
    query.bind(1, status);
    query.executeStep();
    return query.getColumn(0).getInt64();
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t count = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++count;
    return count;
}

// Another process (an import, a sqlite3 shell) holding the write lock until released.
class WriteLock {
public:
    explicit WriteLock(const std::string& path) : connection_(path, SQLite::OPEN_READWRITE) {
        // The bot may be writing at that moment (the server it adopts at READY): wait for its
        // commit rather than fail the test with "database is locked".
        connection_.setBusyTimeout(10'000);
        connection_.exec("BEGIN IMMEDIATE");
    }
    ~WriteLock() { release(); }
    void release() {
        if (!held_) return;
        connection_.exec("ROLLBACK");
        held_ = false;
    }
    bool held() const { return held_; }

private:
    SQLite::Database connection_;
    bool held_ = true;
};

const std::vector<std::string> locked_texts = {"while locked one", "while locked two", "while locked three"};

}  // namespace

TEST_CASE("Slack acks arrive while another connection holds the write lock and every delivery goes out once",
          "[database-lock][binary]") {
    TempDirectory directory;
    const auto certificates = TestCertificates::generate();
    const std::string ca_file = certificates.write_ca_file(directory.path());
    const std::string database_path = directory.file("bot.db");
    const std::string log_path = directory.file("bot.log");

    FakeOnThread<FakeSlack> slack(certificates);
    std::atomic<int> connections{0};
    std::mutex acks_mutex;
    struct Ack {
        std::string envelope_id;
        std::string text;
        std::chrono::steady_clock::time_point at;  // the fake's own time of arrival
    };
    std::vector<Ack> acks;
    slack.fake.on_connect = [&](FakeSlackConnection& connection) {
        slack.fake.send_hello(connection);
        ++connections;
    };
    slack.fake.on_ack = [&](const FakeSlackAck& ack) {
        std::string text;
        if (ack.message.contains("payload")) text = ack.message["payload"].value("text", "");
        std::lock_guard<std::mutex> lock(acks_mutex);
        acks.push_back({ack.envelope_id, text, ack.at});
    };
    slack.run();
    auto ack_of = [&](const std::string& id) -> std::optional<Ack> {
        std::lock_guard<std::mutex> lock(acks_mutex);
        for (const Ack& ack : acks)
            if (ack.envelope_id == id) return ack;
        return std::nullopt;
    };
    auto ack_text = [&](const std::string& id) -> std::optional<std::string> {
        if (auto ack = ack_of(id)) return ack->text;
        return std::nullopt;
    };
    auto posts_of = [&](const std::string& text) {
        return read_fake(slack, [&] {
            int count = 0;
            for (const auto& call : slack.fake.calls_of("chat.postMessage"))
                if (call.body.is_object() && call.body.value("text", "") == text) ++count;
            return count;
        });
    };
    std::map<std::string, std::chrono::steady_clock::time_point> sent_at;
    auto send = [&](const std::string& command, const std::string& text, const std::string& user) {
        return read_fake(slack, [&] {
            const auto now = std::chrono::steady_clock::now();
            const std::string id = slack.fake.send_slash_command(command, text, user);
            sent_at[id] = now;
            return id;
        });
    };
    const std::vector<std::string> environment = {"SSL_CERT_FILE=" + ca_file,
                                                  std::string("SLACK_APP_TOKEN=") + fake_app_token,
                                                  std::string("SLACK_BOT_TOKEN=") + fake_bot_token,
                                                  "SLACK_API_URL=" + slack.fake.api_base_url()};
    const std::vector<std::string> arguments = {"--db", database_path, "--log-level", "info"};

    {
        BotProcess bot(arguments, environment, log_path);
        REQUIRE(wait_until([&] { return connections > 0; }, seconds(30)));
        // Due in three seconds: the bot's scheduler finds them while the lock below is held.
        queue_channel_messages(database_path, "slack:T1:C9", locked_texts, 3);
        WriteLock lock(database_path);
        const std::string write_id = send("/profile", "set dept:locked", "U7");
        const std::string read_id = send("/coach", "help", "U8");
        // A burst of commands that each need the write lock: none may wait its turn
        // behind the others' waits for the lock.
        std::vector<std::string> burst;
        for (int n = 0; n < 30; ++n)
            burst.push_back(send("/profile", "set dept:burst" + std::to_string(n), "U" + std::to_string(100 + n)));
        auto burst_acked = [&] {
            for (const std::string& id : burst)
                if (!ack_of(id)) return false;
            return true;
        };
        // The acks and the deliveries happen while the lock is still held.
        const bool served = wait_until(
            [&] {
                return ack_text(write_id) && ack_text(read_id) && burst_acked() && posts_of(locked_texts[2]) == 1 &&
                       read_text_file(log_path).find("cannot record how") != std::string::npos;
            },
            seconds(8), milliseconds(20));
        INFO("the bot's log:\n" << read_text_file(log_path));
        REQUIRE(lock.held());
        REQUIRE(served);
        // A command that needed the write lock was answered with the apology, not silence,
        // each within Slack's 3 s as the fake's own clock measures it.
        CHECK_THAT(*ack_text(write_id), Catch::Contains("Nothing was changed"));
        for (const std::string& id : burst) {
            INFO("envelope " << id);
            CHECK_THAT(ack_of(id)->text, Catch::Contains("Nothing was changed"));
            CHECK(ack_of(id)->at - read_fake(slack, [&] { return sent_at[id]; }) < seconds(3));
        }
        lock.release();

        // Once the lock is gone, the outcomes are written and nothing is sent again.
        REQUIRE(wait_until([&] { return outbox_count(database_path, "sent") == 3; }, seconds(15), milliseconds(50)));
        for (const std::string& text : locked_texts) CHECK(posts_of(text) == 1);
        const std::string again_id = send("/profile", "set dept:after", "U7");
        REQUIRE(wait_until([&] { return ack_text(again_id).has_value(); }, seconds(10)));
        CHECK_THAT(*ack_text(again_id), !Catch::Contains("went wrong"));
        REQUIRE_FALSE(bot.wait_for_exit(milliseconds(0)));
        bot.send_signal(SIGTERM);
        REQUIRE(bot.wait_for_exit(seconds(10)) == std::optional<int>(0));
    }
    // A new life delivers what is new and nothing that went out before.
    {
        const int connected_before = connections;
        BotProcess bot(arguments, environment, log_path);
        REQUIRE(wait_until([&] { return connections > connected_before; }, seconds(30)));
        queue_channel_messages(database_path, "slack:T1:C9", {"after restart"}, 0);
        REQUIRE(wait_until([&] { return posts_of("after restart") == 1; }, seconds(15), milliseconds(50)));
        for (const std::string& text : locked_texts) CHECK(posts_of(text) == 1);
        bot.send_signal(SIGTERM);
        CHECK(bot.wait_for_exit(seconds(10)) == std::optional<int>(0));
    }
    slack.finish();
    const std::string log = read_text_file(log_path);
    INFO("the bot's log:\n" << log);
    CHECK(occurrences(log, "cannot record how") == 1);
    CHECK_THAT(log, Catch::Contains("recorded how 3 deliveries went"));
    CHECK_THAT(log, !Catch::Contains("cannot start"));
}

TEST_CASE("On Discord a delivery record that meets a lock neither ends the process nor sends twice",
          "[database-lock][binary]") {
    TempDirectory directory;
    const auto certificates = TestCertificates::generate();
    const std::string ca_file = certificates.write_ca_file(directory.path());
    const std::string database_path = directory.file("bot.db");
    const std::string log_path = directory.file("bot.log");

    FakeOnThread<FakeDiscord> discord(certificates);
    std::atomic<int> ready{0};
    discord.fake.on_ready = [&] { ++ready; };
    discord.run();
    auto posts_of = [&](const std::string& text) {
        return read_fake(discord, [&] {
            int count = 0;
            for (const auto& body : discord.fake.channel_messages["555"])
                if (body.value("content", "") == text) ++count;
            return count;
        });
    };
    std::uint64_t serial = 0;
    auto send = [&](const std::string& command, const std::string& subcommand, nlohmann::json options,
                    const std::string& user) {
        return read_fake(discord, [&] {
            auto interaction = slash_command(fresh_snowflake(++serial), command, subcommand, options, user);
            discord.fake.dispatch("INTERACTION_CREATE", interaction);
            return interaction["id"].get<std::string>();
        });
    };
    auto answered = [&](const std::string& id) {
        return read_fake(discord, [&] { return discord.fake.callbacks.count(id) == 1; });
    };
    const std::vector<std::string> environment = {"SSL_CERT_FILE=" + ca_file,
                                                  std::string("DISCORD_BOT_TOKEN=") + FakeDiscord::bot_token,
                                                  std::string("DISCORD_APPLICATION_ID=") + FakeDiscord::application_id,
                                                  "DISCORD_API_URL=" + discord.fake.api_base()};

    BotProcess bot({"--db", database_path, "--log-level", "info"}, environment, log_path);
    REQUIRE(wait_until([&] { return ready > 0; }, seconds(30)));
    queue_channel_messages(database_path, "discord:G1:555", locked_texts, 3);
    WriteLock lock(database_path);
    const std::string id = send("profile", "set",
                                nlohmann::json::array({{{"name", "skills"}, {"type", 3}, {"value", "rust"}}}), "42");
    const bool served = wait_until(
        [&] {
            return answered(id) && posts_of(locked_texts[2]) == 1 &&
                   read_text_file(log_path).find("cannot record how") != std::string::npos;
        },
        seconds(8), milliseconds(20));
    INFO("the bot's log:\n" << read_text_file(log_path));
    REQUIRE(lock.held());
    REQUIRE(served);
    // Still running after the failed write, and serving.
    REQUIRE_FALSE(bot.wait_for_exit(milliseconds(0)));
    lock.release();
    REQUIRE(wait_until([&] { return outbox_count(database_path, "sent") == 3; }, seconds(15), milliseconds(50)));
    const std::string later = send("profile", "set",
                                   nlohmann::json::array({{{"name", "skills"}, {"type", 3}, {"value", "go"}}}), "42");
    REQUIRE(wait_until([&] { return answered(later); }, seconds(10)));
    for (const std::string& text : locked_texts) CHECK(posts_of(text) == 1);
    REQUIRE_FALSE(bot.wait_for_exit(milliseconds(0)));
    bot.send_signal(SIGTERM);
    CHECK(bot.wait_for_exit(seconds(10)) == std::optional<int>(0));
    discord.finish();
    const std::string log = read_text_file(log_path);
    CHECK(occurrences(log, "cannot record how") == 1);
    CHECK_THAT(log, !Catch::Contains("cannot start"));
}

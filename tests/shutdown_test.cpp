// SIGTERM and SIGINT: the real binary answers what it ran, closes its WebSocket properly and exits 0 within 5 s.
#include <catch2/catch.hpp>

#include <signal.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <thread>

#include "tests/fake_discord/fake_discord.h"
#include "tests/fake_discord/payloads.h"
#include "tests/fake_slack/fake_slack.h"
#include "tests/support/bot_process.h"
#include "tests/support/fake_on_thread.h"
#include "tests/support/run_binary.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_ca.h"
#include "tests/support/wait_until.h"

using namespace mentorbot::testing;

namespace {

namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

bool delivery_recorded(const std::string& database_path, const std::string& key) {
    SQLite::Database database(database_path, SQLite::OPEN_READONLY);
    SQLite::Statement query(database, "SELECT count(*) FROM processed_deliveries WHERE delivery_key = ?");
    query.bind(1, key);
    query.executeStep();
    return query.getColumn(0).getInt64() == 1;
}

// What each case needs: a test CA the bot trusts, its database and log, and what the
// fake's thread and the test share about the signal.
struct ShutdownScene {
    TempDirectory directory;
    TestCertificates certificates = TestCertificates::generate();
    std::string ca_file = certificates.write_ca_file(directory.path());
    std::string database_path = directory.file("bot.db");
    std::string log_path = directory.file("bot.log");
    std::atomic<pid_t> bot_pid{-1};
    bool fired = false;                      // on the fake's thread
    SteadyClock::time_point signalled_at{};  // written before `signalled` turns true
    std::atomic<bool> signalled{false};
    std::vector<std::string> sent;

    struct Stopped {
        std::optional<int> exit_code;
        SteadyClock::duration after_signal{};
    };
    // Starts the bot, waits until the fake has sent the signal, then for the bot to exit
    // (5 s at most).
    Stopped run_until_stopped(std::vector<std::string> environment) {
        environment.push_back("SSL_CERT_FILE=" + ca_file);
        BotProcess bot({"--db", database_path, "--log-level", "debug"}, environment, log_path);
        bot_pid = bot.pid();
        wait_until([&] { return signalled.load(); }, std::chrono::seconds(20), milliseconds(5));
        REQUIRE(signalled);
        Stopped stopped;
        stopped.exit_code = bot.wait_for_exit(std::chrono::seconds(5));
        stopped.after_signal = SteadyClock::now() - signalled_at;
        return stopped;
    }
};

void stop_on_slack(int signal_number) {
    ShutdownScene scene;

    // Ten commands arrive together; the signal comes as the first ack does, so the bot is
    // stopped with work in hand.
    FakeOnThread<FakeSlack> slack(scene.certificates);
    slack.fake.on_connect = [&](FakeSlackConnection& connection) {
        slack.fake.send_hello(connection);
        if (!scene.sent.empty()) return;  // only the first connection gets the commands
        for (int i = 0; i < 10; ++i) {
            const std::string n = std::to_string(i);
            scene.sent.push_back(slack.fake.send_slash_command("/profile", "set skills:k" + n + " dept:d" + n, "U" + n,
                                                               "T1", "C1", &connection));
        }
    };
    slack.fake.on_ack = [&](const FakeSlackAck&) {
        if (scene.fired || scene.bot_pid <= 0) return;  // never kill(-1, …): that would signal every process
        scene.fired = true;
        scene.signalled_at = SteadyClock::now();
        ::kill(scene.bot_pid, signal_number);
        scene.signalled = true;
        // One more arrives as the signal does: it is run and acked, or left for Slack to
        // deliver again; never run and left unanswered.
        scene.sent.push_back(slack.fake.send_slash_command("/profile", "set skills:late dept:late", "U99", "T1", "C1",
                                                           slack.fake.connections().front().get()));
    };
    slack.run();

    const auto stopped = scene.run_until_stopped({std::string("SLACK_APP_TOKEN=") + fake_app_token,
                                                  std::string("SLACK_BOT_TOKEN=") + fake_bot_token,
                                                  "SLACK_API_URL=" + slack.fake.api_base_url()});
    slack.finish();
    const std::string log = read_text_file(scene.log_path);
    INFO("the bot's log:\n" << log);

    REQUIRE(stopped.exit_code == std::optional<int>(0));
    CHECK(stopped.after_signal < std::chrono::seconds(5));
    // The WebSocket ended with a close frame saying "normal closure".
    REQUIRE(slack.fake.connections().size() == 1);  // and no reconnect after the signal
    CHECK(slack.fake.connections()[0]->socket->close_code_received() == std::optional<std::uint16_t>(1000));
    // Every command that ran was acknowledged: none is left applied but unanswered.
    int ran = 0;
    for (const auto& envelope_id : scene.sent) {
        INFO("envelope " << envelope_id);
        const bool recorded = delivery_recorded(scene.database_path, "slack:envelope:" + envelope_id);
        ran += recorded ? 1 : 0;
        CHECK(recorded == !slack.fake.acks_for(envelope_id).empty());
    }
    CHECK(ran >= 1);
    CHECK_THAT(log, Catch::Contains("shutting down"));
}

void stop_on_discord(int signal_number) {
    ShutdownScene scene;

    FakeOnThread<FakeDiscord> discord(scene.certificates);
    std::uint64_t serial = 0;
    discord.fake.on_ready = [&] {
        if (!scene.sent.empty()) return;
        for (int i = 0; i < 5; ++i) {
            const std::string n = std::to_string(i);
            auto interaction = slash_command(
                fresh_snowflake(++serial), "profile", "set",
                nlohmann::json::array({{{"name", "skills"}, {"type", 3}, {"value", "k" + n}}}), std::to_string(40 + i));
            scene.sent.push_back(interaction["id"].get<std::string>());
            discord.fake.dispatch("INTERACTION_CREATE", interaction);
        }
    };
    discord.fake.on_callback = [&](const std::string&, const nlohmann::json&) {
        if (scene.fired || scene.bot_pid <= 0) return;  // never kill(-1, …): that would signal every process
        scene.fired = true;
        scene.signalled_at = SteadyClock::now();
        ::kill(scene.bot_pid, signal_number);
        scene.signalled = true;
    };
    discord.run();

    const auto stopped = scene.run_until_stopped({std::string("DISCORD_BOT_TOKEN=") + FakeDiscord::bot_token,
                                                  std::string("DISCORD_APPLICATION_ID=") + FakeDiscord::application_id,
                                                  "DISCORD_API_URL=" + discord.fake.api_base()});
    discord.finish();
    const std::string log = read_text_file(scene.log_path);
    INFO("the bot's log:\n" << log);

    REQUIRE(stopped.exit_code == std::optional<int>(0));
    CHECK(stopped.after_signal < std::chrono::seconds(5));
    REQUIRE(discord.fake.gateway_connections.size() == 1);
    REQUIRE(discord.fake.gateway_socket());
    CHECK(discord.fake.gateway_socket()->close_code_received() == std::optional<std::uint16_t>(1000));
    int ran = 0;
    for (const auto& id : scene.sent) {
        INFO("interaction " << id);
        const bool recorded = delivery_recorded(scene.database_path, "discord:interaction:" + id);
        ran += recorded ? 1 : 0;
        CHECK(recorded == (discord.fake.callbacks.count(id) == 1));
    }
    CHECK(ran >= 1);
}

}  // namespace

TEST_CASE("SIGTERM on Slack: in-flight commands acked, close frame 1000, exit 0 within 5 s", "[shutdown][binary]") {
    stop_on_slack(SIGTERM);
}

TEST_CASE("SIGINT on Slack: in-flight commands acked, close frame 1000, exit 0 within 5 s", "[shutdown][binary]") {
    stop_on_slack(SIGINT);
}

TEST_CASE("SIGTERM on Discord: in-flight interactions answered, close frame 1000, exit 0 within 5 s",
          "[shutdown][binary]") {
    stop_on_discord(SIGTERM);
}

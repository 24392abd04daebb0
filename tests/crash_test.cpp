// kill -9 at random moments under load: the SQLite file stays whole and every command runs exactly once.
#include <catch2/catch.hpp>

#include <signal.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "tests/fake_slack/fake_slack.h"
#include "tests/support/bot_process.h"
#include "tests/support/run_binary.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_ca.h"
#include "tests/support/wait_until.h"

using namespace mentorbot::testing;

namespace {

namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Envelope n carries one of three writing commands, each from its own member (so no
// rate limit applies) and each with values that name n, so its effect can be counted.
enum class Kind { profile, request, pod };
Kind kind_of(int n) { return static_cast<Kind>(n % 3); }
std::string envelope_id_of(int n) { return "crash-" + std::to_string(n); }
std::string user_of(int n) {
    const char* letter[] = {"P", "F", "Q"};
    return letter[n % 3] + std::to_string(n);
}
std::string member_of(int n) { return "slack:T1:" + user_of(n); }
std::pair<std::string, std::string> command_of(int n) {
    const std::string id = std::to_string(n);
    switch (kind_of(n)) {
        case Kind::profile:
            return {"/profile",
                    "set skills:s" + id + "a,s" + id + "b,s" + id + "c goals:g" + id + "a,g" + id + "b dept:d" + id};
        case Kind::request: return {"/flash", "request topic:t" + id};
        case Kind::pod: return {"/pod", "create name:pod" + id + " topic:x" + id};
    }
    return {};
}

// Plays Slack on its own thread: new envelopes while a connection is up (a bounded
// number unacknowledged at a time), and on every new connection re-sends the ones not
// acknowledged yet and a few that were, as Slack does after a reconnect.
struct SlackUnderLoad {
    asio::io_context io;
    FakeSlack slack;
    asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
    asio::steady_timer tick{io};
    std::mt19937 random{20261126};
    std::thread thread;

    // Thread-safe controls and figures for the test's own thread.
    std::atomic<bool> send_new{true};
    std::atomic<int> sent_count{0};
    std::atomic<int> outstanding{0};
    std::atomic<int> connections{0};
    bool stopping = false;  // on the fake's thread

    // Owned by the fake's thread until finish().
    std::map<int, SteadyClock::time_point> unacked;  // envelope → last sent
    std::set<int> acked;
    std::map<int, nlohmann::json> first_ack_payload;
    std::set<int> resent_after_ack;
    std::set<int> acked_again;
    std::size_t resends_unacked = 0;
    std::size_t mismatched_replays = 0;

    explicit SlackUnderLoad(const TestCertificates& certificates) : slack(io, certificates) {
        slack.on_connect = [this](FakeSlackConnection& connection) { on_connect(connection); };
        slack.on_ack = [this](const FakeSlackAck& ack) { on_ack(ack); };
        slack.start();
        schedule_tick();
        // Bounded (below the test's own time-out), so a fake that fails to wind down cannot
        // hang the suite.
        thread = std::thread([this] { io.run_for(std::chrono::seconds(280)); });
    }

    void send(int n, FakeSlackConnection* connection) {
        auto [command, text] = command_of(n);
        slack.send_slash_command(command, text, user_of(n), "T1", "C1", connection, envelope_id_of(n));
    }

    void on_connect(FakeSlackConnection& connection) {
        ++connections;
        slack.send_hello(connection);
        for (auto& [n, sent_at] : unacked) {
            send(n, &connection);
            sent_at = SteadyClock::now();
            ++resends_unacked;
        }
        if (acked.empty()) return;
        std::vector<int> done(acked.begin(), acked.end());
        for (int pick = 0; pick < 3; ++pick) {
            int n = done[random() % done.size()];
            send(n, &connection);
            resent_after_ack.insert(n);
        }
    }

    void on_ack(const FakeSlackAck& ack) {
        const std::string prefix = "crash-";
        if (ack.envelope_id.rfind(prefix, 0) != 0) return;
        int n = std::stoi(ack.envelope_id.substr(prefix.size()));
        const nlohmann::json payload = ack.message.is_object() && ack.message.contains("payload")
                                           ? ack.message["payload"]
                                           : nlohmann::json();
        if (acked.insert(n).second) {
            first_ack_payload[n] = payload;
        } else {
            acked_again.insert(n);
            // A replayed delivery answers with the reply stored when it first ran.
            if (first_ack_payload[n] != payload) ++mismatched_replays;
        }
        unacked.erase(n);
        outstanding = static_cast<int>(unacked.size());
    }

    void schedule_tick() {
        tick.expires_after(milliseconds(10));
        tick.async_wait([this](boost::system::error_code error) {
            if (error || stopping) return;
            on_tick();
            schedule_tick();
        });
    }

    void on_tick() {
        FakeSlackConnection* connection = slack.live_connection();
        if (!connection) return;
        const auto now = SteadyClock::now();
        // An envelope lost with a connection comes again, as Slack retries it.
        for (auto& [n, sent_at] : unacked) {
            if (now - sent_at > milliseconds(1500)) {
                send(n, connection);
                sent_at = now;
                ++resends_unacked;
            }
        }
        if (send_new && unacked.size() < 20) {
            int n = sent_count;
            send(n, connection);
            unacked[n] = now;
            sent_count = n + 1;
            outstanding = static_cast<int>(unacked.size());
        }
    }

    // A failed REQUIRE unwinds through here: stop the thread rather than terminate.
    ~SlackUnderLoad() {
        if (thread.joinable()) finish();
    }

    void finish() {
        asio::post(io, [this] {
            stopping = true;  // a tick already queued must not re-arm
            tick.cancel();
            slack.stop();
        });
        work.reset();
        thread.join();
    }
};

std::string log_tail(const std::string& path) {
    std::string text = read_text_file(path);
    return text.size() > 4000 ? text.substr(text.size() - 4000) : text;
}

long long count(SQLite::Database& database, const std::string& sql, const std::string& parameter) {
    SQLite::Statement query(database, sql);
    query.bind(1, parameter);
    query.executeStep();
    return query.getColumn(0).getInt64();
}

// What envelope n left in the database: -1 if its effect is partly there (never allowed),
// else how many times it took effect (0 or 1 allowed; 2 means it ran twice).
struct Effect {
    bool recorded = false;  // its delivery key is in processed_deliveries
    int times = 0;
    bool partial = false;
    std::string detail;
};

Effect effect_of(SQLite::Database& database, int n) {
    Effect effect;
    effect.recorded = count(database, "SELECT count(*) FROM processed_deliveries WHERE delivery_key = ?",
                            "slack:envelope:" + envelope_id_of(n)) == 1;
    const std::string member = member_of(n);
    const std::string id = std::to_string(n);
    switch (kind_of(n)) {
        case Kind::profile: {
            // One member row and five tag rows, all written by one command.
            long long department =
                count(database, "SELECT count(*) FROM members WHERE id = ? AND department = 'd" + id + "'", member);
            long long tags = count(database, "SELECT count(*) FROM member_tags WHERE member_id = ?", member);
            effect.times = department == 1 && tags == 5 ? 1 : 0;
            effect.partial = !(department == 0 && tags == 0) && !(department == 1 && tags == 5);
            effect.detail = "department rows " + std::to_string(department) + ", tags " + std::to_string(tags);
            break;
        }
        case Kind::request: {
            long long requests = count(database, "SELECT count(*) FROM requests WHERE requester_id = ?", member);
            long long topic = count(database, "SELECT count(*) FROM requests WHERE topic = ?", "t" + id);
            effect.times = static_cast<int>(topic);
            effect.partial = requests != topic;
            effect.detail = "requests " + std::to_string(requests) + " by topic " + std::to_string(topic);
            break;
        }
        case Kind::pod: {
            // The pod, its creator as first member and its first reminder job.
            long long pods = count(database, "SELECT count(*) FROM pods WHERE name = ?", "pod" + id);
            long long members =
                count(database, "SELECT count(*) FROM pod_members m JOIN pods p ON p.id = m.pod_id WHERE p.name = ?",
                      "pod" + id);
            long long reminders =
                count(database,
                      "SELECT count(*) FROM jobs j JOIN pods p ON p.id = json_extract(j.payload, '$.pod_id') "
                      "WHERE j.kind = 'pod.reminder' AND p.name = ?",
                      "pod" + id);
            effect.times = static_cast<int>(pods);
            effect.partial = !(pods == 0 && members == 0 && reminders == 0) &&
                             !(pods == 1 && members == 1 && reminders >= 1);
            effect.detail = "pods " + std::to_string(pods) + ", members " + std::to_string(members) +
                            ", reminder jobs " + std::to_string(reminders);
            break;
        }
    }
    return effect;
}

// Between two runs: makes the first reminder of every pod not yet chosen due now, as if
// time had passed while the bot was down. Returns the pods chosen.
std::vector<long long> make_pod_reminders_due(SQLite::Database& database, std::set<long long>& pods_made_due) {
    std::vector<long long> chosen;
    SQLite::Statement pending(
        database,
        "SELECT id, json_extract(payload, '$.pod_id') FROM jobs WHERE kind = 'pod.reminder' AND status = 'pending'");
    std::vector<std::pair<long long, long long>> jobs;
    while (pending.executeStep()) jobs.emplace_back(pending.getColumn(0).getInt64(), pending.getColumn(1).getInt64());
    for (auto [job, pod] : jobs) {
        if (!pods_made_due.insert(pod).second) continue;
        SQLite::Statement update(database, "UPDATE jobs SET due_at = strftime('%s', 'now') - 1 WHERE id = ?");
        update.bind(1, static_cast<int64_t>(job));
        update.exec();
        chosen.push_back(pod);
    }
    return chosen;
}

}  // namespace

TEST_CASE("kill -9 under load: the file stays whole and every command and job runs exactly once", "[crash][binary]") {
    TempDirectory directory;
    const auto certificates = TestCertificates::generate();
    const std::string ca_file = certificates.write_ca_file(directory.path());
    const std::string database_path = directory.file("crash.db");
    const std::string log_path = directory.file("bot.log");

    SlackUnderLoad fake(certificates);
    const std::vector<std::string> arguments = {"--db", database_path, "--log-level", "warn"};
    const std::vector<std::string> environment = {"SSL_CERT_FILE=" + ca_file,
                                                  std::string("SLACK_APP_TOKEN=") + fake_app_token,
                                                  std::string("SLACK_BOT_TOKEN=") + fake_bot_token,
                                                  "SLACK_API_URL=" + fake.slack.api_base_url()};

    std::mt19937 random(7);
    std::uniform_int_distribution<int> lifetime_ms(150, 1800);
    const auto started = SteadyClock::now();
    int kills = 0;
    int killed_with_work_outstanding = 0;
    std::set<long long> pods_made_due;
    // A safety bound only: on a busy machine a sanitizer build takes seconds to start, and
    // each life is counted from the bot's connection, not from its start.
    while (kills < 22 && SteadyClock::now() - started < std::chrono::seconds(200)) {
        {
            const int connected_before = fake.connections;
            BotProcess bot(arguments, environment, log_path);
            REQUIRE(wait_until([&] { return fake.connections > connected_before; }, std::chrono::seconds(60),
                               milliseconds(5)));
            std::this_thread::sleep_for(milliseconds(lifetime_ms(random)));
            // Prefer a moment with commands in flight, the case this test is about: a fast
            // build acks within a millisecond or two, so a blind moment often finds none.
            wait_until([&] { return fake.outstanding > 0; }, milliseconds(200), std::chrono::microseconds(200));
            if (fake.outstanding > 0) ++killed_with_work_outstanding;
            REQUIRE_FALSE(bot.wait_for_exit(milliseconds(0)));  // it must not have stopped by itself
            bot.kill_now();
            ++kills;
        }
        // The bot is dead: every envelope sent so far is wholly applied or not at all,
        // and applied exactly when its delivery was recorded.
        SQLite::Database database(database_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        REQUIRE(database.execAndGet("PRAGMA integrity_check").getString() == "ok");
        const int sent = fake.sent_count;
        // Every life began with a connection, which comes after the schema is created.
        REQUIRE(database.tableExists("jobs"));
        for (int n = 0; n < sent; ++n) {
            Effect effect = effect_of(database, n);
            INFO("after kill " << kills << ", envelope " << n << ": " << effect.detail);
            REQUIRE_FALSE(effect.partial);
            REQUIRE(effect.times == (effect.recorded ? 1 : 0));
        }
        make_pod_reminders_due(database, pods_made_due);
    }

    // One last run, without new envelopes, until Slack has an ack for every one it sent
    // and every reminder made due has run; then a graceful stop.
    fake.send_new = false;
    std::optional<int> final_exit;
    {
        BotProcess bot(arguments, environment, log_path);
        auto reminders_pending = [&] {
            SQLite::Database database(database_path, SQLite::OPEN_READONLY);
            SQLite::Statement due(database,
                                  "SELECT count(*) FROM jobs WHERE kind = 'pod.reminder' AND status = 'pending' AND "
                                  "due_at <= strftime('%s', 'now')");
            due.executeStep();
            return due.getColumn(0).getInt64();
        };
        wait_until([&] { return fake.outstanding == 0 && reminders_pending() == 0; }, std::chrono::seconds(20),
                   milliseconds(50));
        bot.send_signal(SIGTERM);
        final_exit = bot.wait_for_exit(std::chrono::seconds(30));
    }
    fake.finish();

    INFO("end of the bot's log:\n" << log_tail(log_path));
    CHECK(final_exit == std::optional<int>(0));
    CHECK(kills >= 20);
    // The kills hit the bot while it had work in hand, and Slack re-sent both kinds.
    CHECK(killed_with_work_outstanding >= 5);
    CHECK(fake.resends_unacked > 0);
    CHECK(fake.resent_after_ack.size() >= 10);
    CHECK_FALSE(fake.acked_again.empty());
    CHECK(fake.mismatched_replays == 0);
    REQUIRE(fake.unacked.empty());
    REQUIRE(static_cast<int>(fake.acked.size()) == fake.sent_count);
    REQUIRE(fake.sent_count > 100);

    SQLite::Database database(database_path, SQLite::OPEN_READWRITE);
    REQUIRE(database.execAndGet("PRAGMA integrity_check").getString() == "ok");
    for (int n = 0; n < fake.sent_count; ++n) {
        Effect effect = effect_of(database, n);
        INFO("envelope " << n << ": " << effect.detail);
        REQUIRE(effect.recorded);
        REQUIRE_FALSE(effect.partial);
        REQUIRE(effect.times == 1);
    }
    // Each reminder made due ran once: one direct message to the pod's one member, its job
    // done, and exactly one next reminder waiting.
    REQUIRE(pods_made_due.size() >= 5);
    for (long long pod : pods_made_due) {
        const std::string pod_id = std::to_string(pod);
        std::string name = database.execAndGet("SELECT name FROM pods WHERE id = " + pod_id).getString();
        INFO("pod " << name);
        CHECK(count(database, "SELECT count(*) FROM outbox WHERE message LIKE ?", "%Your pod " + name + " meets%") ==
              1);
        CHECK(count(database,
                    "SELECT count(*) FROM jobs WHERE kind = 'pod.reminder' AND status = 'done' AND "
                    "json_extract(payload, '$.pod_id') = CAST(? AS INTEGER)",
                    pod_id) == 1);
        CHECK(count(database,
                    "SELECT count(*) FROM jobs WHERE kind = 'pod.reminder' AND status = 'pending' AND "
                    "json_extract(payload, '$.pod_id') = CAST(? AS INTEGER)",
                    pod_id) == 1);
    }
}

// Load generator for the Slack transport: the real app and Socket Mode client against the fake Slack over TLS.
//
// The fake Slack runs in a child process and plays Slack: it sends slash-command
// envelopes and times each one until its ack comes back. The parent's peak memory is
// therefore the bot's alone. The bot runs exactly as in
// production: one io_context thread owning the database, the app and the client.
// Phases: closed loop (64 in flight) and open loop (2,000/s for 10 s), each with
// /coach help (read path) and /flash request (a write committed before the ack).
// Envelopes are whole slash_commands envelopes as Slack sends them (UUID envelope ids,
// every payload field), the reads from 1,000 different members.
//
// The fake server and test CA are the test suite's own; they are compiled in here so
// the benchmark needs no extra build target.
#include "tests/fake_slack/fake_slack.cpp"
#include "tests/support/fake_server.cpp"
#include "tests/support/test_ca.cpp"

#include "bench/bench_support.h"
#include "bench/fake_service_process.h"

#include <sys/resource.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <array>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <spdlog/spdlog.h>
#include <thread>
#include <unordered_map>

#include "bot/app.h"
#include "bot/demo_organisation.h"
#include "bot/slack/slack_service.h"
#include "config/config.h"
#include "domain/clock.h"
#include "storage/database.h"
#include "storage/wal_checkpointer.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using SteadyClock = std::chrono::steady_clock;
namespace asio = boost::asio;
using bench::peak_rss_kib;
using bench::percentile_of_sorted;

namespace {

// How many different members send the read phases' commands (argument 3, default 1,000).
std::size_t read_members = 1000;

struct PhaseResult {
    std::string name;
    std::size_t acks = 0;
    double seconds = 0;
    std::vector<double> latencies_ms;
    std::size_t unanswered = 0;     // sent but not acked within the drain window (backlog)
    std::size_t without_reply = 0;  // acked with no payload: the user would have seen nothing
};

// The bot's own CPU time (user + system) so far, in microseconds.
double cpu_micros() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto micros = [](const timeval& time) {
        return static_cast<double>(time.tv_sec) * 1e6 + static_cast<double>(time.tv_usec);
    };
    return micros(usage.ru_utime) + micros(usage.ru_stime);
}

// Drives one phase on the fake's thread. Closed loop: `in_flight` envelopes always
// outstanding. Open loop: `rate` envelopes per second regardless of answers.
class LoadGenerator {
public:
    LoadGenerator(FakeSlack& slack, std::string command, bool writes)
        : slack_(slack), command_(std::move(command)), writes_(writes) {}

    void run_closed(std::size_t in_flight, SteadyClock::duration length, std::function<void(PhaseResult)> done) {
        start(length, std::move(done));
        for (std::size_t i = 0; i < in_flight; ++i) send_one();
        closed_ = true;
    }

    void run_open(double rate, SteadyClock::duration length, std::function<void(PhaseResult)> done) {
        start(length, std::move(done));
        rate_ = rate;
        tick();
    }

    std::size_t sent() const { return sent_; }
    const std::vector<std::string>& success_envelopes() const { return successes_; }

private:
    void start(SteadyClock::duration length, std::function<void(PhaseResult)> done) {
        done_ = std::move(done);
        started_ = SteadyClock::now();
        ends_ = started_ + length;
        slack_.on_ack = [this](const FakeSlackAck& ack) { on_ack(ack); };
    }

    std::string next_user() {
        // Distinct members for writes: one open request per member is the product rule.
        // Slack's user ids are a letter and eight or more characters.
        char user[32];
        if (writes_) {
            std::snprintf(user, sizeof user, "W%08zu", ++user_counter_ % 100000000);
        } else {
            std::snprintf(user, sizeof user, "U%08zu", ++user_counter_ % read_members);
        }
        return user;
    }

    // Slack's envelope ids are UUIDs; unique across phases, since the bot would answer a
    // reused id from its dedupe memory.
    static std::string next_envelope_id() {
        static std::size_t envelope_counter = 0;
        const std::size_t number = ++envelope_counter;
        char id[64];
        std::snprintf(id, sizeof id, "%08zx-5c1a-4d2e-9f3b-%012zx", number, number * 7919);
        return id;
    }

    // The same envelope FakeSlack::send_slash_command sends, written straight as text:
    // building it as a JSON document cost the fake about as much CPU as the bot spent
    // answering it, and both share this machine's two cores. Every value here is plain
    // ASCII with no quotes, so nothing needs escaping.
    void send_one() {
        auto* connection = slack_.live_connection();
        if (connection == nullptr) throw std::runtime_error("slack_bench: the bot has no live connection");
        const std::string user = next_user();
        const std::string id = next_envelope_id();
        if (command_ == "suggest") {
            send_suggestion(*connection, user, id);
            return;
        }
        std::string envelope;
        envelope.reserve(640);
        envelope += R"({"envelope_id":")" + id + R"(","type":"slash_commands","accepts_response_payload":true,)";
        envelope += R"("payload":{"token":"gIkuvaNzQIHg97ATvDxqgjtO","team_id":"T1","team_domain":"example",)";
        envelope += R"("channel_id":"C0BENCH0001","channel_name":"general","user_id":")" + user +
                    R"(","user_name":"member.)" + user;
        envelope += R"(","command":")" + command_ + R"(","text":")";
        envelope += writes_ ? "request topic:kubernetes minutes:30" : "help";
        envelope += R"(","api_app_id":"A0BENCHAPP1","is_enterprise_install":"false","response_url":")" +
                    slack_.response_url(id);
        envelope += R"(","trigger_id":"13345224609.738474920.8088930838d88f008e0)" + user + R"("}})";
        slack_.send_raw(*connection, std::move(envelope));
        sent_at_[id] = SteadyClock::now();
        ++sent_;
    }

    // A topic picker of the Ask-for-help modal asking for options (block_suggestion), as
    // FakeSlack::send_block_suggestion sends it, with a few different prefixes typed.
    void send_suggestion(FakeSlackConnection& connection, const std::string& user, const std::string& id) {
        static const char* const typed[] = {"", "k", "go", "kub", "py", "data"};
        std::string envelope;
        envelope.reserve(512);
        envelope += R"({"envelope_id":")" + id + R"(","type":"interactive","accepts_response_payload":true,)";
        envelope += R"("payload":{"type":"block_suggestion","user":{"id":")" + user + R"(","username":"user-)" + user;
        envelope += R"(","team_id":"T1"},"team":{"id":"T1","domain":"example"},"api_app_id":"A1",)";
        envelope += R"("action_id":"topic","block_id":"topic","value":")";
        envelope += typed[sent_ % std::size(typed)];
        envelope += R"(","view":{"id":"V1","type":"modal","callback_id":"form:flash request",)";
        envelope += R"("private_metadata":"C1"}}})";
        slack_.send_raw(connection, std::move(envelope));
        sent_at_[id] = SteadyClock::now();
        ++sent_;
    }

    void on_ack(const FakeSlackAck& ack) {
        auto found = sent_at_.find(ack.envelope_id);
        if (found == sent_at_.end()) return;
        const auto now = SteadyClock::now();
        result_.latencies_ms.push_back(std::chrono::duration<double, std::milli>(now - found->second).count());
        sent_at_.erase(found);
        ++result_.acks;
        if (!ack.carries_payload) ++result_.without_reply;
        if (writes_) successes_.push_back(ack.envelope_id);
        if (finished_) {
            if (sent_at_.empty()) finish();
            return;
        }
        if (now >= ends_) {
            finished_ = true;
            result_.seconds = std::chrono::duration<double>(now - started_).count();
            if (sent_at_.empty()) finish();
            return;
        }
        if (closed_) send_one();
    }

    void tick() {
        if (finished_) return;
        const auto now = SteadyClock::now();
        if (now >= ends_) {
            finished_ = true;
            result_.seconds = std::chrono::duration<double>(ends_ - started_).count();
            if (sent_at_.empty()) {
                finish();
            } else {
                give_up_after_drain();
            }
            return;
        }
        const auto due = static_cast<std::size_t>(rate_ * std::chrono::duration<double>(now - started_).count());
        while (sent_ < due) send_one();
        timer_ = std::make_unique<asio::steady_timer>(slack_.io(), std::chrono::microseconds(250));
        timer_->async_wait([this](boost::system::error_code error) {
            if (!error) tick();
        });
    }

    // An open loop above capacity leaves a backlog: wait for it at most 10 s, then
    // report what never came back instead of waiting forever.
    void give_up_after_drain() {
        timer_ = std::make_unique<asio::steady_timer>(slack_.io(), std::chrono::seconds(10));
        timer_->async_wait([this](boost::system::error_code error) {
            if (error || !done_) return;
            result_.unanswered = sent_at_.size();
            finish();
        });
    }

    void finish() {
        if (!done_) return;
        if (timer_) timer_->cancel();
        auto done = std::move(done_);
        done_ = nullptr;
        slack_.on_ack = nullptr;
        done(std::move(result_));
    }

    FakeSlack& slack_;
    std::string command_;
    bool writes_;
    bool closed_ = false;
    bool finished_ = false;
    double rate_ = 0;
    std::size_t sent_ = 0;
    std::size_t user_counter_ = 0;
    SteadyClock::time_point started_{};
    SteadyClock::time_point ends_{};
    std::unordered_map<std::string, SteadyClock::time_point> sent_at_;
    std::vector<std::string> successes_;
    std::unique_ptr<asio::steady_timer> timer_;
    std::function<void(PhaseResult)> done_;
    PhaseResult result_;
};

// With "transport-only": answers every command with a fixed reply and no database, to
// show what the Slack transport itself sustains apart from the app's own work.
class FixedReplyCommands : public CommandService {
public:
    void dispatch(CommandRequest, Completion done) override {
        done(Reply::private_text("mentorbot runs flash mentoring and peer circles. Commands: /profile /mentor /flash"));
    }
};

// With "help": the app for the first two phases, then the fixed reply.
class SwitchedCommands : public CommandService {
public:
    explicit SwitchedCommands(CommandService& first, CommandService& then) : current_(&first), then_(&then) {}
    void dispatch(CommandRequest request, Completion done) override {
        current_->dispatch(std::move(request), std::move(done));
    }
    void switch_over() { current_ = then_; }

private:
    CommandService* current_;
    CommandService* then_;
};

void print(PhaseResult result) {
    const double rate = result.seconds > 0 ? static_cast<double>(result.acks) / result.seconds : 0;
    auto latencies = result.latencies_ms;
    std::sort(latencies.begin(), latencies.end());
    std::printf("%-42s acks %7zu in %5.2f s = %9.0f acks/s   latency ms p50 %7.3f  p99 %7.3f  max %8.3f%s\n",
                result.name.c_str(), result.acks, result.seconds, rate, percentile_of_sorted(latencies, 0.50),
                percentile_of_sorted(latencies, 0.99), latencies.empty() ? 0.0 : latencies.back(),
                result.unanswered ? ("   (" + std::to_string(result.unanswered) + " still queued after 10 s)").c_str()
                                  : "");
    if (result.without_reply > 0) std::printf("    %zu acks carried no reply\n", result.without_reply);
    std::fflush(stdout);
}

struct Phase {
    std::string name;
    std::string command;
    bool writes;
    bool closed;
    double rate = 2000;  // envelopes a second, for an open loop
};

// The fake Slack and the load generator: a child process, like a remote service, so the
// parent's memory figure is the bot's alone. Prints each phase; at the end writes the
// number of acked writes to `done_pipe` and closes it, which tells the bot to stop.
[[noreturn]] void run_fake_slack(const TestCertificates& certificates, int address_pipe, int done_pipe, double scale,
                                 const std::string& only) {
    asio::io_context slack_io;
    FakeSlack slack(slack_io, certificates);
    slack.record = false;
    slack.start();
    const std::string api_base = slack.api_base_url() + "\n";
    if (write(address_pipe, api_base.data(), api_base.size()) != static_cast<ssize_t>(api_base.size())) std::_Exit(2);
    close(address_pipe);

    const auto closed_length = std::chrono::milliseconds(static_cast<long>(5000 * scale));
    const auto open_length = std::chrono::milliseconds(static_cast<long>(10000 * scale));
    std::vector<Phase> phases{
        {"read  /coach help    closed 64", "/coach", false, true},
        {"read  /coach help    open 2000/s", "/coach", false, false},
        // Topic pickers answer in the ack within Slack's 3 s; the aim is a p99 under 5 ms.
        {"suggest topics (block_suggestion) closed 64", "suggest", false, true},
        // At a member's typing pace the wait is the answer's own time, not a queue's.
        {"suggest topics (block_suggestion) open 500/s", "suggest", false, false, 500},
        {"write /flash request closed 64", "/flash", true, true},
        {"write /flash request open 2000/s", "/flash", true, false},
    };
    if (only == "transport-only") {
        phases = {{"transport only, fixed reply, closed 64", "/coach", false, true},
                  {"transport only, fixed reply, open 2000/s", "/coach", false, false}};
    }
    if (only == "help") {
        // The app's read path and, on the same harness in the same run, the ceiling of a
        // bot that does nothing: the bot answers from a fixed reply from phase 3 on.
        phases = {{"read  /coach help    closed 64", "/coach", false, true},
                  {"read  /coach help    open 2000/s", "/coach", false, false},
                  {"transport only, fixed reply, closed 64", "/coach", false, true},
                  {"transport only, fixed reply, open 2000/s", "/coach", false, false}};
    }
    if (only == "read" || only == "write") {
        std::erase_if(phases, [&](const Phase& phase) { return phase.writes != (only == "write"); });
    }
    // The phases run one after another on the fake's thread.
    std::vector<std::unique_ptr<LoadGenerator>> generators;
    std::size_t write_acks = 0;
    std::function<void(std::size_t)> run_phase = [&](std::size_t index) {
        if (index == phases.size()) {
            const std::string report = std::to_string(write_acks) + "\n";
            std::fflush(stdout);
            if (write(done_pipe, report.data(), report.size()) < 0) std::_Exit(2);
            close(done_pipe);
            // Give the bot a moment to close its connection, then stop.
            auto grace = std::make_shared<asio::steady_timer>(slack_io, std::chrono::milliseconds(300));
            grace->async_wait([&, grace](boost::system::error_code) {
                slack.stop();
                slack_io.stop();
            });
            return;
        }
        const Phase& phase = phases[index];
        generators.push_back(std::make_unique<LoadGenerator>(slack, phase.command, phase.writes));
        auto done = [&, index, name = phase.name, writes = phase.writes](PhaseResult result) {
            result.name = name;
            if (writes) write_acks += result.acks;
            print(result);
            // Tells the bot a phase ended, so it can note its memory then.
            if (write(done_pipe, "|", 1) < 0) std::_Exit(2);
            run_phase(index + 1);
        };
        if (phase.closed) {
            generators.back()->run_closed(64, closed_length, done);
        } else {
            generators.back()->run_open(phase.rate, open_length, done);
        }
    };
    // Start once the bot's connection is up.
    std::function<void()> wait_ready = [&] {
        if (slack.live_connection() == nullptr) {
            auto timer = std::make_shared<asio::steady_timer>(slack_io, std::chrono::milliseconds(10));
            timer->async_wait([&, timer](boost::system::error_code) { wait_ready(); });
            return;
        }
        run_phase(0);
    };
    asio::post(slack_io, wait_ready);
    slack_io.run();
    std::_Exit(0);
}

}  // namespace

int main(int argc, char** argv) {
    // Optional: phase length scale (1.0 = 5 s closed loops and 10 s open loops), then
    // "transport-only" to replace the app by a fixed reply, "read" / "write" to run
    // only those phases (for profiling one of them), or "help" for /coach help and the
    // transport alone in one run; then how many members send the reads (default 1,000).
    const double scale = argc > 1 ? std::atof(argv[1]) : 1.0;
    const std::string only = argc > 2 ? argv[2] : "";
    if (argc > 3) read_members = std::max<std::size_t>(1, std::strtoull(argv[3], nullptr, 10));
    const bool transport_only = only == "transport-only";
    spdlog::set_level(spdlog::level::err);

    TempDir dir;
    const auto certificates = TestCertificates::generate();
    TrustedCaFile trusted(certificates.write_ca_file(dir.path()));
    std::printf("mentorbot Slack benchmark: fake Slack over TLS on 127.0.0.1 in its own process, app on one thread, "
                "SQLite WAL; reads from %zu members\n",
                read_members);
    std::fflush(stdout);

    const auto fake = bench::start_fake_service(
        [&](int address_fd, int done_fd) { run_fake_slack(certificates, address_fd, done_fd, scale, only); });
    const std::string& api_base = fake.address;

    const std::string database_path = (dir.path() / "bench.db").string();
    Config config = default_config();
    config.commands_per_minute = 1000000;  // the generator is one very busy workspace
    SystemClock clock;
    long rss_after_connect = 0;
    Database database(database_path);
    load_demo_organisation(database, config, to_unix(clock.now()));
    App app(database, config, clock);
    WalCheckpointer checkpointer(database);  // as in production (platform_runtime.cpp)
    asio::io_context bot_io;
    // As in production (platform_runtime.cpp): acks wait for a group commit.
    app.enable_group_commit(bot_io.get_executor(), std::chrono::milliseconds(1));
    SlackSettings settings{fake_app_token, fake_bot_token, api_base};
    FixedReplyCommands fixed_reply;
    SwitchedCommands switched(app, fixed_reply);
    CommandService& commands = transport_only   ? static_cast<CommandService&>(fixed_reply)
                               : only == "help" ? static_cast<CommandService&>(switched)
                                                : app;
    slack::SlackService service(bot_io, commands, settings);
    app.add_transport(service.transport());
    service.start();
    auto count_requests = [&] {
        SQLite::Statement count(database.connection(), "SELECT COUNT(*) FROM requests");
        count.executeStep();
        return static_cast<std::size_t>(count.getColumn(0).getInt64());
    };
    const std::size_t requests_before = count_requests();
    const auto ready_deadline = SteadyClock::now() + std::chrono::seconds(30);
    while (!service.transport().healthy() && SteadyClock::now() < ready_deadline)
        bot_io.run_for(std::chrono::milliseconds(10));
    rss_after_connect = peak_rss_kib();

    // Serve until the load is over: the fake then reports the acked writes and closes the pipe.
    asio::posix::stream_descriptor done(bot_io, fake.done_fd);
    std::string report;
    std::array<char, 64> chunk{};
    bool load_over = false;
    // Peak memory when each phase ended ("|" from the fake); the read phases come first.
    std::vector<long> rss_after_phase;
    // CPU per ack in each phase: a figure a busy machine does not inflate the way it
    // does rates and latencies, since the bot pays it whatever else runs.
    std::vector<double> cpu_per_ack;
    double phase_cpu_started = cpu_micros();
    std::size_t phase_acks_started = service.socket_mode().stats().acks_sent;
    std::function<void()> read_report = [&] {
        done.async_read_some(asio::buffer(chunk), [&](boost::system::error_code error, std::size_t size) {
            for (std::size_t at = 0; at < size; ++at) {
                if (chunk[at] == '|') {
                    rss_after_phase.push_back(peak_rss_kib());
                    const double cpu_now = cpu_micros();
                    const std::size_t acks_now = service.socket_mode().stats().acks_sent;
                    cpu_per_ack.push_back((cpu_now - phase_cpu_started) /
                                          static_cast<double>(std::max<std::size_t>(1, acks_now - phase_acks_started)));
                    phase_cpu_started = cpu_now;
                    phase_acks_started = acks_now;
                    if (only == "help" && cpu_per_ack.size() == 2) switched.switch_over();
                } else {
                    report.push_back(chunk[at]);
                }
            }
            if (error) {
                load_over = true;
                return;
            }
            read_report();
        });
    };
    read_report();
    while (!load_over) bot_io.run_for(std::chrono::milliseconds(50));
    app.commit_pending();
    service.stop();
    bot_io.run_for(std::chrono::milliseconds(200));
    app.disable_group_commit();
    const bool fake_ok = fake.wait();

    if (!transport_only && only != "read" && only != "help") {
        const std::size_t write_acks = std::strtoull(report.c_str(), nullptr, 10);
        const std::size_t committed = count_requests() - requests_before;
        std::printf("write path durability: %zu /flash request acks, %zu new request rows committed%s\n", write_acks,
                    committed, committed >= write_acks ? " (every acked command durable)" : " (ACKED BUT LOST)");
    }
    std::printf("bot CPU (user + system) per ack, phase by phase:");
    for (double micros : cpu_per_ack) std::printf(" %.1f µs", micros);
    std::printf("\n");
    std::printf("bot peak resident memory (the fake Slack runs in its own process): %.1f MiB after connecting",
                static_cast<double>(rss_after_connect) / 1024.0);
    if (rss_after_phase.size() >= 2 && only.empty()) {
        std::printf(", %.1f MiB after the read phases", static_cast<double>(rss_after_phase[1]) / 1024.0);
    }
    std::printf(", %.1f MiB at the end\n", static_cast<double>(peak_rss_kib()) / 1024.0);
    return fake_ok ? 0 : 1;
}

// Measures interactions answered per second and dispatch-to-callback latency through the fake Discord.
//
// The fake Discord runs in a child process; the bot (real app, real SQLite file, the
// Discord transport, group commit with a 1 ms window as in production) runs on the
// parent's main thread, so the parent's peak RSS is the bot's own. The read phases send
// `/coach help`; the write-heavy phase sends 80 % `/flash request <topic>` from members
// asking once each and 20 % `/coach help`, after a hundred mentors offered their topics.
// Every interaction is answered with an interaction callback over TLS.
//
// `discord_bench write` runs only the write-heavy phase (after its own warm-up), so the
// bot's peak RSS is that phase's.
//
// `--against-discordjs` (with or without `write`) sends the very same load to the
// smallest discord.js bot instead (bench/discordjs, under node in a child process), which
// answers every command with a fixed ephemeral reply: discord.js's best case, for comparison.
#include <malloc.h>
#include <poll.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <future>
#include <iterator>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "bot/app.h"
#include "bot/discord/discord_transport.h"
#include "bot/discord/stored_registration_record.h"
#include "bot/net/tls.h"
#include "config/config.h"
#include "domain/clock.h"
#include "storage/database.h"
#include "storage/wal_checkpointer.h"
#include "tests/fake_discord/fake_discord.h"
#include "tests/fake_discord/payloads.h"
#include "bench/bench_support.h"
#include "bench/discordjs_bot_process.h"
#include "bench/fake_service_process.h"
#include "tests/support/test_ca.h"

using namespace mentorbot;
using namespace std::chrono_literals;
using BenchClock = std::chrono::steady_clock;
using bench::peak_rss_kib;
using bench::percentile;

namespace {

struct RunFigures {
    std::size_t answered = 0;
    double seconds = 0;
    std::vector<double> latencies_ms;
};

// The interaction to send as the n-th of a phase, with its id.
using InteractionMix = std::function<nlohmann::json(const std::string& id, std::uint64_t n)>;

// `/coach help` from the members of one organisation, over and over: each is new to the bot only once.
nlohmann::json coach_help(const std::string& id, std::uint64_t n) {
    return testing::slash_command(id, "coach", "help", nlohmann::json::array(), std::to_string(100000 + n % 2000));
}

constexpr const char* topics[] = {"kubernetes", "rust", "go", "sql", "react", "terraform", "career", "testing"};
constexpr std::uint64_t mentors = 100;

nlohmann::json text_option(const std::string& name, const std::string& value) {
    return nlohmann::json{{"name", name}, {"type", 3}, {"value", value}};
}

// The mentors of the write-heavy phase: for each, a profile, then an offer of three topics.
nlohmann::json mentor_setup(const std::string& id, std::uint64_t n) {
    const std::string user = std::to_string(200000 + n / 2);
    if (n % 2 == 0) {
        return testing::slash_command(
            id, "profile", "set",
            nlohmann::json::array({text_option("level", "senior"), text_option("tz", "Europe/Berlin")}), user);
    }
    const std::uint64_t first = (n / 2) % std::size(topics);
    const std::string offered = std::string(topics[first]) + "," + topics[(first + 3) % std::size(topics)] + "," +
                                topics[(first + 5) % std::size(topics)];
    return testing::slash_command(id, "mentor", "offer", nlohmann::json::array({text_option("topics", offered)}), user);
}

// Four in five `/flash request <topic>`, each from a member asking for the first time; the rest `/coach help`.
nlohmann::json write_heavy(const std::string& id, std::uint64_t n) {
    if (n % 5 == 4) return coach_help(id, n);
    return testing::slash_command(id, "flash", "request",
                                  nlohmann::json::array({text_option("topic", topics[n % std::size(topics)])}),
                                  std::to_string(300000 + n));
}

// The fields Discord sends with every interaction that the payload builders leave out:
// discord.js reads them, mentorbot ignores them; both bots get the same bytes.
nlohmann::json as_discord_sends(nlohmann::json interaction) {
    interaction["version"] = 1;
    interaction["app_permissions"] = "0";
    interaction["locale"] = "en-US";
    interaction["guild_locale"] = "en-US";
    interaction["entitlements"] = nlohmann::json::array();
    interaction["authorizing_integration_owners"] = {{"0", "G1"}};
    interaction["context"] = 0;
    interaction["attachment_size_limit"] = 26214400;
    return interaction;
}

// Drives interactions from the fake's thread. Closed loop: keep `in_flight` outstanding.
// Open loop: send `rate` per second regardless of answers.
class LoadDriver {
public:
    LoadDriver(testing::FakeDiscord& discord, boost::asio::io_context& io) : discord_(discord), timer_(io) {
        discord_.on_callback = [this](const std::string& id, const nlohmann::json&) {
            auto sent = sent_at_.find(id);
            if (sent == sent_at_.end()) return;
            figures_.latencies_ms.push_back(
                std::chrono::duration<double, std::milli>(BenchClock::now() - sent->second).count());
            sent_at_.erase(sent);
            ++figures_.answered;
            if (closed_loop_ && dispatched_ < total_) send_one();
            if (figures_.answered == total_) finish();
        };
    }

    void closed_loop(std::size_t total, std::size_t in_flight, InteractionMix mix = coach_help) {
        reset(total, true);
        mix_ = std::move(mix);
        for (std::size_t i = 0; i < in_flight && dispatched_ < total_; ++i) send_one();
    }

    void open_loop(std::size_t total, double per_second) {
        reset(total, false);
        mix_ = coach_help;
        interval_ = std::chrono::duration_cast<BenchClock::duration>(std::chrono::duration<double>(1.0 / per_second));
        next_ = BenchClock::now();
        tick();
    }

    std::atomic<bool> done{false};
    RunFigures take() { return std::move(figures_); }

private:
    void reset(std::size_t total, bool closed) {
        figures_ = RunFigures{};
        total_ = total;
        dispatched_ = 0;
        closed_loop_ = closed;
        started_ = BenchClock::now();
    }
    void send_one() {
        const std::string id = testing::fresh_snowflake(++serial_);
        nlohmann::json interaction = as_discord_sends(mix_(id, dispatched_));
        sent_at_[id] = BenchClock::now();
        ++dispatched_;
        discord_.dispatch("INTERACTION_CREATE", std::move(interaction));
    }
    void tick() {
        const auto now = BenchClock::now();
        while (next_ <= now && dispatched_ < total_) {
            send_one();
            next_ += interval_;
        }
        if (dispatched_ >= total_) return;
        timer_.expires_at(next_);
        timer_.async_wait([this](boost::system::error_code error) {
            if (!error) tick();
        });
    }
    void finish() {
        figures_.seconds = std::chrono::duration<double>(BenchClock::now() - started_).count();
        done = true;
    }

    testing::FakeDiscord& discord_;
    InteractionMix mix_ = coach_help;
    boost::asio::steady_timer timer_;
    std::map<std::string, BenchClock::time_point> sent_at_;
    RunFigures figures_;
    std::size_t total_ = 0;
    std::size_t dispatched_ = 0;
    std::uint64_t serial_ = 0;
    bool closed_loop_ = true;
    BenchClock::duration interval_{};
    BenchClock::time_point next_{};
    BenchClock::time_point started_{};
};

// Where the bot's memory is at the end: SQLite's own (its page cache, schema and prepared
// statements for the bot's connection), the heap as malloc sees it, and what the kernel
// counts resident by kind (the database file's mapped pages are file-backed).
void print_memory(sqlite3* connection) {
    sqlite3_int64 sqlite_now = 0;
    sqlite3_int64 sqlite_peak = 0;
    sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &sqlite_now, &sqlite_peak, 0);
    auto db_status = [connection](int what) {
        int now = 0;
        int peak = 0;
        sqlite3_db_status(connection, what, &now, &peak, 0);
        return now / 1024;
    };
    const struct mallinfo2 heap = mallinfo2();
    std::printf("bot memory at the end: SQLite %lld KiB (peak %lld; page cache %d, schema %d, statements %d), heap "
                "%zu KiB in use of %zu KiB taken (%zu KiB free inside)\n",
                sqlite_now / 1024, sqlite_peak / 1024, db_status(SQLITE_DBSTATUS_CACHE_USED),
                db_status(SQLITE_DBSTATUS_SCHEMA_USED), db_status(SQLITE_DBSTATUS_STMT_USED), heap.uordblks / 1024,
                (heap.arena + heap.hblkhd) / 1024, heap.fordblks / 1024);
    if (std::FILE* rollup = std::fopen("/proc/self/smaps_rollup", "r")) {
        char line[256];
        while (std::fgets(line, sizeof line, rollup)) {
            if (std::strncmp(line, "Rss:", 4) == 0 || std::strncmp(line, "Anonymous:", 10) == 0) {
                std::printf("  %s", line);
            }
        }
        std::fclose(rollup);
    }
}

void print(const char* name, const RunFigures& figures) {
    if (figures.seconds == 0) {
        // The phase never finished: its rate would divide by nothing, and its percentiles
        // would leave out the answers that never came.
        std::printf("%-34s %6zu answered before the phase's 120 s ran out: no figures\n", name, figures.answered);
        return;
    }
    std::printf(
        "%-34s %6zu answered in %6.2f s = %8.0f /s   latency p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %6.2f ms\n",
        name, figures.answered, figures.seconds, static_cast<double>(figures.answered) / figures.seconds,
        percentile(figures.latencies_ms, 0.50), percentile(figures.latencies_ms, 0.90),
        percentile(figures.latencies_ms, 0.99), percentile(figures.latencies_ms, 1.0));
}

// The fake Discord and the load driver: a child process, like a remote service, so the
// parent's memory figure is the bot's alone. Reports on stdout; tells the bot it is
// done by closing `done_pipe`.
[[noreturn]] void run_fake_discord(const testing::TestCertificates& certificates, int address_pipe, int done_pipe,
                                   bool write_only) {
    boost::asio::io_context fake_io;
    testing::FakeDiscord discord(fake_io, certificates);
    discord.keep_records = false;
    discord.start();
    const std::string api_base = discord.api_base() + "\n";
    if (write(address_pipe, api_base.data(), api_base.size()) != static_cast<ssize_t>(api_base.size())) std::_Exit(2);
    close(address_pipe);
    LoadDriver driver(discord, fake_io);
    auto fake_work = boost::asio::make_work_guard(fake_io);
    std::thread fake_thread([&] { fake_io.run(); });

    auto on_fake = [&](auto function) {
        std::promise<decltype(function())> result;
        boost::asio::post(fake_io, [&] { result.set_value(function()); });
        return result.get_future().get();
    };
    const auto ready_deadline = BenchClock::now() + 30s;
    while (!on_fake([&] { return discord.gateway_ready(); }) && BenchClock::now() < ready_deadline) {
        std::this_thread::sleep_for(10ms);
    }
    auto run = [&](const char* name, auto start) {
        driver.done = false;
        boost::asio::post(fake_io, start);
        const auto deadline = BenchClock::now() + 120s;
        while (!driver.done && BenchClock::now() < deadline) std::this_thread::sleep_for(2ms);
        print(name, on_fake([&] { return driver.take(); }));
    };
    run("warm-up (closed loop, 32 in flight)", [&] { driver.closed_loop(1000, 32); });
    if (!write_only) {
        run("closed loop, 32 in flight", [&] { driver.closed_loop(10000, 32); });
        run("open loop, 1,000/s for 10 s", [&] { driver.open_loop(10000, 1000.0); });
    }
    run("mentors offer (setup)", [&] { driver.closed_loop(2 * mentors, 8, mentor_setup); });
    run("write-heavy: 80 % /flash request, 32 in flight", [&] { driver.closed_loop(5000, 32, write_heavy); });
    std::fflush(stdout);
    close(done_pipe);
    // The bot closes its gateway connection; then the fake can go.
    std::this_thread::sleep_for(300ms);
    boost::asio::post(fake_io, [&] { discord.stop(); });
    fake_work.reset();
    fake_thread.join();
    std::_Exit(0);
}

// The same load answered by the discord.js baseline: node serves it in a child process
// while this one only waits for the fake to report, then reads node's peak memory.
int serve_with_discordjs(const bench::FakeServiceProcess& fake, const std::string& node, const std::string& ca_file) {
    // discord.js adds the API version to its base itself.
    std::string api = fake.address;
    if (const auto version = api.rfind("/v10"); version != std::string::npos) api.erase(version);
    bench::DiscordjsBotProcess bot(node, api, testing::FakeDiscord::bot_token, ca_file);
    pollfd done{fake.done_fd, POLLIN, 0};
    while (poll(&done, 1, 100) == 0) {
        if (!bot.running()) {
            std::printf("stopped: the discord.js bot exited before the load was over\n");
            kill(fake.pid, SIGKILL);
            fake.wait();
            return 1;
        }
    }
    const long peak = bot.status_kib("VmHWM");
    const long resident = bot.status_kib("VmRSS");
    const double cpu = bot.cpu_seconds();
    bot.stop();
    const bool fake_ok = fake.wait();
    std::printf("discord.js bot CPU time from start to the end of the load: %.2f s\n", cpu);
    std::printf(
        "discord.js bot (node) peak RSS: %ld KiB, %ld KiB at the end (the fake Discord runs in its own process)\n",
        peak, resident);
    return fake_ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    bool write_only = false;
    bool against_discordjs = false;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "write") {
            write_only = true;
        } else if (argument == "--against-discordjs") {
            against_discordjs = true;
        } else {
            std::fprintf(stderr, "usage: discord_bench [write] [--against-discordjs]\n");
            return 2;
        }
    }
    spdlog::set_level(spdlog::level::warn);
    std::string node;
    if (against_discordjs) {
        node = bench::find_node();
        if (const std::string missing = bench::discordjs_missing(node); !missing.empty()) {
            std::printf("discord_bench --against-discordjs skipped: %s\n", missing.c_str());
            return 0;
        }
    }
    testing::TempDir directory;
    const auto certificates = testing::TestCertificates::generate();
    const std::string ca_file = certificates.write_ca_file(directory.path());
    testing::TrustedCaFile trust(ca_file);
    std::printf("discord_bench: interactions through the fake Discord (TLS, 127.0.0.1), %u hardware threads, "
                "answered by %s\n",
                std::thread::hardware_concurrency(), against_discordjs ? "the discord.js baseline" : "mentorbot");
    std::fflush(stdout);

    const auto fake = bench::start_fake_service(
        [&](int address_fd, int done_fd) { run_fake_discord(certificates, address_fd, done_fd, write_only); });
    if (against_discordjs) return serve_with_discordjs(fake, node, ca_file);
    const std::string& api_base = fake.address;

    // The bot: real app and database on this thread, as in production.
    boost::asio::io_context io(1);
    Database database((directory.path() / "bench.db").string());
    SystemClock clock;
    App app(database, default_config(), clock);
    // As in production (bot/platform_runtime.cpp): checkpoints run on a thread of their own,
    // and commands arriving together share a commit.
    WalCheckpointer checkpointer(database);
    app.enable_group_commit(io.get_executor(), 1ms);
    auto registrations = std::make_shared<discord::StoredRegistrationRecord>(database);
    discord::DiscordOptions options;
    options.token = testing::FakeDiscord::bot_token;
    options.application_id = testing::FakeDiscord::application_id;
    options.api_base = api_base;
    auto transport = discord::DiscordTransport::create(
        io.get_executor(), net::make_client_tls_context(), app, registrations, CommandRegistry::standard().commands(),
        options, [](const std::string& reason) { std::printf("stopped: %s\n", reason.c_str()); });
    app.add_transport(*transport);
    transport->start();
    const auto ready_deadline = BenchClock::now() + 30s;
    while (!transport->gateway().connected_and_ready() && BenchClock::now() < ready_deadline) io.run_for(10ms);
    const long rss_ready = peak_rss_kib();
    // The bot's own CPU time under load: on a shared machine, wall-clock latency also
    // counts the moments the scheduler ran someone else.
    const double cpu_ready = bench::thread_cpu_micros();

    // Serve until the load is over: the fake closes its end of the pipe then.
    boost::asio::posix::stream_descriptor done(io, fake.done_fd);
    bool load_over = false;
    char ignored;
    done.async_read_some(boost::asio::buffer(&ignored, 1),
                         [&](boost::system::error_code, std::size_t) { load_over = true; });
    while (!load_over) io.run_for(50ms);
    transport->stop();
    io.run_for(200ms);
    app.disable_group_commit();
    const bool fake_ok = fake.wait();
    std::printf("bot CPU time while serving: %.2f s\n", (bench::thread_cpu_micros() - cpu_ready) / 1e6);
    std::printf("bot peak RSS: %ld KiB after READY, %ld KiB at the end (the fake Discord runs in its own process)\n",
                rss_ready, peak_rss_kib());
    print_memory(database.connection().getHandle());
    return fake_ok ? 0 : 1;
}

// The app alone, without any transport: CPU time per command for a read and a write.
//
// Separates the app's own cost (parsing, SQLite, matching, reply) from what the Slack
// and Discord benchmarks add on top (TLS, WebSocket frames, JSON, the fake server).
// Timed with this thread's CPU clock, so a busy machine does not inflate the figures.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "bench/bench_support.h"
#include "bot/app.h"
#include "bot/demo_organisation.h"
#include "config/config.h"
#include "domain/clock.h"
#include "storage/database.h"
#include "tests/support/temp_directory.h"

using namespace mentorbot;
using bench::percentile;
using bench::thread_cpu_micros;

namespace {

// Runs `count` commands from distinct Slack members and prints CPU time per command.
void measure(App& app, const char* name, const std::string& line, int count, bool distinct_members) {
    std::vector<double> micros;
    micros.reserve(static_cast<std::size_t>(count));
    long long ok = 0;
    for (int index = 0; index < count; ++index) {
        const std::string user = "U" + std::to_string(distinct_members ? index : index % 500);
        CommandRequest request;
        request.caller.member = MemberId::of(Platform::slack, "T1", user);
        request.caller.display_name = user;
        request.caller.channel = MemberId::of(Platform::slack, "T1", "C1");
        request.delivery_key = std::string("slack:envelope:") + name + std::to_string(index);
        request.input = TextLine{line};
        const double started = thread_cpu_micros();
        Reply reply = app.run(std::move(request));
        micros.push_back(thread_cpu_micros() - started);
        if (reply.response.text.find("went wrong") == std::string::npos) ++ok;
    }
    double total = 0;
    for (double value : micros) total += value;
    std::printf(
        "%-28s %6d commands  CPU µs per command: median %7.1f  p99 %7.1f  mean %7.1f  = %8.0f commands/s of CPU  (%lld answered)\n",
        name, count, percentile(micros, 0.5), percentile(micros, 0.99), total / count, 1e6 * count / total, ok);
}

}  // namespace

int main(int argc, char** argv) {
    const int count = argc > 1 ? std::atoi(argv[1]) : 20000;
    // An optional second argument runs one command only (help, show, flash or set), so a
    // profiler sees just that command.
    const std::string only = argc > 2 ? argv[2] : "";
    auto wanted = [&](const char* which) { return only.empty() || only == which; };
    spdlog::set_level(spdlog::level::err);
    testing::TempDirectory dir;
    Database database((dir.path() / "bench.db").string());
    Config config = default_config();
    config.commands_per_minute = 1000000;
    SystemClock clock;
    load_demo_organisation(database, config, to_unix(clock.now()));
    App app(database, config, clock);
    std::printf("mentorbot app benchmark: demo organisation, SQLite WAL in a temp dir, no transport\n");
    if (wanted("help")) measure(app, "read  /coach help", "/coach help", count, false);
    if (wanted("show")) measure(app, "read  /profile show", "/profile show", count, false);
    if (wanted("flash"))
        measure(app, "write /flash request", "/flash request topic:kubernetes minutes:30", count, true);
    if (wanted("set")) measure(app, "write /profile set", "/profile set level:3", count, false);
    return 0;
}

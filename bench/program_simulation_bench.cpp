// The full program simulation: 2,000 members over twelve weeks for several seeds, with the report of each run.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <spdlog/spdlog.h>

#include "bench/bench_support.h"
#include "tests/simulation/program_simulation.h"

using namespace mentorbot;

int main(int argc, char** argv) {
    // mentorbot_program_simulation [members [weeks [seeds]]]
    simulation::SimulationSettings settings;
    settings.members = argc > 1 ? std::atoi(argv[1]) : 2000;
    settings.weeks = argc > 2 ? std::atoi(argv[2]) : 12;
    const int seeds = argc > 3 ? std::atoi(argv[3]) : 3;
    spdlog::set_level(spdlog::level::err);
    int failures = 0;
    for (int seed = 1; seed <= seeds; ++seed) {
        settings.seed = static_cast<unsigned>(seed);
        const auto started = std::chrono::steady_clock::now();
        const simulation::SimulationReport report = simulation::run_program_simulation(settings);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::printf("%s", report.text().c_str());
        std::printf("run time %.1f s, peak memory %.1f MiB\n\n", seconds, bench::peak_rss_kib() / 1024.0);
        if (!report.broken.empty()) ++failures;
    }
    return failures == 0 ? 0 : 1;
}

// The full program simulation: 2,000 members over twelve weeks for several seeds, with the report of each run and
// the share of an offline optimum the bot served.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "bench/bench_support.h"
#include "tests/simulation/program_simulation.h"

using namespace mentorbot;

int main(int argc, char** argv) {
    // program_simulation_bench [members [weeks [seeds [accept-all]]]]: with "accept-all" every
    // mentor accepts every offer, which leaves only the matcher's part of the gap to the optimum.
    // `seeds` is a count (seeds 1 to n) or a range such as 2-3, so that the seeds of a large
    // organisation can run in separate processes.
    // MENTORBOT_SIMULATION_LOSSES=1 lists each request the optimum served and the bot did not.
    simulation::SimulationSettings settings;
    settings.members = argc > 1 ? std::atoi(argv[1]) : 2000;
    settings.weeks = argc > 2 ? std::atoi(argv[2]) : 12;
    const std::string seed_text = argc > 3 ? argv[3] : "3";
    const std::size_t dash = seed_text.find('-');
    const int first_seed = dash == std::string::npos ? 1 : std::atoi(seed_text.c_str());
    const int last_seed = std::atoi(seed_text.c_str() + (dash == std::string::npos ? 0 : dash + 1));
    settings.every_offer_accepted = argc > 4 && std::string(argv[4]) == "accept-all";
    spdlog::set_level(spdlog::level::err);
    int failures = 0;
    std::vector<double> shares;
    std::vector<double> greedy_shares;
    for (int seed = first_seed; seed <= last_seed; ++seed) {
        settings.seed = static_cast<unsigned>(seed);
        const auto started = std::chrono::steady_clock::now();
        const simulation::SimulationReport report = simulation::run_program_simulation(settings);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::printf("%s", report.text().c_str());
        std::printf("run time %.1f s, peak memory %.1f MiB\n\n", seconds, bench::peak_rss_kib() / 1024.0);
        if (!report.broken.empty()) ++failures;
        shares.push_back(report.share_of_optimum());
        greedy_shares.push_back(report.greedy_share_of_optimum());
    }
    std::printf("share of the offline optimum served, seed by seed (a least-loaded greedy matcher's in brackets):");
    for (std::size_t run = 0; run < shares.size(); ++run)
        std::printf(" %.1f %% (%.1f %%)", 100 * shares[run], 100 * greedy_shares[run]);
    double mean = 0;
    for (double share : shares) mean += share / double(shares.size());
    if (!shares.empty()) std::printf("; mean %.2f %%", 100 * mean);
    std::sort(shares.begin(), shares.end());
    if (!shares.empty()) {
        // The middle one, or the mean of the middle two.
        const std::size_t middle = shares.size() / 2;
        const double median = shares.size() % 2 ? shares[middle] : (shares[middle - 1] + shares[middle]) / 2;
        std::printf("; median %.1f %%", 100 * median);
    }
    std::printf("\n");
    return failures == 0 ? 0 : 1;
}

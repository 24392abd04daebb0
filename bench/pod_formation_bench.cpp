// Benchmark: forming pods from 100,000 signups of each kind across eight time zones, with one earlier round to avoid;
// prints median time and peak RSS.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "domain/pod_formation.h"

using namespace mentorbot;

namespace {

std::vector<PodCandidate> make_pool(std::size_t count) {
    std::mt19937_64 random(42);
    std::vector<PodCandidate> pool;
    pool.reserve(count);
    std::uniform_int_distribution<int> level(1, 6), month(1, 12), year(2019, 2025);
    std::geometric_distribution<int> department(0.08);  // a few large departments, a long tail
    // Time-zone grouping on: working days from Los Angeles to Tokyo (09:00-17:00 local, in
    // minutes of the UTC day), which share no hour, plus a few night shifts and unknown hours.
    const int utc_offsets[] = {-8 * 60, -5 * 60, 0, 60, 2 * 60, 5 * 60 + 30, 8 * 60, 9 * 60};
    std::uniform_int_distribution<int> zone(0, static_cast<int>(std::size(utc_offsets)) - 1), shift(0, 19);
    for (std::size_t i = 0; i < count; ++i) {
        char started[8];
        std::snprintf(started, sizeof started, "%04d-%02d", year(random), month(random));
        PodCandidate candidate{"slack:T0001:U" + std::to_string(1000000 + i), level(random),
                               "department-" + std::to_string(department(random)), started};
        const int offset = utc_offsets[zone(random)], kind = shift(random);
        if (kind > 0) {
            const int local_start = kind == 1 ? 22 * 60 : 9 * 60;  // one in twenty works nights
            candidate.hours_utc_start = ((local_start - offset) % 1440 + 1440) % 1440;
            candidate.hours_length = 8 * 60;
        }
        pool.push_back(std::move(candidate));
    }
    return pool;
}

// Runs in its own process so VmHWM is this kind's alone.
// `rebuild_same` forms the round with the earlier round's own seed, so every pair starts
// as a repeat: the most swapping formation can ever need.
void measure(PodKind kind, std::size_t members, int runs, bool rebuild_same) {
    FormationRequest request;
    request.kind = kind;
    request.pool = make_pool(members);
    request.target_size = 6;
    request.seed = 1;
    for (const FormedPod& pod : form_pods(request).pods) request.earlier_pods.push_back(pod.member_ids);
    request.seed = rebuild_same ? 1 : 2;

    std::vector<double> seconds;
    FormationResult result;
    for (int run = 0; run < runs; ++run) {
        auto start = std::chrono::steady_clock::now();
        result = form_pods(request);
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(seconds.begin(), seconds.end());
    std::size_t outside = 0;
    for (const FormedPod& pod : result.pods) outside += pod.outside_hours.size();
    std::printf(
        "%-8s %-13s %zu signups -> %zu pods of ~6, repeats %d -> %d, %zu outside their hours: median %.3f s (min "
        "%.3f, max %.3f over %d runs), peak RSS %.1f MiB\n",
        std::string(pod_kind_name(kind)).c_str(), rebuild_same ? "(worst case)" : "", members, result.pods.size(),
        result.repeated_pairs_before_swaps, result.repeated_pairs_after_swaps, outside, seconds[seconds.size() / 2],
        seconds.front(), seconds.back(), runs, static_cast<double>(bench::peak_rss_kib()) / 1024.0);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t members = argc > 1 ? std::stoul(argv[1]) : 100000;
    int runs = argc > 2 ? std::stoi(argv[2]) : 5;
    std::printf(
        "pod formation: %zu signups per kind in eight time zones, one earlier round to avoid (targets: < 2 s, < 300 "
        "MB)\n",
        members);
    std::fflush(stdout);
    for (bool rebuild_same : {false, true})
        for (PodKind kind : {PodKind::learning, PodKind::circle, PodKind::cohort}) {
            pid_t child = fork();
            if (child == 0) {
                measure(kind, members, runs, rebuild_same);
                _exit(0);
            }
            int status = 0;
            waitpid(child, &status, 0);
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
        }
    return 0;
}

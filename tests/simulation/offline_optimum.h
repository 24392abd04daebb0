// An exact offline optimum for flash matching: the most requests any matcher could serve under the hard rules and
// weekly capacities, to measure the bot against.
#pragma once

#include <cstddef>
#include <vector>

namespace mentorbot::simulation {

// One week's room of one mentor: how many sessions they take that week.
struct CapacityBucket {
    int mentor = 0;
    int week = 0;
    int capacity = 0;
};

// One step of a chain of requests whose choices nest: a request entering a step may use the
// buckets of that step and of every step after it. Requests of one topic, kind and level made
// later may use only fewer of the same mentor weeks, so a chain lists each week once, at the
// last request that may use it, instead of once for every request (10^8 pairs at 100,000 members).
struct ChainStep {
    long long next = -1;  // the step after this one, or -1
    std::vector<std::size_t> buckets;
};

// Requests and the mentors the hard rules allow for each, already worked out by the caller:
// this file knows nothing of topics or levels, so it cannot share a mistake with the bot's matcher.
struct OptimumProblem {
    std::vector<CapacityBucket> buckets;
    // For each request, the buckets it may use (a fitting mentor's weeks it may be served in).
    std::vector<std::vector<std::size_t>> allowed;
    // For each request, the chain step whose buckets (and every later step's) it may use too,
    // or -1; empty when no request is in a chain.
    std::vector<long long> entry;
    std::vector<ChainStep> steps;
};

// Every bucket a request may use: its own list, then its chain's from the step it enters.
std::vector<std::size_t> allowed_buckets(const OptimumProblem& problem, std::size_t request);

struct OptimumSolution {
    long long served = 0;
    // For each request, the bucket serving it, or -1.
    std::vector<long long> assigned;
};

// A maximum b-matching of requests to buckets (each request at most once, each bucket at most
// its capacity), by maximum flow (Dinic's algorithm). Given `start` (each request's bucket or
// -1, such as what the bot did), it serves every request served there that the problem allows,
// within capacity, and adds as many others as it can: so the requests it serves beyond `start`
// are exactly what was lost, not one optimum's choice among many.
OptimumSolution solve_offline_optimum(const OptimumProblem& problem, const std::vector<long long>& start = {});

// The plain least-loaded greedy matcher the bot is compared with: the requests in the order
// given (their arrival), each to the allowed bucket with room in the earliest week, then with the
// fewest requests in it so far, then of the mentor who comes first. It never looks ahead.
OptimumSolution solve_least_loaded_greedy(const OptimumProblem& problem);

}  // namespace mentorbot::simulation

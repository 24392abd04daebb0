// The program simulation's offline optimum on small instances whose best matching is known.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <vector>

#include "tests/simulation/offline_optimum.h"

using namespace mentorbot::simulation;

namespace {

// The answer is a real matching: each request served by a bucket it may use, no bucket over capacity.
void check_feasible(const OptimumProblem& problem, const OptimumSolution& solution) {
    REQUIRE(solution.assigned.size() == problem.allowed.size());
    std::map<long long, int> used;
    long long served = 0;
    for (std::size_t request = 0; request < problem.allowed.size(); ++request) {
        const long long bucket = solution.assigned[request];
        if (bucket < 0) continue;
        ++served;
        const std::vector<std::size_t> allowed = allowed_buckets(problem, request);
        CHECK(std::find(allowed.begin(), allowed.end(), std::size_t(bucket)) != allowed.end());
        ++used[bucket];
    }
    for (const auto& [bucket, count] : used) CHECK(count <= problem.buckets[std::size_t(bucket)].capacity);
    CHECK(served == solution.served);
}

// What a matcher that takes requests in order and gives each to the least-loaded fitting
// mentor with room serves (the first of equals on a tie).
long long least_loaded_greedy(const OptimumProblem& problem) {
    std::vector<int> load(problem.buckets.size(), 0);
    long long served = 0;
    for (const auto& allowed : problem.allowed) {
        long long best = -1;
        for (std::size_t bucket : allowed) {
            if (load[bucket] >= problem.buckets[bucket].capacity) continue;
            if (best < 0 || load[bucket] < load[std::size_t(best)]) best = static_cast<long long>(bucket);
        }
        if (best < 0) continue;
        ++load[std::size_t(best)];
        ++served;
    }
    return served;
}

// Every way to place the requests, for instances small enough to try them all.
long long brute_force(const OptimumProblem& problem) {
    std::vector<int> load(problem.buckets.size(), 0);
    std::function<long long(std::size_t)> best_from = [&](std::size_t request) -> long long {
        if (request == problem.allowed.size()) return 0;
        long long best = best_from(request + 1);
        for (std::size_t bucket : problem.allowed[request]) {
            if (load[bucket] >= problem.buckets[bucket].capacity) continue;
            ++load[bucket];
            best = std::max(best, 1 + best_from(request + 1));
            --load[bucket];
        }
        return best;
    };
    return best_from(0);
}

// A small random problem with chains: a few chains of steps over the buckets, and requests
// that enter a chain (or none) and may hold a bucket of their own besides.
OptimumProblem random_chained_problem(std::mt19937& random) {
    auto draw = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); };
    OptimumProblem problem;
    const int buckets = draw(1, 5);
    for (int bucket = 0; bucket < buckets; ++bucket) problem.buckets.push_back({bucket, draw(0, 1), draw(0, 2)});
    const int chains = draw(1, 3);
    for (int chain = 0; chain < chains; ++chain) {
        const int length = draw(1, 4);
        for (int step = 0; step < length; ++step) {
            ChainStep next;
            if (step + 1 < length) next.next = static_cast<long long>(problem.steps.size()) + 1;
            for (int bucket = 0; bucket < buckets; ++bucket) {
                if (draw(0, 3) == 0) next.buckets.push_back(std::size_t(bucket));
            }
            problem.steps.push_back(next);
        }
    }
    const int requests = draw(0, 8);
    for (int request = 0; request < requests; ++request) {
        std::vector<std::size_t> own;
        if (draw(0, 3) == 0) own.push_back(std::size_t(draw(0, buckets - 1)));
        problem.allowed.push_back(own);
        problem.entry.push_back(draw(0, 4) == 0 ? -1 : draw(0, int(problem.steps.size()) - 1));
    }
    return problem;
}

}  // namespace

TEST_CASE("the offline optimum of no requests serves nobody", "[optimum]") {
    OptimumProblem problem;
    problem.buckets = {{0, 0, 3}};
    const OptimumSolution solution = solve_offline_optimum(problem);
    CHECK(solution.served == 0);
    CHECK(solution.assigned.empty());
}

TEST_CASE("the offline optimum serves no more than a mentor's weekly capacity", "[optimum]") {
    OptimumProblem problem;
    problem.buckets = {{0, 0, 2}};
    problem.allowed = {{0}, {0}, {0}};
    const OptimumSolution solution = solve_offline_optimum(problem);
    CHECK(solution.served == 2);
    check_feasible(problem, solution);
}

TEST_CASE("the offline optimum leaves a request nobody may serve unserved", "[optimum]") {
    OptimumProblem problem;
    problem.buckets = {{0, 0, 5}, {1, 0, 0}};
    problem.allowed = {{}, {0}, {1}};
    const OptimumSolution solution = solve_offline_optimum(problem);
    CHECK(solution.served == 1);
    CHECK(solution.assigned[0] == -1);
    CHECK(solution.assigned[1] == 0);
    CHECK(solution.assigned[2] == -1);  // the only fitting mentor has no room at all
}

TEST_CASE("the offline optimum beats a least-loaded greedy that spends a scarce mentor", "[optimum]") {
    // Mentor 0 takes one session a week, mentor 1 two. The second request could go to either;
    // the least-loaded one then is mentor 0, the only one who could take the third request.
    OptimumProblem problem;
    problem.buckets = {{0, 0, 1}, {1, 0, 2}};
    problem.allowed = {{1}, {0, 1}, {0}};
    CHECK(least_loaded_greedy(problem) == 2);
    const OptimumSolution solution = solve_offline_optimum(problem);
    CHECK(solution.served == 3);
    CHECK(solution.assigned == std::vector<long long>{1, 1, 0});
    check_feasible(problem, solution);
}

TEST_CASE("the least-loaded greedy comparator serves in arrival order and never looks ahead", "[optimum]") {
    OptimumProblem problem;
    problem.buckets = {{0, 0, 1}, {1, 0, 2}};
    problem.allowed = {{1}, {0, 1}, {0}};
    const OptimumSolution greedy = solve_least_loaded_greedy(problem);
    // The second request goes to mentor 0 (no sessions yet), whom the third needed.
    CHECK(greedy.served == 2);
    CHECK(greedy.assigned == std::vector<long long>{1, 0, -1});
    CHECK(greedy.served == least_loaded_greedy(problem));
    check_feasible(problem, greedy);

    // The earliest week with room comes first, then the fewest sessions, then the mentor who
    // comes first.
    OptimumProblem weeks;
    weeks.buckets = {{0, 1, 3}, {1, 0, 1}, {2, 0, 1}};
    weeks.allowed = {{0, 2, 1}, {0, 1, 2}, {0, 1, 2}, {0}};
    const OptimumSolution by_week = solve_least_loaded_greedy(weeks);
    CHECK(by_week.assigned == std::vector<long long>{1, 2, 0, 0});
    CHECK(by_week.served == 4);
    check_feasible(weeks, by_week);
}

TEST_CASE("the offline optimum keeps each week's capacity apart", "[optimum]") {
    // One mentor with one session a week: a bucket for each of two weeks.
    OptimumProblem problem;
    problem.buckets = {{0, 0, 1}, {0, 1, 1}};
    SECTION("two requests in the same week share one session") {
        problem.allowed = {{0}, {0}};
        CHECK(solve_offline_optimum(problem).served == 1);
    }
    SECTION("a request in each week gets one each") {
        problem.allowed = {{0}, {1}};
        const OptimumSolution solution = solve_offline_optimum(problem);
        CHECK(solution.served == 2);
        check_feasible(problem, solution);
    }
}

TEST_CASE("the offline optimum reroutes earlier choices to serve more (an augmenting chain)", "[optimum]") {
    // A chain where each request can use its own mentor or the next one; the last mentor is
    // the only one for the last request, so everyone must take the "own" choice.
    OptimumProblem problem;
    for (int mentor = 0; mentor < 6; ++mentor) problem.buckets.push_back({mentor, 0, 1});
    for (std::size_t request = 0; request < 5; ++request) problem.allowed.push_back({request + 1, request});
    problem.allowed.push_back({5});
    CHECK(least_loaded_greedy(problem) < 6);
    const OptimumSolution solution = solve_offline_optimum(problem);
    CHECK(solution.served == 6);
    check_feasible(problem, solution);
}

TEST_CASE("the offline optimum equals an exhaustive search on small random instances", "[optimum]") {
    std::mt19937 random(16);
    for (int instance = 0; instance < 300; ++instance) {
        OptimumProblem problem;
        const int buckets = std::uniform_int_distribution<int>(1, 4)(random);
        for (int bucket = 0; bucket < buckets; ++bucket)
            problem.buckets.push_back({bucket, 0, std::uniform_int_distribution<int>(0, 3)(random)});
        const int requests = std::uniform_int_distribution<int>(0, 8)(random);
        for (int request = 0; request < requests; ++request) {
            std::vector<std::size_t> allowed;
            for (int bucket = 0; bucket < buckets; ++bucket) {
                if (std::uniform_int_distribution<int>(0, 2)(random) == 0) allowed.push_back(std::size_t(bucket));
            }
            problem.allowed.push_back(allowed);
        }
        const OptimumSolution solution = solve_offline_optimum(problem);
        INFO("instance " << instance);
        REQUIRE(solution.served == brute_force(problem));
        check_feasible(problem, solution);
    }
}

TEST_CASE("chains of nested choices serve as many as every choice listed one by one", "[optimum]") {
    // Requests of one topic, kind and level made later may use fewer of the same mentor weeks;
    // the simulation lists each week once along a chain of steps. Random chains, with some
    // requests also holding weeks of their own, against the same requests with every week listed.
    std::mt19937 random(35);
    for (int instance = 0; instance < 300; ++instance) {
        const OptimumProblem chained = random_chained_problem(random);
        OptimumProblem listed;
        listed.buckets = chained.buckets;
        for (std::size_t request = 0; request < chained.allowed.size(); ++request)
            listed.allowed.push_back(allowed_buckets(chained, request));

        INFO("instance " << instance);
        const OptimumSolution solution = solve_offline_optimum(chained);
        REQUIRE(solution.served == brute_force(listed));
        REQUIRE(solution.served == solve_offline_optimum(listed).served);
        check_feasible(chained, solution);
        const OptimumSolution greedy = solve_least_loaded_greedy(chained);
        CHECK(greedy.assigned == solve_least_loaded_greedy(listed).assigned);
        check_feasible(chained, greedy);
    }
}

TEST_CASE("a chain tens of thousands of steps long is solved without running out of stack", "[optimum]") {
    // 30,000 requests, each able to use the weeks of every later one: the flow's paths run
    // along the whole chain, deeper than a recursive search could go.
    OptimumProblem problem;
    const std::size_t requests = 30'000;
    for (int mentor = 0; mentor < 100; ++mentor) problem.buckets.push_back({mentor, 0, 3});
    for (std::size_t request = 0; request < requests; ++request) {
        ChainStep step;
        if (request + 1 < requests) step.next = static_cast<long long>(request) + 1;
        problem.steps.push_back(step);
        problem.allowed.emplace_back();
        problem.entry.push_back(static_cast<long long>(request));
    }
    // Every mentor week is usable only by the last request: the rest reach it along the chain.
    for (std::size_t bucket = 0; bucket < 100; ++bucket) problem.steps.back().buckets.push_back(bucket);
    const OptimumSolution solution = solve_offline_optimum(problem);
    CHECK(solution.served == 300);
    check_feasible(problem, solution);
}

TEST_CASE("started from another matching, the optimum keeps everyone it served and serves as many", "[optimum]") {
    // Started from what the bot did, the requests served beyond it are exactly those the bot
    // lost, rather than whichever the solver happens to pick among equals.
    std::mt19937 random(36);
    auto draw = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); };
    for (int instance = 0; instance < 300; ++instance) {
        const OptimumProblem problem = random_chained_problem(random);
        // A matching that is not the best one: the greedy one, with some of its choices undone.
        std::vector<long long> start = solve_least_loaded_greedy(problem).assigned;
        for (long long& bucket : start) {
            if (draw(0, 3) == 0) bucket = -1;
        }
        INFO("instance " << instance);
        const OptimumSolution solution = solve_offline_optimum(problem, start);
        CHECK(solution.served == solve_offline_optimum(problem).served);
        for (std::size_t request = 0; request < start.size(); ++request) {
            if (start[request] >= 0) CHECK(solution.assigned[request] >= 0);
        }
        check_feasible(problem, solution);
    }
}

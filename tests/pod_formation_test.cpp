// Property tests for pod formation over many random pools: partition, sizes, balance, diversity, repeats, determinism.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <stdexcept>

#include "domain/pod_formation.h"

using namespace mentorbot;

namespace {

// A pool with a random size, skewed levels, departments of uneven sizes and a few start months.
std::vector<PodCandidate> random_pool(std::mt19937_64& random, int max_members) {
    std::uniform_int_distribution<int> count_of(0, max_members);
    int count = count_of(random);
    int department_count = std::uniform_int_distribution<int>(1, 12)(random);
    int month_count = std::uniform_int_distribution<int>(1, 8)(random);
    // Some pools are mostly junior, some mostly senior, some even.
    int skew = std::uniform_int_distribution<int>(0, 2)(random);
    std::vector<PodCandidate> pool;
    for (int i = 0; i < count; ++i) {
        PodCandidate c;
        c.member_id = "console:local:m" + std::to_string(i);
        int level = std::uniform_int_distribution<int>(1, 6)(random);
        if (skew == 1 && std::uniform_int_distribution<int>(0, 3)(random) != 0) level = std::min(level, 2);
        if (skew == 2 && std::uniform_int_distribution<int>(0, 3)(random) != 0) level = std::max(level, 5);
        c.level = level;
        // Department d is chosen with weight proportional to 1/(d+1): a few large, many small.
        double pick = std::uniform_real_distribution<double>(0, 1)(random);
        double total = 0;
        for (int d = 0; d < department_count; ++d) total += 1.0 / (d + 1);
        int department = 0;
        for (double acc = 0; department < department_count; ++department) {
            acc += 1.0 / (department + 1) / total;
            if (pick <= acc) break;
        }
        c.department = department >= department_count ? "" : "dept" + std::to_string(department);
        c.start_month = "2024-0" + std::to_string(1 + std::uniform_int_distribution<int>(0, month_count - 1)(random));
        pool.push_back(c);
    }
    return pool;
}

std::map<std::string, const PodCandidate*> by_id(const std::vector<PodCandidate>& pool) {
    std::map<std::string, const PodCandidate*> index;
    for (const PodCandidate& c : pool) index[c.member_id] = &c;
    return index;
}

int repeated_pairs(const FormationResult& result, const std::vector<std::vector<std::string>>& earlier) {
    std::set<std::pair<std::string, std::string>> met;
    for (const auto& pod : earlier)
        for (const auto& a : pod)
            for (const auto& b : pod)
                if (a < b) met.emplace(a, b);
    int count = 0;
    for (const FormedPod& pod : result.pods)
        for (const auto& a : pod.member_ids)
            for (const auto& b : pod.member_ids)
                if (a < b && met.count({a, b})) ++count;
    return count;
}

std::vector<std::vector<std::string>> as_earlier(const FormationResult& result) {
    std::vector<std::vector<std::string>> earlier;
    for (const FormedPod& pod : result.pods) earlier.push_back(pod.member_ids);
    return earlier;
}

void check_partition_and_sizes(const FormationRequest& request, const FormationResult& result) {
    if (request.pool.size() < 2) {
        REQUIRE(result.pods.empty());  // a pool of one forms nothing: a pod needs two people
        return;
    }
    std::multiset<std::string> placed;
    for (const FormedPod& pod : result.pods) placed.insert(pod.member_ids.begin(), pod.member_ids.end());
    std::multiset<std::string> pool;
    for (const PodCandidate& c : request.pool) pool.insert(c.member_id);
    REQUIRE(placed == pool);  // everyone exactly once, nobody invented

    std::size_t smallest = request.pool.size(), largest = 0;
    for (const FormedPod& pod : result.pods) {
        smallest = std::min(smallest, pod.member_ids.size());
        largest = std::max(largest, pod.member_ids.size());
        REQUIRE_FALSE(pod.member_ids.empty());
    }
    REQUIRE(largest - smallest <= 1);
    const std::size_t size = static_cast<std::size_t>(request.target_size);
    REQUIRE(smallest >= 2);  // nobody alone
    if (request.pool.size() >= size - 1) REQUIRE(smallest >= size - 1);
    if (request.pool.size() >= size) {
        REQUIRE(smallest >= size - size / 2);
    } else {
        REQUIRE(result.pods.size() == 1);
    }
    // Pods are no larger than those floors need: as many pods as the target calls for, or
    // one more pod would leave one below the floor.
    const std::size_t target_pods = std::max<std::size_t>(1, (request.pool.size() + size / 2) / size);
    const std::size_t floor = std::min(std::max<std::size_t>(2, size - 1), request.pool.size());
    REQUIRE(result.pods.size() <= target_pods);
    if (result.pods.size() < target_pods) REQUIRE(request.pool.size() / (result.pods.size() + 1) < floor);
}

// Every pod holds one of the k most senior and one of the k most junior members
// (k = number of pods), so no pod is all-junior or all-senior when the pool allows.
void check_level_balance(const FormationRequest& request, const FormationResult& result) {
    std::vector<int> levels;
    for (const PodCandidate& c : request.pool) levels.push_back(c.level);
    std::sort(levels.begin(), levels.end());
    const std::size_t k = result.pods.size();
    if (k == 0) return;
    int kth_lowest = levels[k - 1];
    int kth_highest = levels[levels.size() - k];
    int juniors_pool = 0, not_juniors_pool = 0;
    for (int level : levels) (level <= 2 ? juniors_pool : not_juniors_pool)++;
    auto index = by_id(request.pool);
    for (const FormedPod& pod : result.pods) {
        int low = 7, high = 0;
        for (const auto& id : pod.member_ids) {
            low = std::min(low, index[id]->level);
            high = std::max(high, index[id]->level);
        }
        REQUIRE(high >= kth_highest);
        REQUIRE(low <= kth_lowest);
        if (not_juniors_pool >= static_cast<int>(k)) REQUIRE(high >= 3);  // not all juniors
        int seniors_room = 0;
        for (int level : levels) seniors_room += level <= 3;
        if (seniors_room >= static_cast<int>(k)) REQUIRE(low <= 3);  // not all seniors
    }
}

// A department with c members reaches min(c, k) pods and never more than ceil(c/k)
// of them share a pod: the most different departments per pod any split can have.
void check_department_diversity(const FormationRequest& request, const FormationResult& result) {
    std::map<std::string, int> department_size;
    for (const PodCandidate& c : request.pool) ++department_size[c.department];
    const int k = static_cast<int>(result.pods.size());
    std::map<std::string, int> pods_reached;
    long long distinct_total = 0, best_possible = 0;
    for (const FormedPod& pod : result.pods) {
        for (const auto& [department, count] : pod.why.departments) {
            int size = department_size[department];
            REQUIRE(count <= (size + k - 1) / k);
            ++pods_reached[department];
        }
        distinct_total += static_cast<long long>(pod.why.departments.size());
    }
    for (const auto& [department, size] : department_size) {
        REQUIRE(pods_reached[department] == std::min(size, k));
        best_possible += std::min(size, k);
    }
    REQUIRE(distinct_total == best_possible);
}

// Each pod covers a consecutive run of start months, so months mix only where the pod sizes force it.
void check_cohorts(const FormationRequest& request, const FormationResult& result) {
    if (result.pods.empty()) return;  // a pool of one
    std::set<std::string> month_set;
    for (const PodCandidate& c : request.pool) month_set.insert(c.start_month);
    std::vector<std::string> months(month_set.begin(), month_set.end());
    auto position = [&](const std::string& m) {
        return std::lower_bound(months.begin(), months.end(), m) - months.begin();
    };
    std::size_t incidences = 0;
    std::vector<std::pair<long, long>> ranges;
    for (const FormedPod& pod : result.pods) {
        long first = position(pod.why.start_months.begin()->first);
        long last = position(pod.why.start_months.rbegin()->first);
        REQUIRE(last - first + 1 == static_cast<long>(pod.why.start_months.size()));
        incidences += pod.why.start_months.size();
        ranges.emplace_back(first, last);
    }
    if (!result.pods.empty()) REQUIRE(incidences <= result.pods.size() + months.size() - 1);
    // People of one month sit together: if a month has at least two pods' worth of
    // members, at least one pod is made of that month alone.
    std::map<std::string, std::size_t> month_size;
    for (const PodCandidate& c : request.pool) ++month_size[c.start_month];
    std::size_t largest_pod = 0;
    for (const FormedPod& pod : result.pods) largest_pod = std::max(largest_pod, pod.member_ids.size());
    for (const auto& [month, size] : month_size) {
        if (size < 2 * largest_pod) continue;
        bool pure = false;
        for (const FormedPod& pod : result.pods)
            pure = pure || (pod.why.start_months.size() == 1 && pod.why.start_months.begin()->first == month);
        REQUIRE(pure);
    }
}

// No swap between two pods of members with the same level/department/month would
// reduce the number of earlier pod-mates meeting again.
void check_no_improving_swap(const FormationRequest& request, const FormationResult& result) {
    std::set<std::pair<std::string, std::string>> met;
    for (const auto& pod : request.earlier_pods)
        for (const auto& a : pod)
            for (const auto& b : pod)
                if (a != b) met.emplace(a, b);
    auto index = by_id(request.pool);
    std::map<std::string, std::size_t> pod_of;
    for (std::size_t p = 0; p < result.pods.size(); ++p)
        for (const auto& id : result.pods[p].member_ids) pod_of[id] = p;
    auto key = [&](const std::string& id) {
        const PodCandidate* c = index[id];
        switch (request.kind) {
            case PodKind::learning: return std::to_string(c->level);
            case PodKind::circle: return c->department;
            case PodKind::cohort: return c->start_month;
        }
        return std::string();
    };
    auto mates = [&](const std::string& who, std::size_t pod, const std::string& ignored) {
        int count = 0;
        for (const auto& other : result.pods[pod].member_ids)
            if (other != ignored && other != who && met.count({who, other})) ++count;
        return count;
    };
    std::map<std::string, std::vector<std::string>> bucket;
    for (const PodCandidate& c : request.pool) bucket[key(c.member_id)].push_back(c.member_id);
    for (const auto& [k, ids] : bucket) {
        if (ids.size() > 48) continue;  // large groups are sampled, not searched exhaustively
        for (const auto& a : ids)
            for (const auto& b : ids) {
                std::size_t pa = pod_of[a], pb = pod_of[b];
                if (pa == pb) continue;
                int before = mates(a, pa, "") + mates(b, pb, "");
                int after = mates(a, pb, b) + mates(b, pa, a);
                REQUIRE(after >= before);
            }
    }
}

void check_explanations(const FormationResult& result, PodKind kind) {
    for (const FormedPod& pod : result.pods) {
        int counted = 0;
        for (const auto& [level, count] : pod.why.levels) counted += count;
        REQUIRE(counted == static_cast<int>(pod.member_ids.size()));
        std::string text = describe_pod(pod, kind);
        REQUIRE(text.find("levels ") != std::string::npos);
        REQUIRE(text.find("department") != std::string::npos);
        REQUIRE(text.find("joined ") != std::string::npos);
    }
}

bool same(const FormationResult& a, const FormationResult& b) {
    if (a.pods.size() != b.pods.size()) return false;
    for (std::size_t i = 0; i < a.pods.size(); ++i)
        if (a.pods[i].member_ids != b.pods[i].member_ids) return false;
    return true;
}

}  // namespace

TEST_CASE("every random pool is split into pods that keep what each kind promises", "[pod_formation]") {
    std::mt19937_64 random(20261126);
    for (int round = 0; round < 600; ++round) {
        FormationRequest request;
        request.kind = static_cast<PodKind>(round % 3);
        request.pool = random_pool(random, 160);
        request.target_size = std::uniform_int_distribution<int>(1, 9)(random);
        request.seed = random();
        // Half the pools carry the history of one or two earlier rounds.
        int earlier_rounds = std::uniform_int_distribution<int>(0, 2)(random);
        for (int r = 0; r < earlier_rounds; ++r) {
            FormationRequest earlier = request;
            earlier.earlier_pods.clear();
            earlier.kind = static_cast<PodKind>(std::uniform_int_distribution<int>(0, 2)(random));
            earlier.seed = random();
            auto previous = as_earlier(form_pods(earlier));
            request.earlier_pods.insert(request.earlier_pods.end(), previous.begin(), previous.end());
        }
        INFO("round " << round << " kind " << pod_kind_name(request.kind) << " pool " << request.pool.size() << " size "
                      << request.target_size);

        FormationResult result = form_pods(request);
        check_partition_and_sizes(request, result);
        switch (request.kind) {
            case PodKind::learning: check_level_balance(request, result); break;
            case PodKind::circle: check_department_diversity(request, result); break;
            case PodKind::cohort: check_cohorts(request, result); break;
        }
        REQUIRE(result.repeated_pairs_after_swaps <= result.repeated_pairs_before_swaps);
        REQUIRE(result.repeated_pairs_after_swaps == repeated_pairs(result, request.earlier_pods));
        int per_pod = 0;
        for (const FormedPod& pod : result.pods) per_pod += pod.why.repeated_pairs;
        REQUIRE(per_pod == result.repeated_pairs_after_swaps);
        check_no_improving_swap(request, result);
        check_explanations(result, request.kind);

        // Deterministic: the same input and seed give the same pods, whatever the input order.
        FormationRequest shuffled = request;
        std::shuffle(shuffled.pool.begin(), shuffled.pool.end(), random);
        REQUIRE(same(form_pods(shuffled), result));
    }
}

TEST_CASE("a second round of learning pods keeps earlier pod-mates apart", "[pod_formation]") {
    std::vector<PodCandidate> pool;
    for (int i = 0; i < 120; ++i)
        pool.push_back({"console:local:p" + std::to_string(i), 1 + i % 6, "dept" + std::to_string(i % 5), "2025-01"});
    FormationRequest first{PodKind::learning, pool, {}, 6, 1};
    FormationResult round_one = form_pods(first);
    REQUIRE(round_one.pods.size() == 20);

    FormationRequest second{PodKind::learning, pool, as_earlier(round_one), 6, 1};  // even the same seed
    FormationResult round_two = form_pods(second);
    REQUIRE(round_two.repeated_pairs_before_swaps > 0);  // the same seed would rebuild the same pods
    REQUIRE(round_two.repeated_pairs_after_swaps == 0);
    REQUIRE(repeated_pairs(round_two, second.earlier_pods) == 0);
    int swaps = 0;
    for (const FormedPod& pod : round_two.pods) swaps += pod.why.swaps;
    REQUIRE(swaps > 0);
    REQUIRE(describe_pod(round_two.pods[0], PodKind::learning).find("no one met here before") != std::string::npos);

    // A third round avoids the pairs of both earlier rounds.
    auto both = as_earlier(round_one);
    auto two = as_earlier(round_two);
    both.insert(both.end(), two.begin(), two.end());
    FormationResult round_three = form_pods({PodKind::learning, pool, both, 6, 7});
    REQUIRE(repeated_pairs(round_three, both) == 0);
}

TEST_CASE("circle pods mix departments and cohort pods keep start months together", "[pod_formation]") {
    std::vector<PodCandidate> pool;
    const char* departments[] = {"eng", "sales", "ops", "design"};
    for (int i = 0; i < 16; ++i)
        pool.push_back({"console:local:c" + std::to_string(i), 3, departments[i % 4], i < 8 ? "2025-01" : "2025-02"});

    FormationResult circles = form_pods({PodKind::circle, pool, {}, 4, 3});
    REQUIRE(circles.pods.size() == 4);
    for (const FormedPod& pod : circles.pods) {
        REQUIRE(pod.why.departments.size() == 4);
        REQUIRE(describe_pod(pod, PodKind::circle).rfind("4 departments (design, eng, ops, sales)", 0) == 0);
    }

    FormationResult cohorts = form_pods({PodKind::cohort, pool, {}, 4, 3});
    REQUIRE(cohorts.pods.size() == 4);
    for (const FormedPod& pod : cohorts.pods) {
        REQUIRE(pod.why.start_months.size() == 1);
        std::string text = describe_pod(pod, PodKind::cohort);
        REQUIRE((text.rfind("joined Jan 2025 (4) · ", 0) == 0 || text.rfind("joined Feb 2025 (4) · ", 0) == 0));
    }
}

TEST_CASE("an odd person out joins a pod instead of being dropped", "[pod_formation]") {
    std::vector<PodCandidate> pool;
    for (int i = 0; i < 13; ++i) pool.push_back({"console:local:o" + std::to_string(i), 1 + i % 6, "eng", "2025-03"});
    FormationResult result = form_pods({PodKind::learning, pool, {}, 6, 9});
    REQUIRE(result.pods.size() == 2);
    REQUIRE(result.pods[0].member_ids.size() + result.pods[1].member_ids.size() == 13);

    pool.resize(4);
    REQUIRE(form_pods({PodKind::learning, pool, {}, 6, 9}).pods.size() == 1);
    REQUIRE(form_pods({PodKind::learning, {}, {}, 6, 9}).pods.empty());
}

TEST_CASE("different seeds give different pods, the same seed the same ones", "[pod_formation]") {
    std::vector<PodCandidate> pool;
    for (int i = 0; i < 60; ++i)
        pool.push_back({"console:local:s" + std::to_string(i), 1 + i % 6, "d" + std::to_string(i % 7), "2025-01"});
    FormationResult base = form_pods({PodKind::circle, pool, {}, 5, 100});
    REQUIRE(same(base, form_pods({PodKind::circle, pool, {}, 5, 100})));
    bool any_different = false;
    for (std::uint64_t seed = 101; seed < 105; ++seed)
        any_different = any_different || !same(base, form_pods({PodKind::circle, pool, {}, 5, seed}));
    REQUIRE(any_different);
}

TEST_CASE("formation refuses impossible input", "[pod_formation]") {
    std::vector<PodCandidate> pool = {{"console:local:a", 3, "eng", "2025-01"},
                                      {"console:local:b", 4, "ops", "2025-01"}};
    REQUIRE_THROWS_AS(form_pods({PodKind::learning, pool, {}, 0, 1}), std::invalid_argument);
    pool[1].level = 9;
    REQUIRE_THROWS_AS(form_pods({PodKind::learning, pool, {}, 2, 1}), std::invalid_argument);
    pool[1] = pool[0];
    REQUIRE_THROWS_AS(form_pods({PodKind::learning, pool, {}, 2, 1}), std::invalid_argument);
    REQUIRE(parse_pod_kind("cohort") == PodKind::cohort);
    REQUIRE_THROWS_AS(parse_pod_kind("party"), std::invalid_argument);
}

// Property tests for pod sizes and cohort months: every pool of 2–600, every kind, checked against exhaustive search
// for small pools.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/pod_formation.h"

using namespace mentorbot;

namespace {

constexpr PodKind all_kinds[] = {PodKind::learning, PodKind::circle, PodKind::cohort};

// A pool of `count` with skewed levels, uneven departments and start months: a few months
// with many people, many with one or two, so months both fit in a pod and overflow one.
std::vector<PodCandidate> make_pool(std::size_t count, std::uint64_t seed) {
    std::mt19937_64 random(seed * 7919 + count);
    const int month_count = 1 + static_cast<int>(random() % std::min<std::size_t>(count, 40));
    const int department_count = 1 + static_cast<int>(random() % 8);
    std::vector<PodCandidate> pool;
    for (std::size_t i = 0; i < count; ++i) {
        PodCandidate candidate;
        candidate.member_id = "console:local:p" + std::to_string(i);
        candidate.level = 1 + static_cast<int>(random() % 6);
        // min of two draws: low months and departments are the crowded ones.
        int department = static_cast<int>(std::min(random() % department_count, random() % department_count));
        candidate.department = department == 0 ? "" : "dept" + std::to_string(department);
        int month = static_cast<int>(std::min(random() % month_count, random() % month_count));
        if (month == 0 && count % 5 == 0) {
            candidate.start_month = "";  // unknown start dates form a group of their own
        } else {
            int months_since = 2020 * 12 + month * 5;  // months five apart, across years
            int month_number = months_since % 12 + 1;
            candidate.start_month = std::to_string(months_since / 12) + (month_number < 10 ? "-0" : "-") +
                                    std::to_string(month_number);
        }
        pool.push_back(candidate);
    }
    return pool;
}

std::size_t smallest_pod(const FormationResult& result) {
    std::size_t smallest = SIZE_MAX;
    for (const FormedPod& pod : result.pods) smallest = std::min(smallest, pod.member_ids.size());
    return smallest;
}

std::size_t largest_pod(const FormationResult& result) {
    std::size_t largest = 0;
    for (const FormedPod& pod : result.pods) largest = std::max(largest, pod.member_ids.size());
    return largest;
}

void check_everyone_placed_once(const FormationRequest& request, const FormationResult& result) {
    std::vector<std::string_view> placed, pool;
    for (const FormedPod& pod : result.pods) placed.insert(placed.end(), pod.member_ids.begin(), pod.member_ids.end());
    for (const PodCandidate& candidate : request.pool) pool.push_back(candidate.member_id);
    std::sort(placed.begin(), placed.end());
    std::sort(pool.begin(), pool.end());
    REQUIRE(placed == pool);
}

void check_sizes(const FormationRequest& request, const FormationResult& result) {
    const std::size_t n = request.pool.size(), size = static_cast<std::size_t>(request.target_size);
    REQUIRE_FALSE(result.pods.empty());
    REQUIRE(smallest_pod(result) >= 2);
    if (n >= size - 1) REQUIRE(smallest_pod(result) >= size - 1);
    REQUIRE(largest_pod(result) - smallest_pod(result) <= 1);
}

// The start months of the pool in order, with how many people started in each.
std::map<std::string, std::size_t> month_sizes(const std::vector<PodCandidate>& pool) {
    std::map<std::string, std::size_t> sizes;
    for (const PodCandidate& candidate : pool) ++sizes[candidate.start_month];
    return sizes;
}

// Months whose people all fit in one pod but are spread over several.
int split_fitting_months(const std::vector<PodCandidate>& pool, const FormationResult& result) {
    const std::size_t largest = largest_pod(result);
    std::map<std::string, std::string> month_of;
    for (const PodCandidate& candidate : pool) month_of[candidate.member_id] = candidate.start_month;
    std::map<std::string, std::set<std::size_t>> pods_of_month;
    for (std::size_t pod = 0; pod < result.pods.size(); ++pod)
        for (const std::string& id : result.pods[pod].member_ids) pods_of_month[month_of[id]].insert(pod);
    int split = 0;
    for (const auto& [month, size] : month_sizes(pool))
        if (size <= largest && pods_of_month[month].size() > 1) ++split;
    return split;
}

// Pods follow one another in start-month order: the last month of a pod is at most the first of the next.
void check_month_order(const FormationResult& result) {
    for (std::size_t pod = 1; pod < result.pods.size(); ++pod)
        REQUIRE(result.pods[pod - 1].why.start_months.rbegin()->first <=
                result.pods[pod].why.start_months.begin()->first);
}

// The fewest months that fit in one pod yet must be split, over every way of cutting the
// pool in start-month order into runs of these sizes (which runs are the larger ones):
// a memoised search over (runs cut, larger runs among them).
int fewest_split_fitting_months(const std::vector<PodCandidate>& pool, std::size_t pods) {
    const std::size_t n = pool.size(), base = n / pods, larger = n % pods;
    const std::size_t largest = base + (larger > 0 ? 1 : 0);
    // For each cut position 1..n-1: does it fall inside a month that fits in one pod?
    std::vector<std::size_t> sizes_in_order;
    for (const auto& [month, size] : month_sizes(pool)) sizes_in_order.push_back(size);
    std::vector<bool> inside_fitting(n + 1, false);
    std::size_t start = 0;
    for (std::size_t size : sizes_in_order) {
        for (std::size_t at = start + 1; at < start + size; ++at) inside_fitting[at] = size <= largest;
        start += size;
    }
    std::vector<int> memo((pods + 1) * (larger + 1), -1);
    std::function<int(std::size_t, std::size_t)> best = [&](std::size_t cut, std::size_t used) -> int {
        if (cut == pods) return used == larger ? 0 : 1 << 20;
        int& known = memo[cut * (larger + 1) + used];
        if (known >= 0) return known;
        int result = 1 << 20;
        for (std::size_t extra = 0; extra <= 1; ++extra) {
            if (used + extra > larger) continue;
            std::size_t end = (cut + 1) * base + used + extra;
            int here = (cut + 1 < pods && inside_fitting[end]) ? 1 : 0;
            result = std::min(result, here + best(cut + 1, used + extra));
        }
        known = result;
        return result;
    };
    return best(0, 0);
}

// Learning pods: every pod holds one of the k most junior and one of the k most senior.
void check_levels_spread(const FormationRequest& request, const FormationResult& result) {
    std::vector<int> levels;
    std::map<std::string, int> level_of;
    for (const PodCandidate& candidate : request.pool) {
        levels.push_back(candidate.level);
        level_of[candidate.member_id] = candidate.level;
    }
    std::sort(levels.begin(), levels.end());
    const std::size_t k = result.pods.size();
    for (const FormedPod& pod : result.pods) {
        int low = 7, high = 0;
        for (const std::string& id : pod.member_ids) {
            low = std::min(low, level_of[id]);
            high = std::max(high, level_of[id]);
        }
        REQUIRE(low <= levels[k - 1]);
        REQUIRE(high >= levels[levels.size() - k]);
    }
}

// Circle pods: a department of c members reaches min(c, k) pods.
void check_departments_spread(const FormationRequest& request, const FormationResult& result) {
    std::map<std::string, std::size_t> department_size, pods_reached;
    for (const PodCandidate& candidate : request.pool) ++department_size[candidate.department];
    for (const FormedPod& pod : result.pods)
        for (const auto& [department, count] : pod.why.departments) ++pods_reached[department];
    for (const auto& [department, size] : department_size)
        REQUIRE(pods_reached[department] == std::min(size, result.pods.size()));
}

// Every way to split members 0..n-1 into groups (restricted growth strings), as group sizes per member.
void for_each_partition(std::size_t n, const std::function<void(const std::vector<std::size_t>&)>& visit) {
    std::vector<std::size_t> group(n, 0);
    std::function<void(std::size_t, std::size_t)> extend = [&](std::size_t member, std::size_t groups) {
        if (member == n) {
            visit(group);
            return;
        }
        for (std::size_t g = 0; g <= groups && g < n; ++g) {
            group[member] = g;
            extend(member + 1, std::max(groups, g + 1));
        }
    };
    extend(0, 0);
}

std::vector<std::size_t> group_sizes(const std::vector<std::size_t>& group) {
    std::vector<std::size_t> sizes;
    for (std::size_t g : group) {
        if (g >= sizes.size()) sizes.resize(g + 1, 0);
        ++sizes[g];
    }
    std::sort(sizes.begin(), sizes.end());
    return sizes;
}

}  // namespace

TEST_CASE("pods of every kind from pools of 2 to 600 keep the size rules and place everyone once", "[pod_formation]") {
    for (std::size_t n = 2; n <= 600; ++n)
        for (std::uint64_t seed = 1; seed <= 2; ++seed) {
            std::vector<PodCandidate> pool = make_pool(n, seed);
            // The first seed tries pairs, trios or sixes and one size from 1 to 12, the second that size only.
            const int varied = 1 + static_cast<int>((n * 7 + seed) % 12);
            std::vector<int> sizes = {varied};
            if (seed == 1) sizes.insert(sizes.end(), {2, 3 + static_cast<int>(n % 2) * 3});
            for (int target_size : sizes)
                for (PodKind kind : all_kinds) {
                    FormationRequest request{kind, pool, {}, target_size, seed};
                    // The second seed carries an earlier round, so the swaps that keep pod-mates
                    // apart run too; they must not change any size or month.
                    if (seed == 2) {
                        FormationRequest earlier{kind, pool, {}, target_size + 1, 99};
                        for (const FormedPod& pod : form_pods(earlier).pods)
                            request.earlier_pods.push_back(pod.member_ids);
                    }
                    INFO("pool " << n << " size " << target_size << " kind " << pod_kind_name(kind) << " seed "
                                 << seed);
                    FormationResult result = form_pods(request);
                    check_everyone_placed_once(request, result);
                    check_sizes(request, result);
                    switch (kind) {
                        case PodKind::learning: check_levels_spread(request, result); break;
                        case PodKind::circle: check_departments_spread(request, result); break;
                        case PodKind::cohort:
                            check_month_order(result);
                            REQUIRE(split_fitting_months(pool, result) ==
                                    fewest_split_fitting_months(pool, result.pods.size()));
                            break;
                    }
                }
        }
}

TEST_CASE("a pod pool of one forms no pod and an empty pool none either", "[pod_formation]") {
    std::vector<PodCandidate> one = {{"console:local:solo", 3, "eng", "2026-09"}};
    for (PodKind kind : all_kinds)
        for (int target_size : {1, 2, 6}) {
            REQUIRE(form_pods({kind, one, {}, target_size, 1}).pods.empty());
            REQUIRE(form_pods({kind, {}, {}, target_size, 1}).pods.empty());
        }
}

TEST_CASE("small pod pools get the best smallest pod an exhaustive search finds", "[pod_formation]") {
    for (std::size_t n = 2; n <= 8; ++n)
        for (int target_size = 1; target_size <= 9; ++target_size) {
            // Over every partition with sizes differing by at most one: first the smallest pod
            // as large as the floor asks (2, and target - 1), then the pod count nearest
            // n / target (a tie takes more pods), then the largest smallest pod.
            const std::size_t floor = std::max<std::size_t>(2, static_cast<std::size_t>(std::max(target_size - 1, 0)));
            std::size_t best_floor = 0, best_smallest = 0, best_count = 0;
            long long best_distance = -1;
            for_each_partition(n, [&](const std::vector<std::size_t>& group) {
                std::vector<std::size_t> sizes = group_sizes(group);
                if (sizes.back() - sizes.front() > 1) return;
                std::size_t reached = std::min(sizes.front(), floor), count = sizes.size();
                long long distance = std::llabs(static_cast<long long>(count) * target_size -
                                                static_cast<long long>(n));
                bool better = reached > best_floor ||
                              (reached == best_floor && (best_distance < 0 || distance < best_distance ||
                                                         (distance == best_distance && count > best_count)));
                if (better) {
                    best_floor = reached;
                    best_distance = distance;
                    best_count = count;
                    best_smallest = sizes.front();
                }
            });

            for (std::uint64_t seed = 1; seed <= 3; ++seed) {
                std::vector<PodCandidate> pool = make_pool(n, seed);
                for (PodKind kind : all_kinds) {
                    INFO("pool " << n << " size " << target_size << " kind " << pod_kind_name(kind) << " seed "
                                 << seed);
                    FormationResult result = form_pods({kind, pool, {}, target_size, seed});
                    REQUIRE(smallest_pod(result) == best_smallest);
                    REQUIRE(result.pods.size() == best_count);
                    if (kind != PodKind::cohort) continue;

                    // Cohorts: no split of the pool into pods of these sizes, in start-month order,
                    // keeps more of the months that fit in one pod whole.
                    std::map<std::string, int> month_index;
                    for (const auto& [month, size] : month_sizes(pool)) month_index.emplace(month, 0);
                    int next = 0;
                    for (auto& entry : month_index) entry.second = next++;
                    std::vector<int> month_of_member;
                    for (const PodCandidate& candidate : pool)
                        month_of_member.push_back(month_index[candidate.start_month]);
                    const std::vector<std::size_t> wanted_sizes = [&] {
                        std::vector<std::size_t> sizes;
                        for (const FormedPod& pod : result.pods) sizes.push_back(pod.member_ids.size());
                        std::sort(sizes.begin(), sizes.end());
                        return sizes;
                    }();
                    const std::size_t largest = wanted_sizes.back();
                    std::vector<std::size_t> month_size(static_cast<std::size_t>(next), 0);
                    for (int month : month_of_member) ++month_size[static_cast<std::size_t>(month)];
                    int fewest = 1 << 20;
                    for_each_partition(n, [&](const std::vector<std::size_t>& group) {
                        if (group_sizes(group) != wanted_sizes) return;
                        const std::size_t groups = wanted_sizes.size();
                        std::vector<int> low(groups, 1 << 20), high(groups, -1);
                        for (std::size_t member = 0; member < n; ++member) {
                            low[group[member]] = std::min(low[group[member]], month_of_member[member]);
                            high[group[member]] = std::max(high[group[member]], month_of_member[member]);
                        }
                        std::vector<std::size_t> by_month(groups);
                        for (std::size_t g = 0; g < groups; ++g) by_month[g] = g;
                        std::sort(by_month.begin(), by_month.end(), [&](std::size_t a, std::size_t b) {
                            return std::pair(low[a], high[a]) < std::pair(low[b], high[b]);
                        });
                        for (std::size_t i = 1; i < groups; ++i)
                            if (high[by_month[i - 1]] > low[by_month[i]]) return;  // not in start-month order
                        std::vector<std::set<std::size_t>> pods_of(static_cast<std::size_t>(next));
                        for (std::size_t member = 0; member < n; ++member)
                            pods_of[static_cast<std::size_t>(month_of_member[member])].insert(group[member]);
                        int split = 0;
                        for (std::size_t month = 0; month < pods_of.size(); ++month)
                            if (month_size[month] <= largest && pods_of[month].size() > 1) ++split;
                        fewest = std::min(fewest, split);
                    });
                    check_month_order(result);
                    REQUIRE(split_fitting_months(pool, result) == fewest);
                }
            }
        }
}

TEST_CASE("the pod formation report says where the odd ones out went", "[pod_formation]") {
    auto pool_of = [](std::size_t count) {
        std::vector<PodCandidate> pool;
        for (std::size_t i = 0; i < count; ++i)
            pool.push_back({"console:local:r" + std::to_string(i), 1 + static_cast<int>(i % 6), "eng", "2026-09"});
        return pool;
    };
    auto report = [&](std::size_t count, int target_size) {
        return describe_sizes(form_pods({PodKind::learning, pool_of(count), {}, target_size, 1}), target_size);
    };
    CHECK(report(5, 2) == "5 people in pods of 2: one pod became a trio so nobody is alone.");
    CHECK(report(7, 2) == "7 people in pods of 2: one pod became a trio so nobody is alone.");
    CHECK(report(9, 2) == "9 people in pods of 2: one pod became a trio so nobody is alone.");
    CHECK(report(13, 6) == "13 people in pods of 6: one pod has 7 so nobody is alone.");
    CHECK(report(9, 6) == "9 people in pods of 6: one pod has 9 so nobody is left in a pod of 3.");
    CHECK(report(11, 6) == "11 people in pods of 6: one pod has 5, as 11 people do not fill two pods of 6.");
    CHECK(report(4, 6) == "4 people in pods of 6: one pod has 4, as 4 people do not fill a pod of 6.");
    CHECK(report(12, 6).empty());  // every pod as asked: nothing to explain
    CHECK(report(8, 2).empty());
}

TEST_CASE("pod explanations name start months with head counts, never as a duration", "[pod_formation]") {
    FormedPod pod;
    pod.member_ids = {"a", "b", "c", "d", "e"};
    pod.why.levels = {{2, 5}};
    pod.why.departments = {{"eng", 5}};
    pod.why.start_months = {{"", 1}, {"2026-09", 3}, {"2026-10", 1}};
    std::string text = describe_pod(pod, PodKind::cohort);
    REQUIRE(text.rfind("joined Sep 2026 (3), Oct 2026 (1), start date unknown (1) · levels 2,2,2,2,2", 0) == 0);
    REQUIRE(text.find("month") == std::string::npos);

    pod.why.start_months = {{"", 5}};
    REQUIRE(describe_pod(pod, PodKind::cohort).rfind("start date unknown (5) · ", 0) == 0);
    pod.why.start_months = {{"2022-08", 2}, {"someday", 3}};  // what cannot be read is shown as it is
    REQUIRE(describe_pod(pod, PodKind::learning).find("joined Aug 2022 (2), someday (3)") != std::string::npos);
}

namespace {

// Working hours as a set of quarter hours of the UTC day, the way a check would read them.
bool works_at(const PodCandidate& candidate, int utc_minute) {
    if (candidate.hours_length <= 0) return true;
    return ((utc_minute - candidate.hours_utc_start) % 1440 + 1440) % 1440 < candidate.hours_length;
}

// A pool spread over zones from Los Angeles to Tokyo: mostly office days, some short or
// night shifts, some without known hours.
std::vector<PodCandidate> make_zoned_pool(std::size_t count, std::uint64_t seed) {
    std::mt19937_64 random(seed * 104729 + count);
    const int offsets[] = {-8 * 60, -5 * 60, 0, 60, 5 * 60 + 30, 9 * 60};
    const int zones = 1 + static_cast<int>(random() % std::size(offsets));
    std::vector<PodCandidate> pool = make_pool(count, seed);
    for (PodCandidate& candidate : pool) {
        const int offset = offsets[random() % static_cast<std::size_t>(zones)];
        switch (random() % 8) {
            case 0: break;  // hours unknown: any time suits
            case 1:
                candidate.hours_utc_start = ((22 * 60 - offset) % 1440 + 1440) % 1440, candidate.hours_length = 480;
                break;
            case 2:
                candidate.hours_utc_start = ((13 * 60 - offset) % 1440 + 1440) % 1440, candidate.hours_length = 240;
                break;
            default: candidate.hours_utc_start = ((9 * 60 - offset) % 1440 + 1440) % 1440, candidate.hours_length = 480;
        }
    }
    return pool;
}

// Members outside the pod's meeting time are exactly those listed, and the time is a quarter hour.
void check_meeting_times(const FormationRequest& request, const FormationResult& result) {
    std::map<std::string, const PodCandidate*> by_id;
    for (const PodCandidate& candidate : request.pool) by_id[candidate.member_id] = &candidate;
    for (const FormedPod& pod : result.pods) {
        REQUIRE(pod.meeting_utc_minute % 15 == 0);
        std::vector<std::string> outside;
        for (const std::string& id : pod.member_ids)
            if (!works_at(*by_id[id], pod.meeting_utc_minute)) outside.push_back(id);
        REQUIRE(outside == pod.outside_hours);
    }
}

}  // namespace

TEST_CASE("small pod pools meet inside every member's hours whenever an exhaustive search finds a way",
          "[pod_formation][hours]") {
    int with_a_way = 0, without = 0;
    for (std::size_t n = 2; n <= 8; ++n)
        for (int target_size : {2, 3, 4})
            for (std::uint64_t seed = 1; seed <= 40; ++seed) {
                std::vector<PodCandidate> pool = make_zoned_pool(n, seed);
                for (PodKind kind : all_kinds) {
                    FormationRequest request{kind, pool, {}, target_size, seed};
                    request.preferred_utc_minute = static_cast<int>(seed * 37 % 1440);
                    INFO("pool " << n << " size " << target_size << " kind " << pod_kind_name(kind) << " seed "
                                 << seed);
                    FormationResult result = form_pods(request);
                    check_everyone_placed_once(request, result);
                    check_sizes(request, result);
                    check_meeting_times(request, result);

                    std::vector<std::size_t> wanted_sizes;
                    for (const FormedPod& pod : result.pods) wanted_sizes.push_back(pod.member_ids.size());
                    std::sort(wanted_sizes.begin(), wanted_sizes.end());
                    bool a_way = false;
                    for_each_partition(n, [&](const std::vector<std::size_t>& group) {
                        if (a_way || group_sizes(group) != wanted_sizes) return;
                        for (std::size_t g = 0; g < wanted_sizes.size(); ++g) {
                            bool shared = false;
                            for (int minute = 0; minute < 1440 && !shared; minute += 15) {
                                shared = true;
                                for (std::size_t member = 0; member < n; ++member)
                                    if (group[member] == g && !works_at(pool[member], minute)) shared = false;
                            }
                            if (!shared) return;
                        }
                        a_way = true;
                    });
                    std::size_t outside = 0;
                    for (const FormedPod& pod : result.pods) outside += pod.outside_hours.size();
                    if (a_way) REQUIRE(outside == 0);
                    else REQUIRE(outside > 0);
                    (a_way ? with_a_way : without) += 1;
                }
            }
    // The pools exercise both: some have a way for everyone, some cannot.
    REQUIRE(with_a_way > 100);
    REQUIRE(without > 10);
}

TEST_CASE("pods of every kind from zoned pools of 2 to 600 keep the size rules and list who meets outside hours",
          "[pod_formation][hours]") {
    for (std::size_t n = 2; n <= 600; n += 7)
        for (PodKind kind : all_kinds)
            for (int target_size : {3, 6}) {
                std::vector<PodCandidate> pool = make_zoned_pool(n, 3);
                FormationRequest request{kind, pool, {}, target_size, 3};
                FormationRequest earlier{kind, pool, {}, target_size + 1, 99};
                for (const FormedPod& pod : form_pods(earlier).pods) request.earlier_pods.push_back(pod.member_ids);
                INFO("pool " << n << " size " << target_size << " kind " << pod_kind_name(kind));
                FormationResult result = form_pods(request);
                check_everyone_placed_once(request, result);
                check_sizes(request, result);
                check_meeting_times(request, result);
            }
}

TEST_CASE("a pod meets at the time asked for when it fits, else at the nearest time inside everyone's hours",
          "[pod_formation][hours]") {
    // Berlin 09-17 (08-16 UTC in winter), London 09-17, New York 09-17 (14-22 UTC): 14:00-16:00 UTC is shared.
    std::vector<PodCandidate> pool = {{"a", 2, "eng", "", 8 * 60, 480},
                                      {"b", 3, "eng", "", 9 * 60, 480},
                                      {"c", 4, "ops", "", 14 * 60, 480}};
    FormationRequest request{PodKind::learning, pool, {}, 3, 1};
    request.preferred_utc_minute = 15 * 60;
    REQUIRE(form_pods(request).pods.at(0).meeting_utc_minute == 15 * 60);
    request.preferred_utc_minute = 8 * 60;  // 08:00 New York time would be 03:00 for them
    REQUIRE(form_pods(request).pods.at(0).meeting_utc_minute == 14 * 60);
    request.preferred_utc_minute = 16 * 60;  // Berlin's day ends at 16:00 UTC
    REQUIRE(form_pods(request).pods.at(0).meeting_utc_minute == 15 * 60 + 45);
}

TEST_CASE("members of far apart zones are grouped with those whose hours they share", "[pod_formation][hours]") {
    // Three in New York (14-22 UTC), three in Tokyo (00-08 UTC), three in London (09-17 UTC).
    std::vector<PodCandidate> pool;
    const std::pair<const char*, int> zones[] = {{"ny", 14 * 60}, {"tokyo", 0}, {"london", 9 * 60}};
    for (const auto& [zone, start] : zones)
        for (int i = 0; i < 3; ++i)
            pool.push_back(
                {std::string(zone) + std::to_string(i), 1 + i * 2, "dept" + std::to_string(i), "", start, 480});
    for (PodKind kind : all_kinds) {
        FormationResult result = form_pods({kind, pool, {}, 3, 5});
        REQUIRE(result.pods.size() == 3);
        for (const FormedPod& pod : result.pods) {
            REQUIRE(pod.outside_hours.empty());
            // Tokyo shares no hour with the others: its people meet together. London and New
            // York share 14-17 UTC, so they may mix.
            const bool tokyo = pod.member_ids.front().rfind("tokyo", 0) == 0;
            for (const std::string& id : pod.member_ids) REQUIRE((id.rfind("tokyo", 0) == 0) == tokyo);
        }
    }
}

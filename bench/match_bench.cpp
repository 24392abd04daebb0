// Matching speed and memory on a generated organisation: 100,000 members, 10,000 mentors.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <date/date.h>

#include "bench/bench_support.h"
#include "domain/matching.h"

using namespace mentorbot;
using bench::peak_rss_kib;
using bench::percentile_of_sorted;
using bench::thread_cpu_micros;

namespace {

constexpr int member_count = 100'000;
constexpr int mentor_count = 10'000;
constexpr int topic_count = 500;
constexpr int measured_requests = 20'000;
constexpr int waiting_requests = 100;

// Topic popularity follows a Zipf law: a few topics (kubernetes, leadership) are asked
// for and offered far more than the long tail.
class TopicPicker {
public:
    explicit TopicPicker(int topics) {
        double total = 0;
        for (int i = 1; i <= topics; ++i) cumulative_.push_back(total += 1.0 / i);
        for (auto& value : cumulative_) value /= total;
    }
    int pick(std::mt19937_64& random) const {
        const double u = std::uniform_real_distribution<double>(0, 1)(random);
        return static_cast<int>(std::lower_bound(cumulative_.begin(), cumulative_.end(), u) - cumulative_.begin());
    }

private:
    std::vector<double> cumulative_;
};

struct Member {
    std::string id;
    int level;
    std::string department;
    WorkingSchedule schedule;
    std::vector<std::string> goals;
};

}  // namespace

int main() {
    std::mt19937_64 random(20261126);
    const TopicPicker topics(topic_count);
    auto topic_name = [](int i) { return "topic-" + std::to_string(i); };
    const char* zones[] = {"Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles",
                           "Asia/Tokyo",    "Asia/Kolkata",  "Australia/Sydney", "America/Sao_Paulo",
                           "Europe/Warsaw", "Asia/Singapore"};
    const char* departments[] = {"Platform", "Sales", "Design", "Finance", "Support", "Data", "Mobile", "People"};
    const Instant now = date::sys_days{date::year{2026} / 11 / 26} + std::chrono::hours(10);

    const auto build_start = std::chrono::steady_clock::now();
    std::vector<Member> members;
    members.reserve(member_count);
    for (int i = 0; i < member_count; ++i) {
        Member m;
        m.id = "slack:T0001:U" + std::to_string(1'000'000 + i);
        m.level = 1 + static_cast<int>(random() % 6);
        m.department = departments[random() % 8];
        m.schedule = {zones[random() % 10],
                      {(8 + static_cast<int>(random() % 3)) * 60, (16 + static_cast<int>(random() % 3)) * 60}};
        for (int g = 0; g < 3; ++g) m.goals.push_back(topic_name(topics.pick(random)));
        members.push_back(std::move(m));
    }
    MentorIndex index;
    for (int i = 0; i < mentor_count; ++i) {
        const Member& member = members[static_cast<std::size_t>(i) * (member_count / mentor_count)];
        MentorCandidate mentor;
        mentor.member_id = member.id;
        mentor.level = std::max(2, member.level);
        mentor.department = member.department;
        mentor.schedule = member.schedule;
        const int offered = 1 + static_cast<int>(random() % 4);
        for (int t = 0; t < offered; ++t) {
            auto topic = topic_name(topics.pick(random));
            if (std::find(mentor.topics.begin(), mentor.topics.end(), topic) == mentor.topics.end()) {
                mentor.topics.push_back(topic);
            }
        }
        mentor.skills = mentor.topics;
        mentor.weekly_capacity = 1 + static_cast<int>(random() % 4);
        mentor.weekly_load = static_cast<int>(random() % (mentor.weekly_capacity + 1));
        mentor.reverse_opt_in = random() % 5 == 0;
        mentor.shadow_opt_in = random() % 3 == 0;
        mentor.paused = random() % 20 == 0;
        if (random() % 2) mentor.last_matched_at = now - std::chrono::hours(random() % 2000);
        index.add(std::move(mentor));
    }
    const RequestKind kinds[] = {RequestKind::flash,  RequestKind::flash,     RequestKind::flash,
                                 RequestKind::micro,  RequestKind::near_peer, RequestKind::reverse,
                                 RequestKind::shadow, RequestKind::long_term, RequestKind::peer};
    auto make_request = [&](long long id) {
        const Member& member = members[random() % member_count];
        MatchRequest request;
        request.request_id = id;
        request.requester_id = member.id;
        request.requester_level = member.level;
        request.requester_department = member.department;
        request.requester_schedule = member.schedule;
        request.requester_goals = member.goals;
        request.kind = kinds[random() % 9];
        request.topic = member.goals[random() % member.goals.size()];
        if (request.kind == RequestKind::shadow) request.when = now + std::chrono::hours(1 + random() % 48);
        return request;
    };
    std::vector<CompetingRequest> waiting;
    for (int i = 0; i < waiting_requests; ++i) {
        const MatchRequest r = make_request(1'000'000 + i);
        waiting.push_back({r.request_id, r.requester_id, r.requester_level, r.kind, r.topic, r.when});
    }
    const double build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - build_start).count();

    std::vector<double> micros;
    std::vector<double> wall_micros;
    micros.reserve(measured_requests);
    wall_micros.reserve(measured_requests);
    long long candidates_considered = 0;
    std::size_t largest_topic = 0;
    int matched = 0;
    for (int i = 0; i < measured_requests; ++i) {
        const MatchRequest request = make_request(i + 1);
        // A requester's own history: a few past sessions and ratings on the topic.
        MatchHistory history;
        const auto& offering = index.offering(request.topic);
        for (std::size_t h = 0; h < std::min<std::size_t>(offering.size(), 20); h += 4) {
            const auto& mentor = index.mentors()[offering[h]];
            history.mentor_rating_on_topic[mentor.member_id] = {1.0 + static_cast<double>(random() % 400) / 100, 3};
            if (h % 8 == 0) history.last_met[mentor.member_id] = now - std::chrono::hours(random() % 4000);
        }
        const auto start = std::chrono::steady_clock::now();
        const double cpu_start = thread_cpu_micros();
        const MatchResult result = match_mentors(request, index, history, waiting, now);
        micros.push_back(thread_cpu_micros() - cpu_start);
        wall_micros.push_back(
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
        candidates_considered += static_cast<long long>(offering.size());
        largest_topic = std::max(largest_topic, offering.size());
        if (!result.ranked.empty()) ++matched;
    }
    std::sort(micros.begin(), micros.end());
    std::sort(wall_micros.begin(), wall_micros.end());
    auto percentile = [&](double p) { return percentile_of_sorted(micros, p); };

    std::printf("match_bench: %d members, %zu mentors, %d topics (Zipf), %d waiting requests\n", member_count,
                index.size(), topic_count, waiting_requests);
    std::printf("  built in %.2f s; %d requests matched (%d found a mentor)\n", build_seconds, measured_requests,
                matched);
    std::printf("  mentors offering the requested topic: mean %.0f, largest %zu (of %zu: the index skips the rest)\n",
                static_cast<double>(candidates_considered) / measured_requests, largest_topic, index.size());
    std::printf("  time to match one request (CPU): median %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us\n",
                percentile(0.5), percentile(0.9), percentile(0.99), micros.back());
    std::printf(
        "  same, wall clock (includes time the scheduler gave to other processes): median %.1f us, p99 %.1f us\n",
        percentile_of_sorted(wall_micros, 0.5), percentile_of_sorted(wall_micros, 0.99));
    std::printf("  peak RSS (VmHWM): %.1f MB\n", peak_rss_kib() / 1024.0);
    const bool within_target = percentile(0.99) < 1000.0 && peak_rss_kib() < 200 * 1024;
    std::printf("  target p99 < 1 ms and peak < 200 MB: %s\n", within_target ? "met" : "MISSED");
    return within_target ? 0 : 1;
}

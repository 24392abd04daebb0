// Matching speed and memory on a generated organisation: in memory, and through the app among accepts, declines and
// pauses.
//
//   match_bench                       the matcher alone (100,000 members), then /flash request
//                                     through the app at 2,000, 10,000 and 100,000 members
//   match_bench 2000,10000 [requests] only the app figures, at these sizes
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <date/date.h>
#include <spdlog/spdlog.h>

#include "bench/bench_support.h"
#include "bot/app.h"
#include "config/config.h"
#include "domain/clock.h"
#include "domain/matching.h"
#include "storage/member_store.h"
#include "storage/offer_store.h"
#include "storage/request_store.h"
#include "storage/wal_checkpointer.h"
#include "tests/support/temp_directory.h"

using namespace mentorbot;
using bench::peak_rss_kib;
using bench::percentile;
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

// The matcher alone, on an index built in memory; true when its targets are met.
bool measure_matcher_alone();

// /flash request through the app (SQLite in a temp dir, no transport) on an organisation of
// `member_count` members, a tenth of them mentors: requests with nothing between, then
// requests among accepts, declines, pauses, resumes and new offers, each command measured.
void measure_through_app(int member_count, int requests);

}  // namespace

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::err);
    std::vector<int> sizes{2'000, 10'000, 100'000};
    bool alone = true;
    if (argc > 1) {
        alone = false;
        sizes.clear();
        std::string list = argv[1];
        for (std::size_t start = 0; start < list.size();) {
            std::size_t comma = list.find(',', start);
            if (comma == std::string::npos) comma = list.size();
            sizes.push_back(std::atoi(list.substr(start, comma - start).c_str()));
            start = comma + 1;
        }
    }
    const int requests = argc > 2 ? std::atoi(argv[2]) : 200;
    const bool met = alone ? measure_matcher_alone() : true;
    for (int size : sizes) {
        if (size > 0) measure_through_app(size, requests);
    }
    return met ? 0 : 1;
}

namespace {

bool measure_matcher_alone() {
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
    return within_target;
}

CommandRequest command_from(const std::string& user, const std::string& line, long long serial) {
    CommandRequest request;
    request.caller.member = MemberId::of(Platform::slack, "T1", user);
    request.caller.display_name = user;
    request.caller.channel = MemberId::of(Platform::slack, "T1", "C1");
    request.delivery_key = "slack:envelope:bench" + std::to_string(serial);
    request.input = TextLine{line};
    return request;
}

std::string member_of(int i) { return "U" + std::to_string(1'000'000 + i); }

void seed_organisation(Database& database, int member_count, long long now, std::mt19937_64& random,
                       const TopicPicker& topics) {
    const char* zones[] = {"Europe/Berlin", "Europe/London", "America/New_York"};
    const char* departments[] = {"Platform", "Sales", "Design", "Finance", "Support", "Data", "Mobile", "People"};
    auto topic_name = [](int i) { return "topic-" + std::to_string(i); };
    database.execute("BEGIN IMMEDIATE");
    MemberStore members(database);
    OfferStore offers(database);
    for (int i = 0; i < member_count; ++i) {
        MemberProfile profile;
        profile.id = MemberId::of(Platform::slack, "T1", member_of(i)).str();
        profile.display_name = member_of(i);
        members.ensure(profile.id, profile.display_name, now);
        profile.level = 1 + static_cast<int>(random() % 6);
        profile.department = departments[random() % 8];
        profile.time_zone = zones[random() % 3];
        members.update(profile, now);
        std::vector<std::string> skills;
        for (int t = 0; t < 3; ++t) skills.push_back(topic_name(topics.pick(random)));
        std::sort(skills.begin(), skills.end());
        skills.erase(std::unique(skills.begin(), skills.end()), skills.end());
        members.replace_tags(profile.id, "skill", skills);
        if (i % 10 == 0) {
            MentorOffer offer;
            offer.member_id = profile.id;
            offer.topics = skills;
            offer.capacity = 20;  // nobody fills up: every request finds a mentor
            offers.save(offer, now);
        }
        database.release_statements();
    }
    database.execute("COMMIT");
}

// Twelve weeks of history before the measured requests: each mentor held three sessions a
// week on their topics, each rated by its mentee. A large organisation a season in has that
// many ratings, and a match weighs the ratings of every candidate on the requested topic.
int seed_rated_sessions(Database& database, int member_count, long long now, std::mt19937_64& random) {
    constexpr int weeks = 12;
    constexpr int sessions_a_week = 3;
    database.execute("BEGIN IMMEDIATE");
    auto& mentors = database.prepare(
        "SELECT t.member_id, t.tag FROM member_tags t JOIN mentor_offers o ON o.member_id = t.member_id "
        "WHERE t.kind = 'topic' ORDER BY t.member_id, t.tag");
    std::vector<std::pair<std::string, std::vector<std::string>>> offered;
    while (mentors.executeStep()) {
        const std::string member = mentors.getColumn(0).getString();
        if (offered.empty() || offered.back().first != member) offered.push_back({member, {}});
        offered.back().second.push_back(mentors.getColumn(1).getString());
    }
    mentors.reset();
    auto& session = database.prepare(
        "INSERT INTO sessions (mentor_id, mentee_id, kind, topic, minutes, status, created_at, completed_at) "
        "VALUES (?, ?, 'flash', ?, 30, 'done', ?, ?)");
    auto& rating = database.prepare(
        "INSERT INTO feedback (session_id, from_id, about_id, rating, goal, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, 'met', ?, ?)");
    int rated = 0;
    for (const auto& [mentor, topics] : offered) {
        for (int held = 0; held < weeks * sessions_a_week; ++held) {
            int mentee = static_cast<int>(random() % static_cast<unsigned>(member_count));
            if (mentee % 10 == 0) mentee = (mentee + 1) % member_count;
            const std::string mentee_id = MemberId::of(Platform::slack, "T1", member_of(mentee)).str();
            const long long at = now - 7 * 24 * 3600 * weeks + held * (7 * 24 * 3600 / sessions_a_week);
            session.bind(1, mentor);
            session.bind(2, mentee_id);
            session.bind(3, topics[random() % topics.size()]);
            session.bind(4, static_cast<int64_t>(at));
            session.bind(5, static_cast<int64_t>(at + 3600));
            session.exec();
            session.reset();
            rating.bind(1, static_cast<int64_t>(database.connection().getLastInsertRowid()));
            rating.bind(2, mentee_id);
            rating.bind(3, mentor);
            rating.bind(4, 2 + static_cast<int>(random() % 4));
            rating.bind(5, static_cast<int64_t>(at + 7200));
            rating.bind(6, static_cast<int64_t>(at + 7200));
            rating.exec();
            rating.reset();
            // In transactions of a size the bot itself writes, so the seeding's own pages do
            // not stay in memory to be counted as the bot's.
            if (++rated % 10'000 == 0) {
                database.release_statements();
                database.execute("COMMIT");
                database.execute("BEGIN IMMEDIATE");
            }
        }
    }
    database.release_statements();
    database.execute("COMMIT");
    return rated;
}

long long request_number(const std::string& reply) {
    const auto found = reply.find("Request #");
    return found == std::string::npos ? 0 : std::atoll(reply.c_str() + found + 9);
}

void measure_through_app(int member_count, int requests) {
    std::mt19937_64 random(20261204 + static_cast<unsigned>(member_count));
    const TopicPicker topics(topic_count);
    testing::TempDirectory directory;
    Config config = default_config();
    config.commands_per_minute = 1'000'000;
    // Thursday 14:00 UTC: Berlin, London and New York are all at work.
    ManualClock clock(Seconds{date::sys_days{date::year{2026} / 11 / 26}} + std::chrono::hours(14));
    const auto seed_start = std::chrono::steady_clock::now();
    int rated_sessions = 0;
    {
        // Through a connection of its own, closed before the bot opens the file, as if the
        // organisation had been imported earlier: the pages the seeding read and the memory it
        // took are not the bot's.
        Database seeding(directory.file("bench.db"));
        seed_organisation(seeding, member_count, to_unix(clock.now()), random, topics);
        rated_sessions = seed_rated_sessions(seeding, member_count, to_unix(clock.now()), random);
    }
    const double seed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - seed_start).count();
    malloc_trim(0);
    bench::reset_peak_rss();
    Database database(directory.file("bench.db"));
    // As in production (platform_runtime.cpp): checkpoints run on their own thread, and the
    // log is reused rather than cut back to nothing each time it starts over.
    WalCheckpointer checkpointer(database);
    App app(database, config, clock);
    long long serial = 0;
    auto run = [&](const std::string& user, const std::string& line, std::vector<double>* micros) {
        const double started = thread_cpu_micros();
        Reply reply = app.run(command_from(user, line, ++serial));
        if (micros) micros->push_back(thread_cpu_micros() - started);
        return reply.response.text;
    };
    auto requester = [&] {
        int i = static_cast<int>(random() % static_cast<unsigned>(member_count));
        if (i % 10 == 0) i = (i + 1) % member_count;  // mentors are every tenth member
        return member_of(i);
    };
    auto flash_request = [&] { return "/flash request topic:topic-" + std::to_string(topics.pick(random)); };
    // The first request reads the whole pool: that is start-up, not a request's cost.
    run(requester(), flash_request(), nullptr);

    std::vector<double> quiet;
    for (int i = 0; i < requests; ++i) run(requester(), flash_request(), &quiet);

    // Then the organisation lives: each request's mentor accepts (six in ten), declines (two)
    // or leaves it unanswered; every tenth step a mentor pauses and an earlier one resumes,
    // and every twentieth a member starts offering two topics.
    std::vector<double> asked;         // /flash request alone
    std::vector<double> with_answer;   // a request and the accept or decline it led to
    std::vector<double> after_accept;  // /flash request right after an accept
    std::vector<double> accepts;
    std::vector<double> declines;
    std::vector<double> pauses;
    std::vector<double> resumes;
    std::vector<double> new_offers;
    std::vector<std::string> paused;
    int offered = 0;
    bool accepted_before = false;
    auto last = [](const std::vector<double>& micros) { return micros.empty() ? 0.0 : micros.back(); };
    auto some_mentor = [&] {
        return member_of(static_cast<int>(random() % static_cast<unsigned>(member_count / 10)) * 10);
    };
    for (int i = 0; i < requests; ++i) {
        const std::string reply = run(requester(), flash_request(), &asked);
        const double request_cost = last(asked);
        if (accepted_before) after_accept.push_back(request_cost);
        accepted_before = false;
        const long long id = request_number(reply);
        const auto request = RequestStore(database).find(id);
        database.release_statements();
        double answer_cost = 0;
        if (request && request->is(RequestStatus::offered)) {
            ++offered;
            const std::string mentor(MemberId::parse(request->candidate_id)->user());
            const auto answer = random() % 10;
            if (answer < 6) {
                run(mentor, "/flash accept " + std::to_string(id), &accepts);
                answer_cost = last(accepts);
                accepted_before = true;
            } else if (answer < 8) {
                run(mentor, "/flash decline " + std::to_string(id), &declines);
                answer_cost = last(declines);
            }
        }
        with_answer.push_back(request_cost + answer_cost);
        if (i % 10 == 3) {
            paused.push_back(some_mentor());
            run(paused.back(), "/mentor pause", &pauses);
        } else if (i % 10 == 8 && paused.size() > 1) {
            run(paused.front(), "/mentor resume", &resumes);
            paused.erase(paused.begin());
        }
        if (i % 20 == 11) {
            int member = static_cast<int>(random() % static_cast<unsigned>(member_count));
            if (member % 10 == 0) member = (member + 1) % member_count;
            run(member_of(member),
                "/mentor offer topics:topic-" + std::to_string(topics.pick(random)) + ",topic-" +
                    std::to_string(topics.pick(random)) + " capacity:5",
                &new_offers);
        }
    }
    auto line = [](const char* what, const std::vector<double>& micros) {
        std::printf("  %-44s CPU median %8.1f us, p90 %8.1f us, p99 %8.1f us (%zu)\n", what, percentile(micros, 0.5),
                    percentile(micros, 0.9), percentile(micros, 0.99), micros.size());
    };
    std::printf("match_bench through the app: %d members, %d mentors, %d rated sessions before, seeded in %.1f s; "
                "%d of %d offered\n",
                member_count, (member_count + 9) / 10, rated_sessions, seed_seconds, offered, requests);
    line("/flash request, nothing between:", quiet);
    line("/flash request, among answers and pauses:", asked);
    line("  the same with the accept or decline after:", with_answer);
    line("/flash request right after an accept:", after_accept);
    line("/flash accept:", accepts);
    line("/flash decline:", declines);
    line("/mentor pause:", pauses);
    line("/mentor resume:", resumes);
    line("/mentor offer (a new mentor):", new_offers);
    std::printf("  peak RSS (VmHWM) from opening the database: %.1f MB; resident now: anonymous %.1f MB, mapped "
                "files %.1f MB (the pages of the database file read through its memory map, and the program)\n",
                peak_rss_kib() / 1024.0, bench::anonymous_rss_kib() / 1024.0, bench::file_rss_kib() / 1024.0);
    std::fflush(stdout);
}

}  // namespace

// Looking ahead with the requests of recent weeks: counted per workspace, topic, kind and level, and the words of a
// pick they decide.
#include <catch2/catch.hpp>

#include <date/date.h>

#include "domain/matching.h"
#include "domain/recent_demand.h"
#include "storage/database.h"
#include "storage/member_store.h"
#include "storage/recent_demand_cache.h"
#include "storage/request_store.h"
#include "tests/support/temp_directory.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

const Instant now = date::sys_days{date::year{2026} / 11 / 26} + 10h;  // Thursday 10:00 UTC

MentorCandidate docker_mentor(std::string id, int level) {
    MentorCandidate m;
    m.member_id = id;
    m.display_name = id;
    m.level = level;
    m.department = "Platform";
    m.schedule = {"Europe/Berlin", {9 * 60, 17 * 60}};
    m.topics = {"docker"};
    m.weekly_capacity = 2;
    return m;
}

// A peer request on docker from level 2: dana (level 3) and erin (level 1) fit it equally.
// Grace (level 2) declined it, but her sessions still serve other requests.
struct PeerRequest {
    MentorIndex index;
    MatchRequest request;
    MatchHistory history;

    PeerRequest() {
        for (auto mentor : {docker_mentor("dana", 3), docker_mentor("erin", 1), docker_mentor("grace", 2)})
            index.add(std::move(mentor));
        request.request_id = 1;
        request.requester_id = "ana";
        request.requester_level = 2;
        request.requester_department = "Platform";
        request.requester_schedule = {"Europe/Berlin", {9 * 60, 17 * 60}};
        request.kind = RequestKind::peer;
        request.topic = "docker";
        history.declined_this_request = {"grace"};
    }
};

int& count(RecentDemand& demand, const std::string& topic, RequestKind kind, int level) {
    return demand.by_topic[topic][static_cast<std::size_t>(kind)][static_cast<std::size_t>(level)];
}

}  // namespace

TEST_CASE("looking ahead: one of two mentors for frequent near-peer requests is kept free, and the why says so",
          "[matching]") {
    PeerRequest peer;
    RecentDemand demand;
    demand.weeks = 2;
    // Near-peer requests on docker from level 1 (mentors at level 2 or 3: grace and dana), 4 a week.
    count(demand, "docker", RequestKind::near_peer, 1) = 8;
    // Peer requests like this one: every candidate serves them, so they set nobody apart.
    count(demand, "docker", RequestKind::peer, 2) = 40;
    peer.history.recent_demand = &demand;
    const MatchResult result = match_mentors(peer.request, peer.index, peer.history, {}, now);
    REQUIRE(result.ranked.size() == 2);
    CHECK(result.ranked[0].mentor->member_id == "erin");
    CHECK(result.ranked[0].fit_score == result.ranked[1].fit_score);
    CHECK(result.ranked[0].kept_for_later == 0);
    CHECK(result.ranked[1].kept_for_later > 1);
    CHECK(result.detail.find("Kept dana free for the requests to come: dana is one of two mentors who can take "
                             "near-peer requests on docker from level 1, which come about 4 times a week") !=
          std::string::npos);
    CHECK(result.ranked[1].explanation.find("one of two mentors who can take near-peer requests on docker from "
                                            "level 1, which come about 4 times a week (kept for later: -") !=
          std::string::npos);
    // The two people of the request read no other names.
    CHECK(result.detail_unnamed.find("dana") == std::string::npos);
    CHECK(result.detail_unnamed.find("Kept another mentor free for the requests to come: they are one of two") !=
          std::string::npos);
}

TEST_CASE("looking ahead: with no scarce requests to come the why names only the fit", "[matching]") {
    PeerRequest peer;
    // dana lists docker as a skill too: a better fit. Near-peer requests come rarely, and the
    // two mentors for them have sessions enough.
    peer.index = MentorIndex();
    auto dana = docker_mentor("dana", 3);
    dana.skills = {"docker"};
    for (auto mentor : {dana, docker_mentor("erin", 1), docker_mentor("grace", 2)}) peer.index.add(std::move(mentor));
    RecentDemand demand;
    demand.weeks = 4;
    count(demand, "docker", RequestKind::near_peer, 1) = 1;
    peer.history.recent_demand = &demand;
    const MatchResult result = match_mentors(peer.request, peer.index, peer.history, {}, now);
    REQUIRE(result.ranked.size() == 2);
    CHECK(result.ranked[0].mentor->member_id == "dana");
    CHECK(result.detail.find("decided by topic fit") != std::string::npos);
    CHECK(result.detail.find("Kept") == std::string::npos);
    CHECK(result.detail.find("Scarcity") == std::string::npos);
    // With four near-peer requests a week, dana would be kept free despite the better fit.
    count(demand, "docker", RequestKind::near_peer, 1) = 16;
    const MatchResult busy = match_mentors(peer.request, peer.index, peer.history, {}, now);
    CHECK(busy.ranked[0].mentor->member_id == "erin");
    CHECK(busy.detail.find("Kept dana free for the requests to come: dana is one of two mentors") != std::string::npos);
    CHECK(busy.detail.find("a slightly better fit on paper") != std::string::npos);
}

TEST_CASE("recent demand counts each workspace's requests of the last four weeks by topic kind and level",
          "[matching][storage]") {
    TempDirectory directory;
    Database database(directory.file("demand.db"));
    const long long start = to_unix(now);
    MemberStore members(database);
    members.ensure("slack:T1:U1", "ana", start);
    members.ensure("slack:T2:U2", "bo", start);
    auto profile = *members.find("slack:T1:U1");
    profile.level = 1;
    members.update(profile, start);
    auto add = [&](const std::string& requester, const std::string& kind, const std::string& topic, long long at) {
        FlashRequest request;
        request.requester_id = requester;
        request.kind = kind;
        request.topic = topic;
        request.status = "queued";
        request.created_at = at;
        RequestStore(database).create(request);
    };
    const long long day = 24 * 3600;
    add("slack:T1:U1", "near-peer", "docker", start - 40 * day);  // before the window
    add("slack:T1:U1", "near-peer", "docker", start - 27 * day);
    add("slack:T1:U1", "near-peer", "docker", start - 1 * day);
    add("slack:T1:U1", "flash", "docker", start - 1 * day);
    add("slack:T2:U2", "near-peer", "docker", start - 1 * day);  // another workspace; no level: assumed 2
    auto& cache = database.attached<RecentDemandCache>();
    const RecentDemand& first = cache.of("slack:T1", now);
    REQUIRE(first.by_topic.contains("docker"));
    const auto& docker = first.by_topic.at("docker");
    CHECK(first.weeks == Approx(27.0 / 7));
    CHECK(docker[std::size_t(RequestKind::near_peer)][1] == 2);
    CHECK(docker[std::size_t(RequestKind::flash)][1] == 1);
    CHECK(cache.of("slack:T2", now).by_topic.at("docker")[std::size_t(RequestKind::near_peer)][2] == 1);
    CHECK(cache.of("slack:T3", now).by_topic.empty());
    // A new request is counted on the next look; a week later the oldest has left the window.
    add("slack:T1:U1", "near-peer", "docker", start + day);
    const RecentDemand& later = cache.of("slack:T1", now + 24h * 7);
    CHECK(later.by_topic.at("docker")[std::size_t(RequestKind::near_peer)][1] == 2);
    CHECK(later.weeks == Approx(8.0 / 7));  // since the oldest one kept
}

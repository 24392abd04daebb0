// Matching: every hard rule of every kind, every ranking factor, ties, determinism and scarcity.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "domain/matching.h"
#include "domain/position_ratings.h"
#include "tests/support/match_inputs.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> ids(const MatchResult& result) {
    std::vector<std::string> out;
    for (const auto& ranked : result.ranked) out.push_back(ranked.mentor->member_id);
    return out;
}

MentorIndex index_of(std::vector<MentorCandidate> mentors) {
    MentorIndex index;
    for (auto& m : mentors) index.add(std::move(m));
    return index;
}

MatchResult match(const MatchRequest& r, const MentorIndex& index, const MatchHistory& history = {},
                  const std::vector<CompetingRequest>& waiting = {}, std::size_t keep = 3) {
    return match_mentors(r, index, history, waiting, matching_now, keep);
}

}  // namespace

TEST_CASE("kinds have names and default lengths", "[matching]") {
    CHECK(parse_request_kind("near-peer") == RequestKind::near_peer);
    CHECK(parse_request_kind("long-term") == RequestKind::long_term);
    CHECK_FALSE(parse_request_kind("mentoring"));
    CHECK(default_minutes(RequestKind::flash) == 30);
    CHECK(default_minutes(RequestKind::micro) == 15);
}

TEST_CASE("the topic index only returns mentors offering the topic", "[matching]") {
    auto index = index_of({mentor_candidate("ben", 4, {"kubernetes", "go"}), mentor_candidate("carla", 4, {"python"})});
    CHECK(index.offering("kubernetes").size() == 1);
    CHECK(index.offering("rust").empty());
    // Re-adding a mentor replaces their topics.
    index.add(mentor_candidate("ben", 4, {"python"}));
    CHECK(index.offering("kubernetes").empty());
    CHECK(index.offering("python").size() == 2);
    CHECK(index.size() == 2);
}

TEST_CASE("hard rules common to every kind", "[matching]") {
    SECTION("the topic must be one the mentor offers") {
        auto index = index_of({mentor_candidate("ben", 4, {"python"})});
        const auto result = match(kubernetes_request(), index);
        CHECK(result.ranked.empty());
        CHECK(result.summary == "Nobody fits yet: nobody offers kubernetes yet.");
    }
    SECTION("never yourself") {
        auto index = index_of({mentor_candidate("ana", 4)});
        auto r = kubernetes_request(RequestKind::flash, 2);
        const auto result = match(r, index);
        CHECK(result.ranked.empty());
        CHECK(result.excluded.yourself == 1);
    }
    SECTION("never a paused mentor, until the pause ends") {
        auto paused_forever = mentor_candidate("ben", 4);
        paused_forever.paused = true;
        auto paused_until_yesterday = mentor_candidate("carla", 4);
        paused_until_yesterday.paused = true;
        paused_until_yesterday.paused_until = matching_now - 24h;
        auto paused_until_tomorrow = mentor_candidate("dan", 4);
        paused_until_tomorrow.paused = true;
        paused_until_tomorrow.paused_until = matching_now + 24h;
        auto index = index_of({paused_forever, paused_until_yesterday, paused_until_tomorrow});
        const auto result = match(kubernetes_request(), index);
        CHECK(ids(result) == std::vector<std::string>{"carla"});
        CHECK(result.excluded.paused == 2);
    }
    SECTION("never a full mentor") {
        auto full = mentor_candidate("ben", 4);
        full.weekly_load = 2;
        auto index = index_of({full});
        const auto result = match(kubernetes_request(), index);
        CHECK(result.ranked.empty());
        CHECK(result.summary.find("1 mentor offers kubernetes, but 1 has no capacity left this week") !=
              std::string::npos);
    }
    SECTION("never someone who declined this request") {
        auto index = index_of({mentor_candidate("ben", 4), mentor_candidate("carla", 4)});
        MatchHistory history;
        history.declined_this_request.insert("ben");
        CHECK(ids(match(kubernetes_request(), index, history)) == std::vector<std::string>{"carla"});
    }
    SECTION("never a pair that rated a session 1-2") {
        auto index = index_of({mentor_candidate("ben", 4), mentor_candidate("carla", 4)});
        MatchHistory history;
        history.rated_badly_with.insert("carla");
        const auto result = match(kubernetes_request(), index, history);
        CHECK(ids(result) == std::vector<std::string>{"ben"});
        CHECK(result.excluded.rated_badly == 1);
    }
}

TEST_CASE("level rule of each kind", "[matching]") {
    auto levels = [](RequestKind kind, int requester, std::initializer_list<int> mentor_levels) {
        std::vector<MentorCandidate> mentors;
        for (int level : mentor_levels) {
            auto m = mentor_candidate("m" + std::to_string(level), level);
            m.reverse_opt_in = true;
            m.shadow_opt_in = true;
            mentors.push_back(m);
        }
        auto index = index_of(mentors);
        auto r = kubernetes_request(kind, requester);
        r.when = matching_now + 1h;  // 11:00 Berlin on a Thursday: everyone is at work
        std::vector<int> passed;
        for (const auto& ranked : match(r, index, {}, {}, 10).ranked) passed.push_back(ranked.mentor->level);
        std::sort(passed.begin(), passed.end());
        return passed;
    };
    const auto all = {1, 2, 3, 4, 5, 6};
    CHECK(levels(RequestKind::flash, 3, all) == std::vector<int>{4, 5, 6});
    CHECK(levels(RequestKind::micro, 3, all) == std::vector<int>{4, 5, 6});
    CHECK(levels(RequestKind::long_term, 3, all) == std::vector<int>{4, 5, 6});
    CHECK(levels(RequestKind::near_peer, 3, all) == std::vector<int>{4, 5});
    CHECK(levels(RequestKind::reverse, 3, all) == std::vector<int>{1, 2});
    CHECK(levels(RequestKind::shadow, 3, all) == std::vector<int>{3, 4, 5, 6});
    CHECK(levels(RequestKind::peer, 3, all) == std::vector<int>{2, 3, 4});
    CHECK(levels(RequestKind::flash, 6, all).empty());
}

TEST_CASE("reverse mentoring needs the opt-in", "[matching]") {
    auto opted_in = mentor_candidate("ben", 1);
    opted_in.reverse_opt_in = true;
    auto index = index_of({opted_in, mentor_candidate("carla", 2)});
    const auto result = match(kubernetes_request(RequestKind::reverse, 5), index);
    CHECK(ids(result) == std::vector<std::string>{"ben"});
    CHECK(result.excluded.not_opted_in == 1);
}

TEST_CASE("shadowing needs the opt-in and the mentor at work at that moment", "[matching]") {
    auto berlin = mentor_candidate("ben", 4);
    berlin.shadow_opt_in = true;
    auto tokyo = mentor_candidate("carla", 4);
    tokyo.shadow_opt_in = true;
    tokyo.schedule.time_zone = "Asia/Tokyo";
    auto not_opted = mentor_candidate("dan", 4);
    auto index = index_of({berlin, tokyo, not_opted});
    auto r = kubernetes_request(RequestKind::shadow, 3);
    r.when = matching_now + 4h;  // 15:00 Berlin, midnight Tokyo
    auto result = match(r, index);
    CHECK(ids(result) == std::vector<std::string>{"ben"});
    CHECK(result.excluded.outside_hours == 1);
    CHECK(result.excluded.not_opted_in == 1);
    r.when = matching_now - 9h;  // 02:00 Berlin, 10:00 Tokyo
    CHECK(ids(match(r, index)) == std::vector<std::string>{"carla"});
}

TEST_CASE("ranking factors", "[matching]") {
    SECTION("topic fit: a mentor who also lists it as a skill and shares other goals") {
        // Each offers one topic besides: looking ahead weighs them the same.
        auto plain = mentor_candidate("ben", 4, {"kubernetes", "go"});
        auto skilled = mentor_candidate("carla", 4, {"kubernetes", "helm"});
        skilled.skills = {"kubernetes"};
        auto index = index_of({plain, skilled});
        auto r = kubernetes_request();
        r.requester_goals = {"kubernetes", "helm"};
        const auto result = match(r, index);
        CHECK(ids(result) == std::vector<std::string>{"carla", "ben"});
        CHECK(result.detail.find("decided by topic fit") != std::string::npos);
        CHECK(result.ranked[0].explanation.find("also a listed skill") != std::string::npos);
    }
    SECTION("level fit: the ideal gap of the kind wins") {
        auto index = index_of({mentor_candidate("ben", 6), mentor_candidate("carla", 3)});
        const auto result = match(kubernetes_request(RequestKind::flash, 2), index);
        CHECK(ids(result) == std::vector<std::string>{"carla", "ben"});
        CHECK(result.detail.find("decided by level fit") != std::string::npos);
    }
    SECTION("working-hours overlap across time zones") {
        auto tokyo = mentor_candidate("ben", 4);
        tokyo.schedule.time_zone = "Asia/Tokyo";
        auto lisbon = mentor_candidate("carla", 4);
        lisbon.schedule.time_zone = "Europe/Lisbon";
        auto index = index_of({tokyo, lisbon});
        const auto result = match(kubernetes_request(), index);
        CHECK(ids(result) == std::vector<std::string>{"carla", "ben"});
        CHECK(result.ranked[0].overlap_minutes == 7 * 60);
        CHECK(result.ranked[1].overlap_minutes == 0);
        CHECK(result.detail.find("decided by working-hours overlap") != std::string::npos);
        CHECK(result.ranked[0].explanation.find("7 h of shared working hours") != std::string::npos);
    }
    SECTION("remaining capacity: the least-loaded good mentor wins") {
        auto busy = mentor_candidate("ben", 4);
        busy.weekly_capacity = 4;
        busy.weekly_load = 3;
        auto free = mentor_candidate("carla", 4);
        free.weekly_capacity = 4;
        free.weekly_load = 1;
        auto index = index_of({busy, free});
        const auto result = match(kubernetes_request(), index);
        CHECK(ids(result) == std::vector<std::string>{"carla", "ben"});
        CHECK(result.detail.find("decided by remaining capacity") != std::string::npos);
        CHECK(result.ranked[0].explanation.find("1 of 4 sessions used this week") != std::string::npos);
    }
    SECTION("past outcomes: a mentor rated well on this topic ranks higher") {
        auto index = index_of({mentor_candidate("ben", 4), mentor_candidate("carla", 4)});
        MatchHistory history;
        history.mentor_rating_on_topic["ben"] = {2.5, 4};
        history.mentor_rating_on_topic["carla"] = {4.8, 5};
        const auto result = match(kubernetes_request(), index, history);
        CHECK(ids(result) == std::vector<std::string>{"carla", "ben"});
        CHECK(result.detail.find("decided by past ratings") != std::string::npos);
        CHECK(result.ranked[0].explanation.find("rated 4.8 on kubernetes over 5 sessions") != std::string::npos);
    }
    SECTION("a new connection across departments gets a bonus") {
        auto same = mentor_candidate("ben", 4);
        auto other = mentor_candidate("carla", 4);
        other.department = "Sales";
        auto index = index_of({same, other});
        const auto result = match(kubernetes_request(), index);
        CHECK(ids(result) == std::vector<std::string>{"carla", "ben"});
        CHECK(result.detail.find("decided by new cross-department connection") != std::string::npos);
    }
    SECTION("a pair that met in the last 90 days ranks lower; an old meeting does not count") {
        auto ben = mentor_candidate("ben", 4);
        auto carla = mentor_candidate("carla", 4);
        auto index = index_of({ben, carla});
        MatchHistory history;
        history.last_met["ben"] = matching_now - 24h * 30;
        CHECK(ids(match(kubernetes_request(), index, history)) == std::vector<std::string>{"carla", "ben"});
        history.last_met["ben"] = matching_now - 24h * 120;
        history.last_met["carla"] = matching_now - 24h * 10;
        const auto result = match(kubernetes_request(), index, history);
        CHECK(ids(result) == std::vector<std::string>{"ben", "carla"});
        CHECK(result.ranked[1].score < result.ranked[0].score);
    }
}

TEST_CASE("ties are broken by who was matched least recently, then by id", "[matching]") {
    auto ben = mentor_candidate("ben", 4);
    auto carla = mentor_candidate("carla", 4);
    auto dan = mentor_candidate("dan", 4);
    ben.last_matched_at = matching_now - 1h;
    carla.last_matched_at = matching_now - 48h;
    auto index = index_of({ben, carla, dan});
    const auto result = match(kubernetes_request(), index);
    // dan was never matched, carla two days ago, ben an hour ago.
    CHECK(ids(result) == std::vector<std::string>{"dan", "carla", "ben"});
    CHECK(result.detail.find("decided by who was matched least recently") != std::string::npos);

    auto index_by_id = index_of({mentor_candidate("dan", 4), mentor_candidate("ben", 4)});
    const auto by_id = match(kubernetes_request(), index_by_id);
    CHECK(ids(by_id) == std::vector<std::string>{"ben", "dan"});
    CHECK(by_id.detail.find("decided by id") != std::string::npos);
}

TEST_CASE("matching is deterministic whatever the order mentors were added in", "[matching]") {
    std::vector<MentorCandidate> mentors;
    const char* zones[] = {"Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/Lisbon"};
    for (int i = 0; i < 40; ++i) {
        auto m = mentor_candidate("m" + std::to_string(i), 3 + i % 4, {"kubernetes", i % 2 ? "go" : "helm"});
        m.schedule.time_zone = zones[i % 4];
        m.weekly_capacity = 1 + i % 3;
        m.weekly_load = i % 2;
        m.department = i % 3 ? "Platform" : "Sales";
        mentors.push_back(m);
    }
    auto forward = index_of(mentors);
    std::reverse(mentors.begin(), mentors.end());
    auto backward = index_of(mentors);
    const auto first = match(kubernetes_request(), forward);
    const auto second = match(kubernetes_request(), backward);
    CHECK(ids(first) == ids(second));
    CHECK(first.summary == second.summary);

    // An index kept in member-id order (as the pool read from the database is) breaks ties by
    // position; the whole ranking is the same as the one that compares ids.
    MentorIndex ordered;
    for (const auto& m : mentors) ordered.put_in_order(m);
    CHECK(ordered.in_member_order());
    CHECK_FALSE(forward.in_member_order());
    CHECK(ids(match(kubernetes_request(), ordered, {}, {}, 40)) ==
          ids(match(kubernetes_request(), forward, {}, {}, 40)));
    CHECK(match(kubernetes_request(), forward).summary == first.summary);
}

TEST_CASE("scarcity: another server's waiting requests do not keep this server's mentors", "[matching][tenancy]") {
    // As above, but bea waits on another Discord server: sam is no mentor of hers, so nothing
    // holds him back from ana, and the better fit wins.
    auto sam = mentor_candidate("discord:111:sam", 5);
    sam.weekly_capacity = 1;
    auto mia = mentor_candidate("discord:111:mia", 3);
    mia.weekly_capacity = 1;
    auto index = index_of({sam, mia});
    MatchHistory history;
    history.mentor_rating_on_topic["discord:111:sam"] = {5.0, 6};
    history.mentor_rating_on_topic["discord:111:mia"] = {3.5, 6};
    MatchRequest here = kubernetes_request(RequestKind::flash, 2);
    here.requester_id = "discord:111:ana";
    here.tenant = "discord:111";

    const std::vector<CompetingRequest> elsewhere{{2, "discord:222:bea", 4, RequestKind::flash, "kubernetes", {}}};
    const auto alone = match(here, index, history);
    const auto result = match(here, index, history, elsewhere);
    // The other server's waiting request changes nothing: the same order and scores as with none.
    REQUIRE(ids(result) == ids(alone));
    for (std::size_t i = 0; i < result.ranked.size(); ++i) {
        CHECK(result.ranked[i].score == alone.ranked[i].score);
        CHECK(result.ranked[i].competing_requests == 0);
    }
    // The same request waiting on this server does keep sam for it.
    const std::vector<CompetingRequest> same_server{{2, "discord:111:bea", 4, RequestKind::flash, "kubernetes", {}}};
    const auto kept = match(here, index, history, same_server);
    CHECK(ids(kept) == std::vector<std::string>{"discord:111:mia", "discord:111:sam"});
    CHECK(kept.ranked[1].competing_requests == 1);
    CHECK(kept.detail.find("1 waiting request can only be served by discord:111:sam") != std::string::npos);
}

TEST_CASE("scarcity: the only senior is kept for the request only they can serve", "[matching]") {
    // sam (level 5) is rated better, so greedy best fit would spend him on ana (level 2);
    // but bea (level 4) is waiting too and only sam is above her level. mia (level 3) can
    // serve ana, so both are served only if ana gets mia.
    auto sam = mentor_candidate("sam", 5);
    sam.weekly_capacity = 1;
    auto mia = mentor_candidate("mia", 3);
    mia.weekly_capacity = 1;
    auto index = index_of({sam, mia});
    MatchHistory history;
    history.mentor_rating_on_topic["sam"] = {5.0, 6};
    history.mentor_rating_on_topic["mia"] = {3.5, 6};

    // Looking ahead keeps sam even before anyone above level 3 asks: his is the only session
    // a week on kubernetes from level 5 up.
    const auto ahead = match(kubernetes_request(RequestKind::flash, 2), index, history);
    REQUIRE(ids(ahead) == std::vector<std::string>{"mia", "sam"});
    CHECK(ahead.ranked[1].fit_score > ahead.ranked[0].fit_score);
    CHECK(ahead.detail.find("Scarcity decided it: sam fits slightly better on paper (4.50 vs 4.19), but only 1 "
                            "session a week on kubernetes comes from mentors at level 5 or above, so sam's time is "
                            "kept for the requests only such mentors can serve.") != std::string::npos);

    const std::vector<CompetingRequest> waiting{{2, "bea", 4, RequestKind::flash, "kubernetes", {}}};
    const auto result = match(kubernetes_request(RequestKind::flash, 2), index, history, waiting);
    CHECK(ids(result) == std::vector<std::string>{"mia", "sam"});
    CHECK(result.ranked[1].requests_only_they_serve == 1);
    CHECK(result.detail.find("Scarcity decided it: sam fits slightly better on paper") != std::string::npos);
    CHECK(result.detail.find("1 waiting request can only be served by sam") != std::string::npos);

    // And bea then gets sam: both requests are served.
    auto after = index_of({sam, [&] {
                               auto m = mia;
                               m.weekly_load = 1;
                               return m;
                           }()});
    MatchRequest bea = kubernetes_request(RequestKind::flash, 4);
    bea.request_id = 2;
    bea.requester_id = "bea";
    CHECK(ids(match(bea, after, history)) == std::vector<std::string>{"sam"});
}

TEST_CASE("scarcity: the only reverse mentor is not spent on a flash request", "[matching]") {
    // rae (level 2) mentors react and is the only one opted in to reverse mentoring; a
    // senior's reverse request waits for her. A level-1 newcomer's flash request can be
    // served by either rae or max (level 3).
    auto rae = mentor_candidate("rae", 2, {"react"});
    rae.reverse_opt_in = true;
    rae.weekly_capacity = 1;
    rae.department = "Sales";  // a cross-department bonus makes rae the greedy choice
    auto max = mentor_candidate("max", 3, {"react"});
    max.weekly_capacity = 1;
    auto index = index_of({rae, max});
    auto newcomer = kubernetes_request(RequestKind::flash, 1);
    newcomer.topic = "react";
    REQUIRE(ids(match(newcomer, index)) == std::vector<std::string>{"rae", "max"});

    const std::vector<CompetingRequest> waiting{{7, "victor", 6, RequestKind::reverse, "react", {}}};
    const auto result = match(newcomer, index, {}, waiting);
    CHECK(ids(result) == std::vector<std::string>{"max", "rae"});
    CHECK(result.detail.find("Scarcity decided it") != std::string::npos);
}

TEST_CASE("looking ahead: a mentor who also offers a topic few others offer is kept for it", "[matching]") {
    // ben and carla fit the kubernetes request equally; ben is also the only rust mentor, so
    // carla takes it and ben's session stays free for a rust request to come.
    auto ben = mentor_candidate("ben", 4, {"kubernetes", "rust"});
    auto carla = mentor_candidate("carla", 4);
    auto index = index_of({ben, carla});
    const auto result = match(kubernetes_request(), index);
    REQUIRE(ids(result) == std::vector<std::string>{"carla", "ben"});
    CHECK(result.ranked[0].fit_score == result.ranked[1].fit_score);
    // 6 / 4 seats of kubernetes at level 4 and up for each, and 6 / 2 for ben's rust.
    CHECK(result.ranked[0].kept_for_later == Approx(1.5));
    CHECK(result.ranked[1].kept_for_later == Approx(4.5));
    CHECK(result.ranked[1].thinnest_topic == "rust");
    CHECK(result.ranked[1].thinnest_seats == 2);
    CHECK(result.detail.find("Scarcity decided it: ben fits as well on paper") != std::string::npos);
    CHECK(result.detail.find("only 2 sessions a week on rust come from mentors at level 4 or above, so ben's time "
                             "is kept for the requests only such mentors can serve.") != std::string::npos);
    CHECK(result.ranked[1].explanation.find("2 sessions a week on rust come from mentors at level 4 or above "
                                            "(kept for later: -4.50)") != std::string::npos);
    // The requester reads no scores and no other names.
    CHECK(result.detail_unnamed.find("ben") == std::string::npos);
    CHECK(result.detail_unnamed.find("another mentor fits as well on paper") != std::string::npos);
}

TEST_CASE("looking ahead: a mentor is kept for a thin topic as firmly among 5,000 mentors as among 500", "[matching]") {
    // The same organisation at two sizes: each ben also offers rust, which few offer, and fits
    // the kubernetes request better on paper (a kubernetes skill and the requester's rust goal);
    // each carla offers kubernetes only; everyone else offers go. Ten times the mentors means
    // ten times the seats on each topic for ten times the requests: each ben is as scarce, and
    // so a carla takes the request at both sizes.
    auto organisation = [](int copies) {
        MentorIndex index;
        for (int copy = 0; copy < copies; ++copy) {
            auto ben = mentor_candidate("ben" + std::to_string(copy), 4, {"kubernetes", "rust"});
            ben.skills = {"kubernetes"};
            index.add(ben);
            index.add(mentor_candidate("carla" + std::to_string(copy), 4));
            for (int other = 0; other < 498; ++other)
                index.add(mentor_candidate("go" + std::to_string(copy) + "-" + std::to_string(other), 4, {"go"}));
        }
        return index;
    };
    auto request = kubernetes_request();
    request.requester_goals = {"rust"};
    for (int copies : {1, 10}) {
        INFO(copies * 500 << " mentors");
        const auto index = organisation(copies);
        const auto result = match(request, index, {}, {}, 2 * static_cast<std::size_t>(copies));
        REQUIRE_FALSE(result.ranked.empty());
        CHECK(result.ranked[0].mentor->member_id.rfind("carla", 0) == 0);
        const auto ben = std::find_if(result.ranked.begin(), result.ranked.end(), [](const RankedMentor& ranked) {
            return ranked.mentor->member_id.rfind("ben", 0) == 0;
        });
        REQUIRE(ben != result.ranked.end());
        CHECK(ben->fit_score > result.ranked[0].fit_score);
        // 6 / 4 kubernetes seats at level 4 and up, and 6 / 2 rust seats, per 500 mentors.
        CHECK(result.ranked[0].kept_for_later == Approx(1.5));
        CHECK(ben->kept_for_later == Approx(4.5));
    }
}

TEST_CASE("looking ahead: paused mentors and another server's mentors add no supply", "[matching][tenancy]") {
    // Without the paused senior and the other server's senior, sam is the only one at level 5
    // and up here: he is kept, and mia (level 3) takes the request.
    auto sam = mentor_candidate("discord:1:sam", 5);
    auto mia = mentor_candidate("discord:1:mia", 3);
    auto away = mentor_candidate("discord:1:away", 6);
    away.paused = true;
    auto elsewhere = mentor_candidate("discord:2:other", 6);
    auto index = index_of({sam, mia, away, elsewhere});
    auto r = kubernetes_request(RequestKind::flash, 2);
    r.requester_id = "discord:1:ana";
    r.tenant = "discord:1";
    const auto result = match(r, index);
    REQUIRE(ids(result) == std::vector<std::string>{"discord:1:mia", "discord:1:sam"});
    CHECK(result.ranked[1].thinnest_seats == 2);  // sam's own two sessions a week
    // Back from the pause, the senior shares the load: sam no longer holds the only seats.
    away.paused = false;
    const auto index_back = index_of({sam, mia, away, elsewhere});
    const auto back = match(r, index_back);
    const auto& sam_back = *std::find_if(back.ranked.begin(), back.ranked.end(), [](const RankedMentor& ranked) {
        return ranked.mentor->member_id == "discord:1:sam";
    });
    CHECK(sam_back.thinnest_seats == 4);
}

TEST_CASE("scarcity stays neutral when every mentor can serve the same waiting requests", "[matching]") {
    auto ben = mentor_candidate("ben", 4);
    auto carla = mentor_candidate("carla", 4);
    carla.weekly_load = 1;  // ben is less loaded and should still win
    auto index = index_of({ben, carla});
    const std::vector<CompetingRequest> waiting{{2, "bea", 2, RequestKind::flash, "kubernetes", {}},
                                                {3, "cy", 2, RequestKind::flash, "kubernetes", {}}};
    const auto result = match(kubernetes_request(), index, {}, waiting);
    CHECK(ids(result) == std::vector<std::string>{"ben", "carla"});
    CHECK(result.detail.find("Scarcity") == std::string::npos);
    CHECK(result.ranked[0].competing_requests == 2);
}

TEST_CASE("when nobody fits, the summary says why", "[matching]") {
    auto paused = mentor_candidate("ben", 4);
    paused.paused = true;
    auto junior = mentor_candidate("carla", 1);
    auto index = index_of({paused, junior});
    const auto result = match(kubernetes_request(RequestKind::flash, 3), index);
    CHECK(result.ranked.empty());
    CHECK(result.summary ==
          "Nobody fits yet: 2 mentors offer kubernetes, but 1 is paused and 1 does not fit the level rule (a mentor "
          "above the requester's level).");
}

TEST_CASE("weighing only the top of the list gives the same first three as weighing everyone", "[matching]") {
    std::vector<MentorCandidate> mentors;
    const char* zones[] = {"Europe/Berlin", "America/New_York", "Asia/Tokyo"};
    const char* topics[] = {"kubernetes", "go", "react"};
    for (int i = 0; i < 120; ++i) {
        auto m = mentor_candidate("m" + std::to_string(i), 1 + (i * 7) % 6, {topics[i % 3], topics[(i / 3) % 3]});
        m.schedule.time_zone = zones[(i / 5) % 3];
        m.weekly_capacity = 1 + i % 3;
        m.weekly_load = (i / 7) % 2;
        m.reverse_opt_in = i % 4 == 0;
        m.shadow_opt_in = i % 3 == 0;
        m.department = i % 2 ? "Platform" : "Sales";
        mentors.push_back(m);
    }
    auto index = index_of(mentors);
    std::vector<CompetingRequest> waiting;
    const RequestKind kinds[] = {RequestKind::flash, RequestKind::reverse, RequestKind::near_peer, RequestKind::peer};
    for (int i = 0; i < 12; ++i) {
        waiting.push_back({100 + i, "w" + std::to_string(i), 1 + i % 6, kinds[i % 4], topics[i % 3], {}});
    }
    for (int level = 1; level <= 6; ++level) {
        for (RequestKind kind : kinds) {
            auto r = kubernetes_request(kind, level);
            const auto top = match(r, index, {}, waiting, 3);
            const auto all = match(r, index, {}, waiting, 0);
            REQUIRE(top.eligible == all.eligible);
            for (std::size_t i = 0; i < 3 && i < all.ranked.size(); ++i) {
                CHECK(top.ranked[i].mentor->member_id == all.ranked[i].mentor->member_id);
                CHECK(top.ranked[i].score == all.ranked[i].score);
            }
        }
    }
}

TEST_CASE("ratings kept by position are read only for the layout of the index they were built for", "[matching]") {
    auto index = index_of({mentor_candidate("ben", 4), mentor_candidate("dev", 4)});
    MatchHistory history;
    history.mentor_rating_on_topic["dev"] = {4.8, 5};
    const PositionRatings kept(index, history.mentor_rating_on_topic);
    history.shared_position_ratings = &kept;
    auto rated = [](const MatchResult& result, const std::string& id) {
        for (const auto& ranked : result.ranked)
            if (ranked.mentor->member_id == id) return ranked.explanation.find("rated 4.8") != std::string::npos;
        FAIL("not ranked: " << id);
        return false;
    };
    const auto before = match(kubernetes_request(), index, history);
    CHECK(rated(before, "dev"));
    CHECK_FALSE(rated(before, "ben"));

    // Carla joins between them: dev moves to the position the kept ratings give as hers.
    index.put_in_order(mentor_candidate("carla", 4));
    const auto after = match(kubernetes_request(), index, history);
    CHECK(rated(after, "dev"));
    CHECK_FALSE(rated(after, "carla"));
    CHECK_FALSE(rated(after, "ben"));
}

TEST_CASE("a match leaves out and rates the same mentors whether few or thousands of members are named", "[matching]") {
    auto index = index_of({mentor_candidate("ben", 4), mentor_candidate("carla", 4), mentor_candidate("dev", 4)});
    MatchHistory few;
    few.resting_after_silence = {"ben"};
    few.mentor_rating_on_topic["carla"] = {4.8, 5};
    // A large organisation: many more resting, rated and declining than the topic has mentors.
    MatchHistory many = few;
    for (int other = 0; other < 40; ++other) {
        const std::string id = "other" + std::to_string(other);
        many.resting_after_silence.insert(id);
        many.mentor_rating_on_topic[id] = {1.0, 3};
        many.declined_this_request.insert(id);
    }
    // Kept by a pass for all its matches and read in place.
    MatchHistory shared;
    shared.shared_resting = &many.resting_after_silence;
    const PositionRatings by_position(index, many.mentor_rating_on_topic);
    shared.shared_position_ratings = &by_position;
    for (const MatchHistory* history : {&few, &many, &shared}) {
        const auto result = match(kubernetes_request(), index, *history);
        CHECK(ids(result) == std::vector<std::string>{"carla", "dev"});
        CHECK(result.excluded.resting == 1);
        CHECK(result.excluded.declined == 0);
        CHECK(result.ranked[0].explanation.find("rated 4.8 on kubernetes over 5 sessions") != std::string::npos);
    }
}

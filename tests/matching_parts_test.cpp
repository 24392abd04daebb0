// The parts of matching on their own: the hard rules with their counts, the ranking, and the words.
#include <catch2/catch.hpp>

#include "domain/match_explanation.h"
#include "domain/match_ranking.h"
#include "domain/match_rules.h"
#include "tests/support/match_inputs.h"

using namespace mentorbot;
using namespace mentorbot::testing;

TEST_CASE("eligible_mentors keeps those who pass every rule and counts the others by rule", "[matching]") {
    MentorIndex index;
    index.add(mentor_candidate("ana", 5));   // the requester
    index.add(mentor_candidate("ben", 4));   // fits
    index.add(mentor_candidate("cara", 1));  // below the requester: level rule
    MentorCandidate full = mentor_candidate("dev", 4);
    full.weekly_load = 2;
    index.add(full);
    index.add(mentor_candidate("eli", 4));  // declined this request
    MatchHistory history;
    history.declined_this_request = {"eli"};
    ZoneAnswers zones(matching_now);
    Exclusions excluded;
    const auto eligible = eligible_mentors(kubernetes_request(), index, history, matching_now, zones, excluded);
    REQUIRE(eligible.size() == 1);
    CHECK(index.mentors()[eligible[0]].member_id == "ben");
    CHECK(excluded.offer_topic == 5);
    CHECK(excluded.yourself == 1);
    CHECK(excluded.level_rule == 1);
    CHECK(excluded.full == 1);
    CHECK(excluded.declined == 1);
}

TEST_CASE("check_rules gives the first rule a mentor fails", "[matching]") {
    MentorIndex index;
    MentorCandidate paused = mentor_candidate("ben", 1);
    paused.paused = true;
    const auto position = static_cast<std::uint32_t>(index.add(paused));
    ZoneAnswers zones(matching_now);
    // The rule that never changes comes before the one that may: below the requester's
    // level, being paused is not the reason.
    CHECK(check_rules(RequestKind::flash, MentorIndex::unknown, 2, std::nullopt, index, position, matching_now,
                      zones) == Verdict::level_rule);
    CHECK(check_rules(RequestKind::peer, MentorIndex::unknown, 2, std::nullopt, index, position, matching_now, zones) ==
          Verdict::paused);
    CHECK(check_rules(RequestKind::flash, position, 2, std::nullopt, index, position, matching_now, zones) ==
          Verdict::yourself);
}

TEST_CASE("rank_mentors orders by fit and keeps a scarce mentor for the request only they serve", "[matching]") {
    MentorIndex index;
    MentorCandidate ben = mentor_candidate("ben", 4);
    ben.topics = {"kubernetes", "rust"};
    index.add(ben);
    index.add(mentor_candidate("cara", 3));
    index.add(mentor_candidate("dev", 6));  // level gap 4: lower level fit
    const std::vector<std::uint32_t> everyone = {0, 1, 2};
    ZoneAnswers zones(matching_now);
    auto ranked = rank_mentors(kubernetes_request(), index, {}, {}, everyone, matching_now, zones, 3);
    REQUIRE(ranked.size() == 3);
    // ben ties with cara on fit, but looking ahead he is the only rust mentor: cara goes first.
    // dev (level 6, the lower level fit) also holds two of only four kubernetes seats from level 4 up.
    CHECK(ranked[0].mentor->member_id == "cara");
    CHECK(ranked[1].mentor->member_id == "dev");
    CHECK(ranked[2].mentor->member_id == "ben");
    CHECK(ranked[2].fit_score == ranked[0].fit_score);
    CHECK(ranked[0].score == ranked[0].fit_score - ranked[0].kept_for_later);
    CHECK(ranked[0].kept_for_later < ranked[2].kept_for_later);
    CHECK(ranked[2].thinnest_topic == "rust");

    CompetingRequest rust{2, "zoe", 2, RequestKind::flash, "rust", std::nullopt};
    ranked = rank_mentors(kubernetes_request(), index, {}, {rust}, everyone, matching_now, zones, 3);
    REQUIRE(ranked.size() == 3);
    CHECK(ranked[0].mentor->member_id == "cara");
    const auto& kept = *std::find_if(ranked.begin(), ranked.end(),
                                     [](const RankedMentor& r) { return r.mentor->member_id == "ben"; });
    CHECK(kept.requests_only_they_serve == 1);
    CHECK(kept.score < kept.fit_score);

    CHECK(rank_mentors(kubernetes_request(), index, {}, {rust}, {}, matching_now, zones, 3).empty());
}

TEST_CASE("fit_factors weigh up to the fit score", "[matching]") {
    ZoneAnswers zones(matching_now);
    MentorIndex index;
    index.add(mentor_candidate("ben", 4));
    const auto ranked = rank_mentors(kubernetes_request(), index, {}, {}, {0}, matching_now, zones, 3);
    REQUIRE(ranked.size() == 1);
    double sum = 0;
    for (const FitFactor& factor : fit_factors()) sum += factor.weight * (ranked[0].*(factor.part));
    CHECK(sum == Approx(ranked[0].fit_score));
}

TEST_CASE("the explanation names the first mentor and why, or why nobody fits", "[matching]") {
    MentorIndex index;
    index.add(mentor_candidate("ben", 4));
    index.add(mentor_candidate("cara", 6));
    ZoneAnswers zones(matching_now);
    const MatchRequest request = kubernetes_request();
    auto ranked = rank_mentors(request, index, {}, {}, {0, 1}, matching_now, zones, 3);
    explain_first_mentors(request, {}, matching_now, ranked);
    CHECK_THAT(ranked[0].explanation, Catch::StartsWith("ben: offers kubernetes"));
    CHECK_THAT(ranked[1].explanation, Catch::StartsWith("cara: offers kubernetes"));
    CHECK_THAT(why_first(ranked), Catch::StartsWith("Ahead of cara") && Catch::Contains("decided by level fit"));
    // The requester reads a sentence: no scores, nobody else named.
    CHECK(match_summary(request, ranked, {}) == plain_reason(request, ranked[0], Reader::requester));
    CHECK_THAT(why_first(ranked, false), Catch::StartsWith("Ahead of another mentor") && !Catch::Contains("cara"));

    Exclusions excluded;
    excluded.offer_topic = 2;
    excluded.paused = 2;
    CHECK(match_summary(request, {}, excluded) == "Nobody fits yet: 2 mentors offer kubernetes, but 2 are paused.");
}

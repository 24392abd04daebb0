// Ranking the mentors who pass the hard rules: weighted fit, the scarcity of mentor time, and picking the best.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "domain/match_request.h"
#include "domain/match_rules.h"
#include "domain/mentor_index.h"

namespace mentorbot {

// One ranked mentor with the parts of their score.
struct RankedMentor {
    const MentorCandidate* mentor = nullptr;
    double topic_fit = 0;           // 1 offers the topic; more for matching skills and goals
    double level_fit = 0;           // 1 at the ideal gap for the kind
    int overlap_minutes = 0;        // shared working minutes per day
    double hours_fit = 0;           // overlap as a share of a working day
    double capacity_fit = 0;        // share of weekly capacity still free
    double outcome_fit = 0;         // -1..1 from the average rating on this topic
    TopicRating rating;             // the mentor's ratings on this topic that outcome_fit weighed
    double connection_fit = 0;      // bonus for a new cross-department pair, malus for a recent one
    double fit_score = 0;           // the sum of the weighted parts above
    double demand_on_capacity = 0;  // share of remaining capacity other waiting requests need
    int competing_requests = 0;     // waiting requests with few mentors that this mentor could serve
    int requests_only_they_serve = 0;
    // Looking ahead: the part of the penalty for the requests still to come that only mentors
    // like this one (their topics, their level or above) can serve, and the thinnest such
    // supply: the topic and the sessions a week its mentors at this level or above offer.
    double kept_for_later = 0;
    std::string thinnest_topic;
    int thinnest_seats = 0;
    double score = 0;         // fit_score minus the scarcity penalties: the ranking key
    std::string explanation;  // why this mentor is where they are (the first three only)
};

// One weighted part of the fit, named for saying which one put a mentor ahead.
struct FitFactor {
    const char* name;
    double RankedMentor::*part;
    double weight;
};

// Every part of the fit with its weight; a mentor's fit_score is their weighted sum.
std::span<const FitFactor> fit_factors();

// A session with someone this recent makes a pair "recently met" rather than a new connection.
constexpr auto recent_meeting = std::chrono::hours(24 * 90);

// Ranks the eligible mentors (index positions) best first: fit, less the scarcity penalties
// for those whose time the waiting requests need and for those few others could replace for
// the requests still to come, then least recently matched, then id.
// Holds at least the best `keep` in their exact order (all of them when keep is 0).
std::vector<RankedMentor> rank_mentors(const MatchRequest& request, const MentorIndex& index,
                                       const MatchHistory& history, const std::vector<CompetingRequest>& waiting,
                                       const std::vector<std::uint32_t>& eligible, Instant now, ZoneAnswers& zones,
                                       std::size_t keep);

}  // namespace mentorbot

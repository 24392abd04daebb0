// The words of matching, read by requester and mentor alike: each candidate's reasons, who is first, who is left out.
#pragma once

#include <string>
#include <vector>

#include "domain/match_ranking.h"
#include "domain/match_request.h"
#include "domain/match_rules.h"

namespace mentorbot {

// One mentor's place in words: topic, level, shared hours, load, ratings, connection,
// competing requests and the score, e.g. "Ana: offers rust; level 4 vs requester 2 (…)".
std::string describe_candidate(const MatchRequest& request, const RankedMentor& ranked, const MatchHistory& history,
                               Instant now);

// Why the first of `ranked` (best first, at least one) is first: scarcity, the factor with
// the biggest lead, or a tie-break.
std::string why_first(const std::vector<RankedMentor>& ranked);

// Sets the explanation of the first three mentors, the most a request is ever offered to.
void explain_first_mentors(const MatchRequest& request, const MatchHistory& history, Instant now,
                           std::vector<RankedMentor>& ranked);

// For the requester: the first mentor's explanation and why they are first, or why nobody fits yet.
std::string match_summary(const MatchRequest& request, const std::vector<RankedMentor>& ranked,
                          const Exclusions& excluded);

}  // namespace mentorbot

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
// the biggest lead, or a tie-break. Without `name_others`, the other mentors are "another
// mentor": only admins read who else was considered.
std::string why_first(const std::vector<RankedMentor>& ranked, bool name_others = true);

// Who reads a plain reason: the requester ("Ben knows kubernetes, is one level ahead of
// you…") or the mentor ("You know kubernetes, are one level ahead of the requester…").
enum class Reader { requester, mentor };

// Why this mentor, in one sentence for people: the topic, the level step and the shared
// working day. No scores and no other names.
std::string plain_reason(const MatchRequest& request, const RankedMentor& ranked, Reader reader);

// Sets the explanation of the first three mentors, the most a request is ever offered to.
void explain_first_mentors(const MatchRequest& request, const MatchHistory& history, Instant now,
                           std::vector<RankedMentor>& ranked);

// For the requester: why the first mentor, in plain words, or why nobody fits yet.
std::string match_summary(const MatchRequest& request, const std::vector<RankedMentor>& ranked,
                          const Exclusions& excluded);

}  // namespace mentorbot

// Who should help with a request, and why: the mentor index, the hard rules, the ranking and its explanation composed.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "domain/match_ranking.h"
#include "domain/match_request.h"
#include "domain/match_rules.h"
#include "domain/mentor_index.h"
#include "domain/request_kind.h"

namespace mentorbot {

struct MatchResult {
    // Best first. Holds at least the best `keep` in their exact order (more when scores tie
    // or scarcity had to be weighed); mentors further down who cannot reach the top are left out.
    std::vector<RankedMentor> ranked;
    int eligible = 0;  // mentors who passed every hard rule
    Exclusions excluded;
    // For the requester, in plain words: who is first and why, or why nobody fits yet.
    std::string summary;
    // For the mentor who is first: why them, in plain words (empty when nobody fits).
    std::string for_mentor;
    // The detailed scoring: the first mentor's parts and score, and why they are ahead.
    // `detail` names the other mentors (for admins); `detail_unnamed` does not (for the
    // two people of the request).
    std::string detail;
    std::string detail_unnamed;
};

// Ranks every mentor who passes the hard rules for `request`. Deterministic: the same
// inputs give the same order and the same words.
// At most three candidates are ever offered one request, so by default only the best
// three need exact places.
MatchResult match_mentors(const MatchRequest& request, const MentorIndex& index, const MatchHistory& history,
                          const std::vector<CompetingRequest>& waiting, Instant now, std::size_t keep = 3);

}  // namespace mentorbot

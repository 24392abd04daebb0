// Matching composed: the hard rules pick who may help, the ranking orders them, the explanation puts it in words.
#include "domain/matching.h"

#include "domain/match_explanation.h"

namespace mentorbot {

MatchResult match_mentors(const MatchRequest& request, const MentorIndex& index, const MatchHistory& history,
                          const std::vector<CompetingRequest>& waiting, Instant now, std::size_t keep) {
    MatchResult result;
    ZoneAnswers zones(now);
    const std::vector<std::uint32_t> eligible = eligible_mentors(request, index, history, now, zones, result.excluded);
    if (result.excluded.offer_topic > 0) {
        result.eligible = static_cast<int>(eligible.size());
        result.ranked = rank_mentors(request, index, history, waiting, eligible, now, zones, keep);
        explain_first_mentors(request, history, now, result.ranked);
    }
    result.summary = match_summary(request, result.ranked, result.excluded);
    if (!result.ranked.empty()) {
        result.for_mentor = plain_reason(request, result.ranked.front(), Reader::mentor);
        result.detail = result.ranked.front().explanation + " " + why_first(result.ranked, true);
        result.detail_unnamed = result.ranked.front().explanation + " " + why_first(result.ranked, false);
    }
    return result;
}

}  // namespace mentorbot

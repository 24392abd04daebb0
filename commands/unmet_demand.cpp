// Unmet demand explained: the hard rule that keeps each waiting request from every mentor who offers its topic.
#include "commands/unmet_demand.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "domain/working_hours.h"
#include "model/member_id.h"

namespace mentorbot {

std::string unmet_reason(FlashFlow& flow, const FlashRequest& request) {
    const RequestMatch match = match_request(flow, request);
    // Someone fits: the request waits for their working hours, or, when they work now, for
    // the next round of offers (a retry, a new pass, or any change that re-offers waiting requests).
    if (!match.result.ranked.empty()) {
        const MentorCandidate& best = *match.result.ranked.front().mentor;
        return is_inside_working_hours(best.schedule, flow.now) ? "a mentor fits, offered in the next round"
                                                                : "held for working hours";
    }
    const Exclusions& left_out = match.result.excluded;
    const int others = left_out.offer_topic - left_out.yourself;
    if (others <= 0) return "no mentor offers it";
    if (left_out.level_rule + left_out.not_opted_in == others) return "no mentor fits the level rule";
    // Otherwise the rule that keeps out most of the mentors who fit the level rule (those who
    // do not could never take it, so they are not the reason it waits); the first of equals
    // in this order.
    const std::vector<std::pair<int, const char*>> rules = {
        {left_out.declined + left_out.no_answer, "declined or unanswered by every fitting mentor"},
        {left_out.resting, "fitting mentors left an offer unanswered today"},
        {left_out.offered_enough, "fitting mentors had enough offers today"},
        {left_out.rated_badly, "a session with the fitting mentors was rated 1-2"},
        {left_out.full, "fitting mentors full this week"},
        {left_out.paused, "fitting mentors paused"},
        {left_out.answering_offer, "fitting mentors answering other requests"},
        {left_out.outside_hours + left_out.not_at_work, "held for working hours"},
    };
    const auto most = std::max_element(rules.begin(), rules.end(),
                                       [](const auto& a, const auto& b) { return a.first < b.first; });
    return most->second;
}

void explain_unmet_demand(FlashFlow& flow, ProgramFigures& figures, long long since,
                          const std::optional<std::string>& tenant) {
    if (figures.unmet_topics.empty()) return;
    // Nothing changes while the reasons are read, so what the matcher looks up about mentors
    // (who rests, ratings by topic, this week's sessions) is looked up once for all requests.
    PassMemoScope memo(flow);
    for (const FlashRequest& request : RequestStore(flow.database).queued()) {
        if (request.created_at < since || request.requester_id.empty()) continue;
        if (tenant) {
            const auto requester = MemberId::parse(request.requester_id);
            if (!requester || requester->tenant_key() != *tenant) continue;
        }
        auto topic = std::find_if(figures.unmet_topics.begin(), figures.unmet_topics.end(),
                                  [&](const TopicDemand& demand) { return demand.topic == request.topic; });
        if (topic == figures.unmet_topics.end()) continue;
        ++topic->reasons[unmet_reason(flow, request)];
    }
}

}  // namespace mentorbot

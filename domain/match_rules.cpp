// Applies the hard rules of matching to the mentors who offer a topic, counting who is left out and why.
#include "domain/match_rules.h"

#include <algorithm>

#include "model/member_id.h"

namespace mentorbot {

std::string level_rule_text(RequestKind kind) {
    switch (kind) {
        case RequestKind::flash:
        case RequestKind::micro:
        case RequestKind::long_term: return "a mentor above the requester's level";
        case RequestKind::near_peer: return "a mentor one or two levels above the requester";
        case RequestKind::reverse: return "a mentor below the requester's level who opted in to reverse mentoring";
        case RequestKind::shadow: return "a mentor at or above the requester's level who opted in to shadowing";
        case RequestKind::peer: return "a peer within one level of the requester";
    }
    return "";
}

bool passes_level_rule(RequestKind kind, int requester_level, int mentor_level) {
    const int gap = mentor_level - requester_level;
    switch (kind) {
        case RequestKind::flash:
        case RequestKind::micro:
        case RequestKind::long_term: return gap > 0;
        case RequestKind::near_peer: return gap == 1 || gap == 2;
        case RequestKind::reverse: return gap < 0;
        case RequestKind::shadow: return gap >= 0;
        case RequestKind::peer: return gap >= -1 && gap <= 1;
    }
    return false;
}

int ZoneAnswers::offset_minutes(const std::string& zone) {
    auto found = offsets_.find(zone);
    if (found != offsets_.end()) return found->second;
    const int offset = utc_offset_minutes(zone, now_);
    offsets_.emplace(zone, offset);
    return offset;
}

bool ZoneAnswers::working_at(const MentorIndex& index, std::uint32_t position, Instant at) {
    // From the packed facts: the mentor's own entry is read only for a zone and hours not asked
    // about yet. Minutes of the day fit in 16 bits each.
    const MentorIndex::RuleFacts& facts = index.facts(position);
    const std::uint64_t zone_and_hours = (static_cast<std::uint64_t>(facts.zone) << 32) |
                                         (static_cast<std::uint64_t>(facts.hours_start & 0xFFFF) << 16) |
                                         static_cast<std::uint64_t>(facts.hours_end & 0xFFFF);
    const Asked key{zone_and_hours, static_cast<long long>(at.time_since_epoch().count())};
    auto found = inside_.find(key);
    if (found != inside_.end()) return found->second;
    const bool inside = is_inside_working_hours(index.mentors()[position].schedule, at);
    inside_.emplace(key, inside);
    return inside;
}

Verdict check_lasting_rules(RequestKind kind, std::uint32_t requester_position, int requester_level,
                            const MentorIndex& index, std::uint32_t position) {
    const MentorIndex::RuleFacts& facts = index.facts(position);
    if (position == requester_position) return Verdict::yourself;
    if (!passes_level_rule(kind, requester_level, facts.level)) return Verdict::level_rule;
    if (kind == RequestKind::reverse && !facts.reverse) return Verdict::not_opted_in;
    if (kind == RequestKind::shadow && !facts.shadow) return Verdict::not_opted_in;
    return Verdict::fits;
}

Verdict check_rules(RequestKind kind, std::uint32_t requester_position, int requester_level,
                    const std::optional<Instant>& when, const MentorIndex& index, std::uint32_t position, Instant now,
                    ZoneAnswers& zones) {
    // Who could never take this kind of request is told apart before who cannot take it now:
    // "paused" or "full" is the reason only for mentors who would fit otherwise.
    const Verdict lasting = check_lasting_rules(kind, requester_position, requester_level, index, position);
    if (lasting != Verdict::fits) return lasting;
    const MentorIndex::RuleFacts& facts = index.facts(position);
    if (now.time_since_epoch().count() < facts.paused_until) return Verdict::paused;
    if (facts.remaining <= 0) return Verdict::full;
    if (kind == RequestKind::shadow && (!when || !zones.working_at(index, position, *when))) {
        return Verdict::outside_hours;
    }
    return Verdict::fits;
}

std::vector<std::uint32_t> eligible_mentors(const MatchRequest& request, const MentorIndex& index,
                                            const MatchHistory& history, Instant now, ZoneAnswers& zones,
                                            Exclusions& excluded) {
    const std::vector<std::uint32_t>& all_offering = index.offering(request.topic);
    std::vector<std::uint32_t> only;
    if (!request.only_mentor.empty()) {
        const auto position = index.position_of(request.only_mentor);
        if (position && std::binary_search(all_offering.begin(), all_offering.end(), *position)) {
            only.push_back(*position);
        }
    }
    const std::vector<std::uint32_t>& offering = request.only_mentor.empty() ? all_offering : only;
    const std::uint32_t tenant = index.tenant_id(request.tenant);
    const auto other_tenant = [&](std::uint32_t position) {
        return !request.tenant.empty() && !index.in_tenant(position, tenant);
    };
    excluded.offer_topic = 0;
    const std::uint32_t requester_position = index.position_of(request.requester_id).value_or(MentorIndex::unknown);
    const PositionSet declined(index, history.declined_this_request, offering.size());
    const PositionSet lapsed(index, history.lapsed_this_pass, offering.size());
    const PositionSet resting(index, history.resting(), offering.size());
    const PositionSet offered_enough(index, history.offered_enough_today, offering.size());
    const PositionSet rated_badly(index, history.rated_badly_with, offering.size());
    std::vector<std::uint32_t> eligible;
    for (std::uint32_t position : offering) {
        // Another workspace's or server's mentors do not count as offering the topic at all.
        if (other_tenant(position)) continue;
        ++excluded.offer_topic;
        const Verdict verdict = check_rules(request.kind, requester_position, request.requester_level, request.when,
                                            index, position, now, zones);
        // Who could never take this kind of request is told apart first, then who said no
        // (or let an offer lapse): while an offer is still open it also counts towards the
        // mentor's load, which is not the reason.
        switch (verdict) {
            case Verdict::yourself: ++excluded.yourself; continue;
            case Verdict::level_rule: ++excluded.level_rule; continue;
            case Verdict::not_opted_in: ++excluded.not_opted_in; continue;
            default: break;
        }
        if (declined.contains(position)) {
            ++excluded.declined;
            continue;
        }
        if (lapsed.contains(position)) {
            ++excluded.no_answer;
            continue;
        }
        if (resting.contains(position)) {
            ++excluded.resting;
            continue;
        }
        if (offered_enough.contains(position)) {
            ++excluded.offered_enough;
            continue;
        }
        switch (verdict) {
            case Verdict::paused: ++excluded.paused; continue;
            case Verdict::full: ++excluded.full; continue;
            default: break;
        }
        if (rated_badly.contains(position)) {
            ++excluded.rated_badly;
            continue;
        }
        if (verdict == Verdict::outside_hours) {
            ++excluded.outside_hours;
            continue;
        }
        if (index.facts(position).pending_offers >= request.max_pending_offers) {
            ++excluded.answering_offer;
            continue;
        }
        eligible.push_back(position);
    }
    if (request.prefer_at_work) {
        std::vector<std::uint32_t> at_work;
        for (std::uint32_t position : eligible) {
            if (zones.working_at(index, position, now)) {
                at_work.push_back(position);
            }
        }
        if (!at_work.empty()) {
            excluded.not_at_work = static_cast<int>(eligible.size() - at_work.size());
            return at_work;
        }
    }
    return eligible;
}

}  // namespace mentorbot

// Ranks mentors for a request: hard rules, weighted fit, scarcity of mentor time, and the words that explain it.
#include "domain/matching.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

namespace mentorbot {
namespace {

// How much each part of the fit counts. Topic, level, shared hours and free capacity
// weigh the same; past ratings slightly less, since a few ratings say little.
constexpr double topic_weight = 1.0;
constexpr double level_weight = 1.0;
constexpr double hours_weight = 1.0;
constexpr double capacity_weight = 1.0;
constexpr double outcome_weight = 0.75;
constexpr double connection_weight = 1.0;
// Larger than any usual difference in fit: spending a mentor whom waiting requests
// cannot do without must lose to a mentor who is free, or those requests go unserved.
constexpr double scarcity_weight = 2.0;
constexpr auto recent_meeting = std::chrono::hours(24 * 90);
constexpr int full_working_day_minutes = 8 * 60;

const std::uint32_t no_position = UINT32_MAX;
const std::vector<std::uint32_t> no_mentors;

std::string format_score(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    return buffer;
}

std::string format_duration(int minutes) {
    if (minutes % 60 == 0) return std::to_string(minutes / 60) + " h";
    if (minutes < 60) return std::to_string(minutes) + " min";
    return std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
}

std::string name_of(const MentorCandidate& mentor) {
    return mentor.display_name.empty() ? mentor.member_id : mentor.display_name;
}

bool contains(const std::vector<std::string>& tags, const std::string& tag) {
    return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

// The signed level gap (mentor minus requester) each kind likes best.
struct IdealGap {
    int low;
    int high;
};

IdealGap ideal_gap(RequestKind kind) {
    switch (kind) {
        case RequestKind::flash:
        case RequestKind::micro: return {1, 2};
        case RequestKind::long_term: return {2, 3};
        case RequestKind::near_peer: return {1, 1};
        case RequestKind::reverse: return {-3, -2};
        case RequestKind::shadow: return {1, 2};
        case RequestKind::peer: return {0, 0};
    }
    return {1, 2};
}

double level_fit_for(RequestKind kind, int requester_level, int mentor_level) {
    const int gap = mentor_level - requester_level;
    const IdealGap ideal = ideal_gap(kind);
    const int distance = gap < ideal.low ? ideal.low - gap : gap > ideal.high ? gap - ideal.high : 0;
    return std::max(0.0, 1.0 - 0.25 * distance);
}

enum class Verdict { fits, yourself, paused, full, level_rule, not_opted_in, outside_hours };

// Remembers time-zone answers within one match: many mentors share a zone and hours.
class ZoneAnswers {
public:
    explicit ZoneAnswers(Instant now) : now_(now) {}

    int offset_minutes(const std::string& zone) {
        auto found = offsets_.find(zone);
        if (found != offsets_.end()) return found->second;
        const int offset = utc_offset_minutes(zone, now_);
        offsets_.emplace(zone, offset);
        return offset;
    }

    // `zone` is the mentor's zone number in the index; many mentors share zone and hours.
    bool working_at(std::uint32_t zone, const WorkingSchedule& schedule, Instant at) {
        const auto key = std::make_tuple(zone, schedule.hours.start_minute, schedule.hours.end_minute,
                                         static_cast<long long>(at.time_since_epoch().count()));
        auto found = inside_.find(key);
        if (found != inside_.end()) return found->second;
        const bool inside = is_inside_working_hours(schedule, at);
        inside_.emplace(key, inside);
        return inside;
    }

private:
    Instant now_;
    std::unordered_map<std::string, int> offsets_;
    std::map<std::tuple<std::uint32_t, int, int, long long>, bool> inside_;
};

// The hard rules that do not depend on history: applied to this request and to the
// waiting requests it competes with.
Verdict check_rules(RequestKind kind, std::uint32_t requester_position, int requester_level,
                    const std::optional<Instant>& when, const MentorIndex& index, std::uint32_t position, Instant now,
                    ZoneAnswers& zones) {
    const MentorIndex::RuleFacts& facts = index.facts(position);
    if (position == requester_position) return Verdict::yourself;
    if (now.time_since_epoch().count() < facts.paused_until) return Verdict::paused;
    if (facts.remaining <= 0) return Verdict::full;
    if (!passes_level_rule(kind, requester_level, facts.level)) return Verdict::level_rule;
    if (kind == RequestKind::reverse && !facts.reverse) return Verdict::not_opted_in;
    if (kind == RequestKind::shadow) {
        if (!facts.shadow) return Verdict::not_opted_in;
        if (!when || !zones.working_at(facts.zone, index.mentors()[position].schedule, *when)) {
            return Verdict::outside_hours;
        }
    }
    return Verdict::fits;
}

std::string plural(int count, const std::string& one, const std::string& many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

// What each factor contributed, for saying which one put the first mentor ahead.
struct Factor {
    const char* name;
    double RankedMentor::*part;
    double weight;
};

const Factor factors[] = {
    {"topic fit", &RankedMentor::topic_fit, topic_weight},
    {"level fit", &RankedMentor::level_fit, level_weight},
    {"working-hours overlap", &RankedMentor::hours_fit, hours_weight},
    {"remaining capacity (the least-loaded mentor wins)", &RankedMentor::capacity_fit, capacity_weight},
    {"past ratings on this topic", &RankedMentor::outcome_fit, outcome_weight},
    {"new cross-department connection", &RankedMentor::connection_fit, connection_weight},
};

std::string describe_candidate(const MatchRequest& request, const RankedMentor& ranked, const MatchHistory& history,
                               Instant now) {
    const MentorCandidate& mentor = *ranked.mentor;
    std::string text = name_of(mentor) + ": offers " + request.topic;
    if (contains(mentor.skills, request.topic)) text += " (also a listed skill)";
    int shared_goals = 0;
    for (const auto& goal : request.requester_goals) {
        if (goal != request.topic && contains(mentor.topics, goal)) ++shared_goals;
    }
    if (shared_goals > 0) {
        text += ", and " + plural(shared_goals, "more of the requester's goals", "more of the requester's goals") +
                " too";
    }
    // Neutral words: the requester and the mentor both read this.
    text += "; level " + std::to_string(mentor.level) + " vs requester " + std::to_string(request.requester_level) +
            " (" + level_rule_text(request.kind) + ", level fit " + format_score(ranked.level_fit) + ")";
    text += "; " + format_duration(ranked.overlap_minutes) + " of shared working hours a day (" +
            mentor.schedule.hours.to_string() + " " + mentor.schedule.time_zone + ")";
    text += "; " + std::to_string(mentor.weekly_load) + " of " + std::to_string(mentor.weekly_capacity) +
            " sessions used this week";
    if (auto rating = history.mentor_rating_on_topic.find(mentor.member_id);
        rating != history.mentor_rating_on_topic.end() && rating->second.count > 0) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.1f", rating->second.average);
        text += "; rated " + std::string(buffer) + " on " + request.topic + " over " +
                plural(rating->second.count, "session", "sessions");
    }
    if (auto met = history.last_met.find(mentor.member_id);
        met != history.last_met.end() && now - met->second < recent_meeting) {
        text += "; the two met in the last 90 days";
    } else if (ranked.connection_fit > 0) {
        text += "; a new connection across departments (" + mentor.department + ")";
    }
    if (ranked.competing_requests > 0) {
        text += "; also needed by " +
                plural(ranked.competing_requests, "other waiting request", "other waiting requests") +
                " with few mentors";
        if (ranked.requests_only_they_serve > 0) {
            text += " (" + std::to_string(ranked.requests_only_they_serve) + " of them only " + name_of(mentor) +
                    " can serve)";
        }
    }
    text += ". Score " + format_score(ranked.score) + ".";
    return text;
}

// Why the first mentor is first: scarcity, the factor with the biggest lead, or a tie-break.
std::string why_first(const std::vector<RankedMentor>& ranked) {
    const RankedMentor& first = ranked.front();
    // A mentor who fits better on paper but was held back for other requests.
    const RankedMentor* held_back = nullptr;
    for (std::size_t i = 1; i < ranked.size(); ++i) {
        if (ranked[i].fit_score > first.fit_score && (!held_back || ranked[i].fit_score > held_back->fit_score)) {
            held_back = &ranked[i];
        }
    }
    if (held_back) {
        std::string text = "Scarcity decided it: " + name_of(*held_back->mentor) + " fits slightly better on paper (" +
                           format_score(held_back->fit_score) + " vs " + format_score(first.fit_score) + "), but ";
        if (held_back->requests_only_they_serve > 0) {
            text += plural(held_back->requests_only_they_serve, "waiting request", "waiting requests") +
                    " can only be served by " + name_of(*held_back->mentor);
        } else {
            text += plural(held_back->competing_requests, "waiting request needs", "waiting requests need") + " " +
                    name_of(*held_back->mentor) + "'s remaining time";
        }
        return text + ", so that time is kept for them.";
    }
    if (ranked.size() == 1) return "Only mentor who passes every rule.";
    const RankedMentor& second = ranked[1];
    if (first.score == second.score) {
        if (first.mentor->last_matched_at != second.mentor->last_matched_at) {
            return "Tied with " + name_of(*second.mentor) + " at " + format_score(first.score) +
                   "; decided by who was matched least recently.";
        }
        return "Tied with " + name_of(*second.mentor) + " at " + format_score(first.score) + "; decided by id.";
    }
    const Factor* deciding = nullptr;
    double lead = 0;
    for (const Factor& factor : factors) {
        const double difference = factor.weight * (first.*(factor.part) - second.*(factor.part));
        if (difference > lead) {
            lead = difference;
            deciding = &factor;
        }
    }
    std::string text = "Ahead of " + name_of(*second.mentor) + " (" + format_score(first.score) + " vs " +
                       format_score(second.score) + ")";
    if (deciding) text += ", decided by " + std::string(deciding->name) + " (+" + format_score(lead) + ")";
    return text + ".";
}

}  // namespace

std::string_view request_kind_name(RequestKind kind) {
    switch (kind) {
        case RequestKind::flash: return "flash";
        case RequestKind::micro: return "micro";
        case RequestKind::near_peer: return "near-peer";
        case RequestKind::reverse: return "reverse";
        case RequestKind::shadow: return "shadow";
        case RequestKind::long_term: return "long-term";
        case RequestKind::peer: return "peer";
    }
    return "flash";
}

std::optional<RequestKind> parse_request_kind(std::string_view name) {
    for (RequestKind kind : {RequestKind::flash, RequestKind::micro, RequestKind::near_peer, RequestKind::reverse,
                             RequestKind::shadow, RequestKind::long_term, RequestKind::peer}) {
        if (request_kind_name(kind) == name) return kind;
    }
    return std::nullopt;
}

int default_minutes(RequestKind kind) {
    switch (kind) {
        case RequestKind::micro: return 15;
        case RequestKind::long_term: return 60;
        default: return 30;
    }
}

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

std::uint32_t MentorIndex::intern_topic(const std::string& topic) {
    auto [found, inserted] = topic_ids_.emplace(topic, static_cast<std::uint32_t>(by_topic_.size()));
    if (inserted) by_topic_.emplace_back();
    return found->second;
}

MentorIndex::Compiled MentorIndex::compile(const MentorCandidate& mentor) {
    Compiled compiled;
    for (const auto& topic : mentor.topics) {
        const std::uint32_t id = intern_topic(topic);
        if (std::find(compiled.topics.begin(), compiled.topics.end(), id) == compiled.topics.end()) {
            compiled.topics.push_back(id);
        }
    }
    for (const auto& skill : mentor.skills) compiled.skills.push_back(intern_topic(skill));
    auto [zone, inserted] = zone_ids_.emplace(mentor.schedule.time_zone, static_cast<std::uint32_t>(zones_.size()));
    if (inserted) zones_.push_back(mentor.schedule.time_zone);
    compiled.zone = zone->second;
    compiled.department =
        department_ids_.emplace(mentor.department, static_cast<std::uint32_t>(department_ids_.size())).first->second;
    return compiled;
}

MentorIndex::RuleFacts MentorIndex::facts_of(const MentorCandidate& mentor, std::uint32_t zone) {
    RuleFacts facts;
    if (mentor.paused) {
        facts.paused_until = mentor.paused_until ? mentor.paused_until->time_since_epoch().count() : INT64_MAX;
    }
    facts.remaining = std::clamp(mentor.remaining_capacity(), -1000, 1000);
    facts.zone = zone;
    facts.level = static_cast<std::int8_t>(std::clamp(mentor.level, -100, 100));
    facts.reverse = mentor.reverse_opt_in;
    facts.shadow = mentor.shadow_opt_in;
    return facts;
}

std::size_t MentorIndex::add(MentorCandidate mentor) {
    std::uint32_t position;
    if (auto existing = by_member_.find(mentor.member_id); existing != by_member_.end()) {
        position = existing->second;
        for (std::uint32_t topic : compiled_[position].topics) {
            auto& list = by_topic_[topic];
            list.erase(std::remove(list.begin(), list.end(), position), list.end());
        }
        compiled_[position] = compile(mentor);
        facts_[position] = facts_of(mentor, compiled_[position].zone);
        mentors_[position] = std::move(mentor);
    } else {
        position = static_cast<std::uint32_t>(mentors_.size());
        by_member_.emplace(mentor.member_id, position);
        compiled_.push_back(compile(mentor));
        facts_.push_back(facts_of(mentor, compiled_.back().zone));
        mentors_.push_back(std::move(mentor));
    }
    for (std::uint32_t topic : compiled_[position].topics) by_topic_[topic].push_back(position);
    return position;
}

void MentorIndex::set_weekly_load(std::uint32_t position, int weekly_load) {
    MentorCandidate& mentor = mentors_[position];
    mentor.weekly_load = weekly_load;
    facts_[position] = facts_of(mentor, compiled_[position].zone);
}

std::uint32_t MentorIndex::topic_id(const std::string& topic) const {
    auto found = topic_ids_.find(topic);
    return found == topic_ids_.end() ? unknown : found->second;
}

const std::vector<std::uint32_t>& MentorIndex::offering(const std::string& topic) const {
    const std::uint32_t id = topic_id(topic);
    return id == unknown ? no_mentors : by_topic_[id];
}

std::uint32_t MentorIndex::department_id(const std::string& department) const {
    auto found = department_ids_.find(department);
    return found == department_ids_.end() ? unknown : found->second;
}

std::optional<std::uint32_t> MentorIndex::position_of(const std::string& member_id) const {
    auto found = by_member_.find(member_id);
    if (found == by_member_.end()) return std::nullopt;
    return found->second;
}

const MentorCandidate* MentorIndex::find(const std::string& member_id) const {
    auto position = position_of(member_id);
    return position ? &mentors_[*position] : nullptr;
}

std::string Exclusions::describe(const MatchRequest& request) const {
    if (offer_topic == 0) return "nobody offers " + request.topic + " yet";
    std::vector<std::string> reasons;
    auto add = [&](int count, const std::string& one, const std::string& many) {
        if (count > 0) reasons.push_back(std::to_string(count) + " " + (count == 1 ? one : many));
    };
    add(yourself, "is you", "are you");
    add(paused, "is paused", "are paused");
    add(full, "has no capacity left this week", "have no capacity left this week");
    add(declined, "declined this request", "declined this request");
    add(rated_badly, "had a session with you rated 1-2", "had sessions with you rated 1-2");
    add(level_rule, "does not fit the level rule (" + level_rule_text(request.kind) + ")",
        "do not fit the level rule (" + level_rule_text(request.kind) + ")");
    add(not_opted_in, "has not opted in to this kind", "have not opted in to this kind");
    add(outside_hours, "is outside working hours at that moment", "are outside working hours at that moment");
    std::string text = plural(offer_topic, "mentor offers ", "mentors offer ") + request.topic + ", but ";
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        if (i > 0) text += i + 1 == reasons.size() ? " and " : ", ";
        text += reasons[i];
    }
    return text;
}

namespace {

// History keyed by mentor position instead of member id: looked up once per match.
class PositionSet {
public:
    template <typename Keys>
    PositionSet(const MentorIndex& index, const Keys& member_ids) {
        for (const auto& entry : member_ids) {
            if (auto position = index.position_of(key_of(entry))) positions_.push_back(*position);
        }
        std::sort(positions_.begin(), positions_.end());
    }
    bool contains(std::uint32_t position) const {
        return std::binary_search(positions_.begin(), positions_.end(), position);
    }

private:
    static const std::string& key_of(const std::string& key) { return key; }
    template <typename Pair>
    static const std::string& key_of(const Pair& pair) {
        return pair.first;
    }
    std::vector<std::uint32_t> positions_;
};

bool has(const std::vector<std::uint32_t>& ids, std::uint32_t id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Ranking order: score, then least recently matched (never counts as longest ago), then id.
bool ranks_before(double a_score, const MentorCandidate& a, double b_score, const MentorCandidate& b) {
    if (a_score != b_score) return a_score > b_score;
    const auto& a_last = a.last_matched_at;
    const auto& b_last = b.last_matched_at;
    if (a_last != b_last) {
        if (!a_last) return true;
        if (!b_last) return false;
        return *a_last < *b_last;
    }
    return a.member_id < b.member_id;
}

}  // namespace

MatchResult match_mentors(const MatchRequest& request, const MentorIndex& index, const MatchHistory& history,
                          const std::vector<CompetingRequest>& waiting, Instant now, std::size_t keep) {
    MatchResult result;
    ZoneAnswers zones(now);
    const auto& offering = index.offering(request.topic);
    result.excluded.offer_topic = static_cast<int>(offering.size());
    if (offering.empty()) {
        result.summary = "Nobody fits yet: " + result.excluded.describe(request) + ".";
        return result;
    }
    const std::uint32_t topic = index.topic_id(request.topic);
    std::vector<std::uint32_t> goals;
    for (const auto& goal : request.requester_goals) {
        const std::uint32_t id = index.topic_id(goal);
        if (id != MentorIndex::unknown && id != topic && !has(goals, id)) goals.push_back(id);
    }
    auto position_or_none = [&](const std::string& member_id) {
        return index.position_of(member_id).value_or(MentorIndex::unknown);
    };
    const std::uint32_t requester_position = position_or_none(request.requester_id);
    const std::uint32_t requester_department = request.requester_department.empty()
                                                   ? MentorIndex::unknown
                                                   : index.department_id(request.requester_department);
    const PositionSet declined(index, history.declined_this_request);
    const PositionSet rated_badly(index, history.rated_badly_with);
    const PositionSet rated(index, history.mentor_rating_on_topic);
    const PositionSet met(index, history.last_met);
    const int requester_offset = zones.offset_minutes(request.requester_schedule.time_zone);
    const int requester_day = std::min(full_working_day_minutes, request.requester_schedule.hours.length_minutes());
    std::vector<int> zone_offsets(index.zone_count(), INT32_MIN);

    std::vector<RankedMentor> eligible;
    for (std::uint32_t position : offering) {
        const MentorCandidate& mentor = index.mentors()[position];
        const Verdict verdict = check_rules(request.kind, requester_position, request.requester_level, request.when,
                                            index, position, now, zones);
        // A mentor who said no (or let the offer expire) is told apart first: while the
        // offer is still open it also counts towards their load, which is not the reason.
        if (verdict != Verdict::yourself && declined.contains(position)) {
            ++result.excluded.declined;
            continue;
        }
        switch (verdict) {
            case Verdict::yourself: ++result.excluded.yourself; continue;
            case Verdict::paused: ++result.excluded.paused; continue;
            case Verdict::full: ++result.excluded.full; continue;
            default: break;
        }
        if (rated_badly.contains(position)) {
            ++result.excluded.rated_badly;
            continue;
        }
        if (verdict == Verdict::level_rule) {
            ++result.excluded.level_rule;
            continue;
        }
        if (verdict == Verdict::not_opted_in) {
            ++result.excluded.not_opted_in;
            continue;
        }
        if (verdict == Verdict::outside_hours) {
            ++result.excluded.outside_hours;
            continue;
        }

        const MentorIndex::Compiled& compiled = index.compiled(position);
        RankedMentor ranked;
        ranked.mentor = &mentor;
        ranked.topic_fit = 1.0;
        if (has(compiled.skills, topic)) ranked.topic_fit += 0.25;
        int shared_goals = 0;
        for (std::uint32_t goal : goals) shared_goals += has(compiled.topics, goal) ? 1 : 0;
        ranked.topic_fit += 0.25 * std::min(shared_goals, 2);
        ranked.level_fit = level_fit_for(request.kind, request.requester_level, mentor.level);
        int& mentor_offset = zone_offsets[compiled.zone];
        if (mentor_offset == INT32_MIN) mentor_offset = zones.offset_minutes(index.zone_name(compiled.zone));
        ranked.overlap_minutes = daily_overlap_minutes(request.requester_schedule.hours, requester_offset,
                                                       mentor.schedule.hours, mentor_offset);
        ranked.hours_fit = std::min(1.0, static_cast<double>(ranked.overlap_minutes) / requester_day);
        ranked.capacity_fit = static_cast<double>(mentor.remaining_capacity()) / mentor.weekly_capacity;
        if (rated.contains(position)) {
            const TopicRating& rating = history.mentor_rating_on_topic.at(mentor.member_id);
            if (rating.count > 0) {
                // A few ratings say less than many: full weight from three sessions on.
                const double confidence = std::min(1.0, rating.count / 3.0);
                ranked.outcome_fit = (rating.average - 3.0) / 2.0 * confidence;
            }
        }
        if (met.contains(position) && now - history.last_met.at(mentor.member_id) < recent_meeting) {
            ranked.connection_fit = -0.5;
        } else if (!mentor.department.empty() && !request.requester_department.empty() &&
                   compiled.department != requester_department) {
            ranked.connection_fit = 0.5;
        }
        for (const Factor& factor : factors) ranked.fit_score += factor.weight * (ranked.*(factor.part));
        ranked.score = ranked.fit_score;
        eligible.push_back(ranked);
    }
    result.eligible = static_cast<int>(eligible.size());

    // Scarcity: each waiting request with few mentors for it spreads its need over them,
    // in proportion to their free capacity. A mentor whose free capacity is mostly claimed
    // that way is kept for those requests when someone else can serve this one.
    // Only weighed for eligible mentors: with none, the waiting requests are not looked at.
    std::unordered_map<std::uint32_t, std::vector<std::size_t>> waiting_by_topic;
    std::vector<std::uint32_t> waiting_positions(eligible.empty() ? 0 : waiting.size(), MentorIndex::unknown);
    for (std::size_t i = 0; i < waiting_positions.size(); ++i) {
        waiting_positions[i] = position_or_none(waiting[i].requester_id);
        const std::uint32_t id = index.topic_id(waiting[i].topic);
        if (waiting[i].request_id != request.request_id && id != MentorIndex::unknown)
            waiting_by_topic[id].push_back(i);
    }
    struct Supply {
        bool known = false;
        bool scarce = true;  // fewer than `plenty` free sessions among all who could serve it
        int capacity = 0;
        int mentors = 0;
    };
    // A waiting request with this many free sessions available needs no particular mentor:
    // it will be served whoever this request takes, so it claims nobody's time.
    constexpr int plenty = 32;
    std::vector<Supply> supply(waiting.size());
    auto supply_of = [&](std::size_t i) -> const Supply& {
        Supply& s = supply[i];
        if (s.known) return s;
        s.known = true;
        const CompetingRequest& other = waiting[i];
        for (std::uint32_t position : index.offering(other.topic)) {
            const MentorCandidate& mentor = index.mentors()[position];
            if (check_rules(other.kind, waiting_positions[i], other.requester_level, other.when, index, position, now,
                            zones) == Verdict::fits) {
                s.capacity += mentor.remaining_capacity();
                ++s.mentors;
                if (s.capacity >= plenty) {
                    s.scarce = false;
                    break;
                }
            }
        }
        return s;
    };
    auto weigh_scarcity = [&](RankedMentor& ranked) {
        const MentorCandidate& mentor = *ranked.mentor;
        const auto position = static_cast<std::uint32_t>(ranked.mentor - index.mentors().data());
        double claimed = 0;
        for (std::uint32_t mentor_topic : index.compiled(position).topics) {
            auto group = waiting_by_topic.find(mentor_topic);
            if (group == waiting_by_topic.end()) continue;
            for (std::size_t i : group->second) {
                const CompetingRequest& other = waiting[i];
                // The cheap question first: could this mentor serve it at all?
                if (check_rules(other.kind, waiting_positions[i], other.requester_level, other.when, index, position,
                                now, zones) != Verdict::fits) {
                    continue;
                }
                const Supply& s = supply_of(i);
                if (!s.scarce) continue;
                claimed += static_cast<double>(mentor.remaining_capacity()) / s.capacity;
                ++ranked.competing_requests;
                if (s.mentors == 1) ++ranked.requests_only_they_serve;
            }
        }
        ranked.demand_on_capacity = std::min(1.0, claimed / mentor.remaining_capacity());
        ranked.score = ranked.fit_score - scarcity_weight * ranked.demand_on_capacity;
    };

    // Take mentors best fit first and weigh scarcity only as far as needed: the score is the
    // fit minus a penalty, so once the next fit is below the `keep`-th best score so far,
    // nobody further down can reach the top.
    auto by_fit = [](const RankedMentor& a, const RankedMentor& b) {
        return ranks_before(b.fit_score, *b.mentor, a.fit_score, *a.mentor);  // max-heap on fit
    };
    std::make_heap(eligible.begin(), eligible.end(), by_fit);
    auto heap_end = eligible.end();
    std::vector<double> best_scores;  // the `keep` best scores so far, lowest first
    while (heap_end != eligible.begin()) {
        const double next_fit = eligible.front().fit_score;
        if (best_scores.size() >= keep && keep > 0 && next_fit < best_scores.front()) break;
        std::pop_heap(eligible.begin(), heap_end, by_fit);
        --heap_end;
        RankedMentor& ranked = *heap_end;
        if (!waiting_by_topic.empty()) weigh_scarcity(ranked);
        best_scores.insert(std::upper_bound(best_scores.begin(), best_scores.end(), ranked.score), ranked.score);
        if (best_scores.size() > keep) best_scores.erase(best_scores.begin());
        result.ranked.push_back(ranked);
    }
    std::sort(result.ranked.begin(), result.ranked.end(), [](const RankedMentor& a, const RankedMentor& b) {
        return ranks_before(a.score, *a.mentor, b.score, *b.mentor);
    });

    // Words only for those who may be offered the request: at most three are.
    constexpr std::size_t explained = 3;
    for (std::size_t i = 0; i < result.ranked.size() && i < explained; ++i) {
        result.ranked[i].explanation = describe_candidate(request, result.ranked[i], history, now);
    }
    if (result.ranked.empty()) {
        result.summary = "Nobody fits yet: " + result.excluded.describe(request) + ".";
    } else {
        result.summary = result.ranked.front().explanation + " " + why_first(result.ranked);
    }
    return result;
}

}  // namespace mentorbot

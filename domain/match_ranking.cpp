// Weighted fit per mentor, the scarcity penalty from competing requests, and a heap that ranks only as far as needed.
#include "domain/match_ranking.h"

#include <algorithm>
#include <climits>
#include <optional>
#include <unordered_map>

#include "domain/ascending_search.h"
#include "domain/position_ratings.h"
#include "model/member_id.h"

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
// cannot do without must lose to a mentor who is free, or those requests go unserved. A
// request already waiting is surer than one still to come: a mentor it needs is kept even
// when the other mentor is the scarcer one looking ahead (see look_ahead_weight).
constexpr double scarcity_weight = 4.0;
// Looking ahead, for the requests still to come: a mentor is charged, for each topic they
// offer, one over the sessions a week that mentors of that topic at their level or above
// offer in all. The only senior of a topic with two sessions a week costs 3; one of forty
// seats costs 0.15. Requests only the seniors (or the few offering a rare topic) can serve
// get those few seats; a request anyone can serve goes to someone easier to replace. The
// weight was chosen against an exact offline optimum in the program simulation
// (tests/simulation): 3, 10 and 16 served fewer people than 6 on the seeds measured.
constexpr double look_ahead_weight = 6.0;
// The weight was chosen on organisations of up to this many mentors. A larger one has more
// seats on every topic for as many more requests, so beyond it seats are counted per this
// many mentors: what keeps a mentor is the share of the organisation's seats their abilities
// have, not their number. Without it the charge shrank with the organisation, and at 10,000
// and 100,000 members the bot served fewer people than a plain least-loaded matcher.
constexpr double look_ahead_mentors = 500.0;
constexpr int full_working_day_minutes = 8 * 60;
// A waiting request with this many free sessions available needs no particular mentor:
// it will be served whoever this request takes, so it claims nobody's time.
constexpr int plenty = 32;

const FitFactor factors[] = {
    {"topic fit", &RankedMentor::topic_fit, topic_weight},
    {"level fit", &RankedMentor::level_fit, level_weight},
    {"working-hours overlap", &RankedMentor::hours_fit, hours_weight},
    {"remaining capacity (the least-loaded mentor wins)", &RankedMentor::capacity_fit, capacity_weight},
    {"past ratings on this topic", &RankedMentor::outcome_fit, outcome_weight},
    {"new cross-department connection", &RankedMentor::connection_fit, connection_weight},
};

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

bool has(const std::vector<std::uint32_t>& ids, std::uint32_t id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Ranking order: score, then least recently matched (never counts as longest ago), then id.
// Scores tie often, so in an index kept in member-id order the ids are compared by position
// (both mentors live in the index's one vector), which gives the same order without reading
// the strings.
bool ranks_before(double a_score, const MentorCandidate& a, double b_score, const MentorCandidate& b,
                  bool in_member_order) {
    if (a_score != b_score) return a_score > b_score;
    const auto& a_last = a.last_matched_at;
    const auto& b_last = b.last_matched_at;
    if (a_last != b_last) {
        if (!a_last) return true;
        if (!b_last) return false;
        return *a_last < *b_last;
    }
    return in_member_order ? &a < &b : a.member_id < b.member_id;
}

// The fit of one eligible mentor for the request, scarcity not yet weighed (score = fit_score).
// What depends only on the request is worked out once, in the constructor.
class FitScorer {
public:
    FitScorer(const MatchRequest& request, const MentorIndex& index, const MatchHistory& history, Instant now,
              ZoneAnswers& zones, std::size_t candidates)
        : request_(request),
          index_(index),
          history_(history),
          now_(now),
          zones_(zones),
          topic_(index.topic_id(request.topic)),
          skilled_(index.with_skill(topic_)),
          requester_department_(request.requester_department.empty()
                                    ? MentorIndex::unknown
                                    : index.department_id(request.requester_department)),
          no_department_(index.department_id("")),
          rated_(&rated_positions(index, history)),
          met_(index, history.last_met, candidates),
          requester_offset_(zones.offset_minutes(request.requester_schedule.time_zone)),
          requester_day_(std::min(full_working_day_minutes, request.requester_schedule.hours.length_minutes())),
          zone_offsets_(index.zone_count(), INT32_MIN),
          skilled_search_(skilled_),
          rated_search_(rated_->positions()) {
        std::vector<std::uint32_t> goals;
        for (const auto& goal : request.requester_goals) {
            const std::uint32_t id = index.topic_id(goal);
            if (id != MentorIndex::unknown && id != topic_ && !has(goals, id)) goals.push_back(id);
        }
        for (std::uint32_t goal : goals) goal_searches_.emplace_back(index.offering_topic(goal));
    }

    // Reads the packed facts, ratings and skills by position, and the mentor's own entry only
    // for a past meeting: thousands of mentors are scored for a popular topic.
    RankedMentor fit(std::uint32_t position) {
        const MentorCandidate& mentor = index_.mentors()[position];
        const MentorIndex::RuleFacts& facts = index_.facts(position);
        RankedMentor ranked;
        ranked.mentor = &mentor;
        ranked.topic_fit = 1.0;
        if (skilled_search_.contains(position)) ranked.topic_fit += 0.25;
        int shared_goals = 0;
        for (AscendingSearch& offering : goal_searches_) shared_goals += offering.contains(position) ? 1 : 0;
        ranked.topic_fit += 0.25 * std::min(shared_goals, 2);
        ranked.level_fit = level_fit_for(request_.kind, request_.requester_level, facts.level);
        int& mentor_offset = zone_offsets_[facts.zone];
        if (mentor_offset == INT32_MIN) mentor_offset = zones_.offset_minutes(index_.zone_name(facts.zone));
        ranked.overlap_minutes = daily_overlap_minutes(request_.requester_schedule.hours, requester_offset_,
                                                       WorkingHours{facts.hours_start, facts.hours_end}, mentor_offset);
        ranked.hours_fit = std::min(1.0, static_cast<double>(ranked.overlap_minutes) / requester_day_);
        ranked.capacity_fit = static_cast<double>(facts.remaining) / facts.weekly_capacity;
        if (const TopicRating* rating = rated_at(position); rating && rating->count > 0) {
            ranked.rating = *rating;
            // A few ratings say less than many: full weight from three sessions on.
            const double confidence = std::min(1.0, rating->count / 3.0);
            ranked.outcome_fit = (rating->average - 3.0) / 2.0 * confidence;
        }
        if (met_.contains(position) && now_ - history_.last_met.at(mentor.member_id) < recent_meeting) {
            ranked.connection_fit = -0.5;
        } else if (facts.department != no_department_ && !request_.requester_department.empty() &&
                   facts.department != requester_department_) {
            ranked.connection_fit = 0.5;
        }
        for (const FitFactor& factor : factors) ranked.fit_score += factor.weight * (ranked.*(factor.part));
        ranked.score = ranked.fit_score;
        return ranked;
    }

private:
    const TopicRating* rated_at(std::uint32_t position) {
        const std::size_t place = rated_search_.seek(position);
        const auto rated = rated_->positions();
        return place < rated.size() && rated[place] == position ? &rated_->rating_at(place) : nullptr;
    }

    // The ratings a pass keeps for this index, or else the history's own put by position.
    const PositionRatings& rated_positions(const MentorIndex& index, const MatchHistory& history) {
        const PositionRatings* shared = history.shared_position_ratings;
        if (shared && shared->layout() == index.layout()) return *shared;
        return own_ratings_.emplace(index, history.mentor_rating_on_topic);
    }

    const MatchRequest& request_;
    const MentorIndex& index_;
    const MatchHistory& history_;
    Instant now_;
    ZoneAnswers& zones_;
    std::uint32_t topic_;
    const std::vector<std::uint32_t>& skilled_;  // positions of mentors with the topic as a skill
    std::uint32_t requester_department_;
    std::uint32_t no_department_;                 // the number of a mentor with no department, if any has none
    std::optional<PositionRatings> own_ratings_;  // before rated_, which may point to it
    const PositionRatings* rated_;
    PositionSet<std::unordered_map<std::string, Instant>> met_;
    int requester_offset_;
    int requester_day_;              // the requester's working minutes a day, at most a full day
    std::vector<int> zone_offsets_;  // by zone number, INT32_MIN until asked
    // Searches of the mentors with the topic as a skill, of those offering each of the
    // requester's other goals (once each), and of the rated: scored in position order, each
    // search goes on from the last.
    AscendingSearch skilled_search_;
    std::vector<AscendingSearch> goal_searches_;
    AscendingSearch rated_search_;
};

// Scarcity: each waiting request with few mentors for it spreads its need over them,
// in proportion to their free capacity. A mentor whose free capacity is mostly claimed
// that way is kept for those requests when someone else can serve this one. Looking ahead,
// a mentor few others could replace is kept for the requests still to come as well.
class Scarcity {
public:
    Scarcity(const MatchRequest& request, const MentorIndex& index, const std::vector<CompetingRequest>& waiting,
             Instant now, ZoneAnswers& zones)
        : index_(index),
          tenant_(request.tenant),
          tenant_id_(index.tenant_id(request.tenant)),
          waiting_(waiting),
          now_(now),
          zones_(zones),
          waiting_positions_(waiting.size(), not_looked_up),
          waiting_topics_(waiting.size(), MentorIndex::unknown),
          supply_(waiting.size()),
          seats_per_share_(std::max(1.0, static_cast<double>(
                                             index.mentors_in(tenant_.empty() ? TopicSeats::any_tenant : tenant_id_)) /
                                             look_ahead_mentors)) {
        for (std::size_t i = 0; i < waiting.size(); ++i) {
            const std::uint32_t id = index.topic_id(waiting[i].topic);
            waiting_topics_[i] = id;
            // Another workspace's waiting requests never take this one's mentors.
            const bool here = tenant_.empty() || is_in_tenant(waiting[i].requester_id, tenant_);
            if (waiting[i].request_id != request.request_id && id != MentorIndex::unknown && here)
                waiting_by_topic_[id].push_back(i);
        }
    }

    // False when no waiting request shares a topic with anyone: then nobody's time is claimed.
    bool matters() const { return !waiting_by_topic_.empty(); }

    // Sessions a week among the mentors of `topic` at `level` or above who are not paused, in
    // this tenant: the most the requests only such mentors can serve will ever get. Weekly
    // capacity rather than what is left of it: loads are counted only for the mentors of the
    // topics being matched, and next week's requests find the full capacity again.
    int seats_at_or_above(std::uint32_t topic, int level) {
        return index_.seats_at_or_above(tenant_.empty() ? TopicSeats::any_tenant : tenant_id_, topic, level, now_);
    }

    // Looking ahead: charges the mentor for the thin supply of what they could serve (their
    // topics at their level and above), and notes the thinnest for the explanation.
    void look_ahead(RankedMentor& ranked) {
        const auto position = static_cast<std::uint32_t>(ranked.mentor - index_.mentors().data());
        ranked.kept_for_later = 0;
        for (std::uint32_t topic : index_.compiled(position).topics) {
            const int seats = seats_at_or_above(topic, ranked.mentor->level);
            if (seats <= 0) continue;
            ranked.kept_for_later += look_ahead_weight * seats_per_share_ / seats;
            if (ranked.thinnest_seats == 0 || seats < ranked.thinnest_seats) {
                ranked.thinnest_seats = seats;
                ranked.thinnest_topic = index_.topic_name(topic);
            }
        }
        ranked.score -= ranked.kept_for_later;
    }

    // Sets the mentor's demand on capacity and competing requests, and lowers the score by the penalty.
    void weigh(RankedMentor& ranked) {
        const MentorCandidate& mentor = *ranked.mentor;
        const auto position = static_cast<std::uint32_t>(ranked.mentor - index_.mentors().data());
        double claimed = 0;
        for (std::uint32_t mentor_topic : index_.compiled(position).topics) {
            auto group = waiting_by_topic_.find(mentor_topic);
            if (group == waiting_by_topic_.end()) continue;
            for (std::size_t i : group->second) {
                // A request already found to have plenty of mentors claims nobody's time; of
                // the others, the cheap question first: could this mentor serve it at all?
                if (supply_[i].known && !supply_[i].scarce) continue;
                if (!serves(i, position)) continue;
                const Supply& s = supply_of(i);
                if (!s.scarce) continue;
                claimed += static_cast<double>(mentor.remaining_capacity()) / s.capacity;
                ++ranked.competing_requests;
                if (s.mentors == 1) ++ranked.requests_only_they_serve;
            }
        }
        ranked.demand_on_capacity = std::min(1.0, claimed / mentor.remaining_capacity());
        ranked.score = ranked.fit_score - scarcity_weight * ranked.demand_on_capacity;
    }

private:
    static constexpr std::uint32_t not_looked_up = MentorIndex::unknown - 1;

    struct Supply {
        bool known = false;
        bool scarce = true;  // fewer than `plenty` free sessions among all who could serve it
        int capacity = 0;
        int mentors = 0;
    };

    // Whether the mentor is in the request's workspace or server (any, when it has none).
    bool here(std::uint32_t position) const { return tenant_.empty() || index_.in_tenant(position, tenant_id_); }

    bool serves(std::size_t waiting_index, std::uint32_t position) {
        const CompetingRequest& other = waiting_[waiting_index];
        return check_rules(other.kind, requester_position(waiting_index), other.requester_level, other.when, index_,
                           position, now_, zones_) == Verdict::fits;
    }

    // Looked up the first time it is needed: most waiting requests are on topics none of
    // the mentors weighed offers.
    std::uint32_t requester_position(std::size_t waiting_index) {
        std::uint32_t& position = waiting_positions_[waiting_index];
        if (position == not_looked_up) {
            position = index_.position_of(waiting_[waiting_index].requester_id).value_or(MentorIndex::unknown);
        }
        return position;
    }

    // Whether no mentor of the topic at a level the request's kind allows offers a session a
    // week (the kept seat counts tell without reading a mentor): then nobody can serve it. A
    // request from the most senior level for help from above is such a one, and without this
    // each match would read every mentor of a popular topic to find that out again.
    bool nobody_at_its_levels(const CompetingRequest& other, std::uint32_t topic) {
        int seats = 0;
        for (int level = 1; level <= 6; ++level) {
            if (!passes_level_rule(other.kind, other.requester_level, level)) continue;
            seats += seats_at_or_above(topic, level) - (level < 6 ? seats_at_or_above(topic, level + 1) : 0);
        }
        return seats == 0;
    }

    // Worked out the first time a mentor competes for the request, then remembered.
    const Supply& supply_of(std::size_t i) {
        Supply& s = supply_[i];
        if (s.known) return s;
        s.known = true;
        if (nobody_at_its_levels(waiting_[i], waiting_topics_[i])) return s;
        for (std::uint32_t position : index_.offering_topic(waiting_topics_[i])) {
            if (!here(position)) continue;
            if (serves(i, position)) {
                s.capacity += index_.facts(position).remaining;
                ++s.mentors;
                if (s.capacity >= plenty) {
                    s.scarce = false;
                    break;
                }
            }
        }
        return s;
    }

    const MentorIndex& index_;
    std::string_view tenant_;
    std::uint32_t tenant_id_;
    const std::vector<CompetingRequest>& waiting_;
    Instant now_;
    ZoneAnswers& zones_;
    std::unordered_map<std::uint32_t, std::vector<std::size_t>> waiting_by_topic_;
    std::vector<std::uint32_t> waiting_positions_;
    std::vector<std::uint32_t> waiting_topics_;  // topic numbers in the index
    std::vector<Supply> supply_;
    double seats_per_share_;  // the organisation's mentors per look_ahead_mentors, at least 1
};

// A mentor's fit and place in the index: what ordering by fit needs, a tenth of the size of
// the whole ranking, so that ordering thousands of mentors moves little memory.
struct FitKey {
    double fit_score;
    std::uint32_t position;
};

// Takes mentors best fit first and weighs scarcity only as far as needed: the score is the
// fit minus a penalty, so once the next fit is below the `keep`-th best score so far,
// nobody further down can reach the top. Only the mentors taken are scored in full.
std::vector<RankedMentor> select_best(std::vector<FitKey> candidates, FitScorer& scorer, Scarcity& scarcity,
                                      const MentorIndex& index, std::size_t keep) {
    const bool in_member_order = index.in_member_order();
    const MentorCandidate* mentors = index.mentors().data();
    auto by_fit = [in_member_order, mentors](const FitKey& a, const FitKey& b) {
        return ranks_before(b.fit_score, mentors[b.position], a.fit_score, mentors[a.position],
                            in_member_order);  // max-heap on fit
    };
    std::make_heap(candidates.begin(), candidates.end(), by_fit);
    auto heap_end = candidates.end();
    std::vector<double> best_scores;  // the `keep` best scores so far, lowest first
    std::vector<RankedMentor> ranked;
    while (heap_end != candidates.begin()) {
        const double next_fit = candidates.front().fit_score;
        if (best_scores.size() >= keep && keep > 0 && next_fit < best_scores.front()) break;
        std::pop_heap(candidates.begin(), heap_end, by_fit);
        --heap_end;
        RankedMentor next = scorer.fit(heap_end->position);
        if (scarcity.matters()) scarcity.weigh(next);
        scarcity.look_ahead(next);
        best_scores.insert(std::upper_bound(best_scores.begin(), best_scores.end(), next.score), next.score);
        if (best_scores.size() > keep) best_scores.erase(best_scores.begin());
        ranked.push_back(std::move(next));
    }
    std::sort(ranked.begin(), ranked.end(), [in_member_order](const RankedMentor& a, const RankedMentor& b) {
        return ranks_before(a.score, *a.mentor, b.score, *b.mentor, in_member_order);
    });
    return ranked;
}

}  // namespace

std::span<const FitFactor> fit_factors() { return factors; }

std::vector<RankedMentor> rank_mentors(const MatchRequest& request, const MentorIndex& index,
                                       const MatchHistory& history, const std::vector<CompetingRequest>& waiting,
                                       const std::vector<std::uint32_t>& eligible, Instant now, ZoneAnswers& zones,
                                       std::size_t keep) {
    // The requester's zone is resolved even when nobody is eligible: an unknown zone is
    // refused the same way whoever passed the rules.
    FitScorer scorer(request, index, history, now, zones, eligible.size());
    // With nobody eligible the waiting requests are not looked at.
    if (eligible.empty()) return {};
    std::vector<FitKey> candidates;
    candidates.reserve(eligible.size());
    for (std::uint32_t position : eligible) candidates.push_back({scorer.fit(position).fit_score, position});
    Scarcity scarcity(request, index, waiting, now, zones);
    return select_best(std::move(candidates), scorer, scarcity, index, keep);
}

}  // namespace mentorbot

// The words of matching: why each of the first mentors is where they are, who is first and why, or why nobody fits.
#include "domain/match_explanation.h"

#include <algorithm>
#include <cstdio>

namespace mentorbot {
namespace {

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

std::string plural(int count, const std::string& one, const std::string& many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

// "2 sessions a week on rust come from mentors at level 4 or above": how thin the supply is
// for what this mentor could serve that few others can. A level that is only assumed is not
// shown as if it were theirs.
std::string thin_supply_words(const RankedMentor& ranked) {
    return plural(ranked.thinnest_seats, "session", "sessions") + " a week on " + ranked.thinnest_topic +
           (ranked.thinnest_seats == 1 ? " comes" : " come") +
           (ranked.mentor->level_set ? " from mentors at level " + std::to_string(ranked.mentor->level) + " or above"
                                     : std::string(" from mentors who could take the same requests"));
}

}  // namespace

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
    // Neutral words: the requester and the mentor both read this. An assumed level is not
    // shown as if it were theirs.
    text += "; level " + (mentor.level_set ? std::to_string(mentor.level) : std::string("not set")) + " vs requester " +
            (request.requester_level_set ? std::to_string(request.requester_level) : std::string("not set")) + " (" +
            level_rule_text(request.kind) + ", level fit " + format_score(ranked.level_fit) + ")";
    text += "; " + format_duration(ranked.overlap_minutes) + " of shared working hours a day (" +
            mentor.schedule.hours.to_string() + " " + mentor.schedule.time_zone + ")";
    text += "; " + std::to_string(mentor.weekly_load) + " of " + std::to_string(mentor.weekly_capacity) +
            " sessions used this week";
    if (ranked.rating.count > 0) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.1f", ranked.rating.average);
        text += "; rated " + std::string(buffer) + " on " + request.topic + " over " +
                plural(ranked.rating.count, "session", "sessions");
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
    if (ranked.kept_for_later > 0 && !ranked.thinnest_topic.empty()) {
        text += "; " + thin_supply_words(ranked) + " (kept for later: -" + format_score(ranked.kept_for_later) + ")";
    }
    text += ". Score " + format_score(ranked.score) + ".";
    return text;
}

// Why the first mentor is first: scarcity, the factor with the biggest lead, or a tie-break.
std::string why_first(const std::vector<RankedMentor>& ranked, bool name_others) {
    const RankedMentor& first = ranked.front();
    auto other = [&](const MentorCandidate& mentor) { return name_others ? name_of(mentor) : "another mentor"; };
    auto other_again = [&](const MentorCandidate& mentor) { return name_others ? name_of(mentor) : "them"; };
    auto others_time = [&](const MentorCandidate& mentor) {
        return name_others ? name_of(mentor) + "'s" : std::string("their");
    };
    // A mentor who fits better on paper but was held back for other requests, or one who fits
    // as well and is ranked lower only by a penalty.
    const RankedMentor* held_back = nullptr;
    for (std::size_t i = 1; i < ranked.size(); ++i) {
        const bool behind_by_penalty = ranked[i].fit_score > first.fit_score ||
                                       (ranked[i].fit_score == first.fit_score && ranked[i].score < first.score);
        if (behind_by_penalty && (!held_back || ranked[i].fit_score > held_back->fit_score)) held_back = &ranked[i];
    }
    if (held_back) {
        const bool better = held_back->fit_score > first.fit_score;
        std::string text = "Scarcity decided it: " + other(*held_back->mentor) +
                           (better ? " fits slightly better on paper (" + format_score(held_back->fit_score) + " vs " +
                                         format_score(first.fit_score) + "), but "
                                   : " fits as well on paper (" + format_score(first.fit_score) + "), but ");
        // The reason is the penalty that sets the two apart more: the waiting requests, or those to come.
        auto for_waiting = [](const RankedMentor& mentor) {
            return mentor.fit_score - mentor.score - mentor.kept_for_later;
        };
        const double waiting_gap = for_waiting(*held_back) - for_waiting(first);
        const double later_gap = held_back->kept_for_later - first.kept_for_later;
        if (later_gap > waiting_gap && !held_back->thinnest_topic.empty()) {
            return text + "only " + thin_supply_words(*held_back) + ", so " + others_time(*held_back->mentor) +
                   " time is kept for the requests only such mentors can serve.";
        }
        if (held_back->requests_only_they_serve > 0) {
            text += plural(held_back->requests_only_they_serve, "waiting request", "waiting requests") +
                    " can only be served by " + other_again(*held_back->mentor);
        } else {
            text += plural(held_back->competing_requests, "waiting request needs", "waiting requests need") + " " +
                    others_time(*held_back->mentor) + " remaining time";
        }
        return text + ", so that time is kept for them.";
    }
    if (ranked.size() == 1) return "Only mentor who passes every rule.";
    const RankedMentor& second = ranked[1];
    if (first.score == second.score) {
        if (first.mentor->last_matched_at != second.mentor->last_matched_at) {
            return "Tied with " + other(*second.mentor) + " at " + format_score(first.score) +
                   "; decided by who was matched least recently.";
        }
        return "Tied with " + other(*second.mentor) + " at " + format_score(first.score) + "; decided by id.";
    }
    const FitFactor* deciding = nullptr;
    double lead = 0;
    for (const FitFactor& factor : fit_factors()) {
        const double difference = factor.weight * (first.*(factor.part) - second.*(factor.part));
        if (difference > lead) {
            lead = difference;
            deciding = &factor;
        }
    }
    std::string text = "Ahead of " + other(*second.mentor) + " (" + format_score(first.score) + " vs " +
                       format_score(second.score) + ")";
    if (deciding) text += ", decided by " + std::string(deciding->name) + " (+" + format_score(lead) + ")";
    return text + ".";
}

namespace {

// Each reason a mentor was left out, in the words for one and for several.
struct ExclusionWords {
    int count;
    std::string one;
    std::string many;
};

std::vector<ExclusionWords> exclusion_words(const Exclusions& excluded, const MatchRequest& request) {
    return {
        {excluded.yourself, "is you", "are you"},
        {excluded.paused, "is paused", "are paused"},
        {excluded.full, "has no capacity left this week", "have no capacity left this week"},
        {excluded.declined, "declined this request", "declined this request"},
        {excluded.no_answer, "did not answer in time", "did not answer in time"},
        {excluded.resting, "left another offer unanswered today", "left other offers unanswered today"},
        {excluded.offered_enough, "had enough offers for one day", "had enough offers for one day"},
        {excluded.rated_badly, "had a session with you rated 1-2", "had sessions with you rated 1-2"},
        {excluded.level_rule, "does not fit the level rule (" + level_rule_text(request.kind) + ")",
         "do not fit the level rule (" + level_rule_text(request.kind) + ")"},
        {excluded.not_opted_in, "has not opted in to this kind", "have not opted in to this kind"},
        {excluded.outside_hours, "is outside working hours at that moment", "are outside working hours at that moment"},
        {excluded.answering_offer, "is still to answer another request", "are still to answer other requests"},
    };
}

}  // namespace

std::string Exclusions::describe(const MatchRequest& request) const {
    if (offer_topic == 0) return "nobody offers " + request.topic + " yet";
    std::vector<std::string> reasons;
    for (const ExclusionWords& words : exclusion_words(*this, request)) {
        if (words.count > 0) {
            reasons.push_back(std::to_string(words.count) + " " + (words.count == 1 ? words.one : words.many));
        }
    }
    std::string text = plural(offer_topic, "mentor offers ", "mentors offer ") + request.topic + ", but ";
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        if (i > 0) text += i + 1 == reasons.size() ? " and " : ", ";
        text += reasons[i];
    }
    return text;
}

std::string Exclusions::describe_one(const MatchRequest& request, const std::string& name) const {
    if (offer_topic == 0) return name + " does not offer " + request.topic;
    for (const ExclusionWords& words : exclusion_words(*this, request)) {
        if (words.count > 0) return name + " " + words.one;
    }
    return {};
}

void explain_first_mentors(const MatchRequest& request, const MatchHistory& history, Instant now,
                           std::vector<RankedMentor>& ranked) {
    // Words only for those who may be offered the request: at most three are.
    constexpr std::size_t explained = 3;
    for (std::size_t i = 0; i < ranked.size() && i < explained; ++i) {
        ranked[i].explanation = describe_candidate(request, ranked[i], history, now);
    }
}

namespace {

std::string levels_text(int gap) {
    static const char* const words[] = {"", "one", "two", "three", "four", "five"};
    const int steps = gap < 0 ? -gap : gap;
    return (steps < 6 ? std::string(words[steps]) : std::to_string(steps)) + (steps == 1 ? " level" : " levels");
}

// "is one level ahead of you" / "are one level ahead of the requester", or empty when a
// level is not known.
std::string level_step(const MatchRequest& request, const MentorCandidate& mentor, Reader reader) {
    if (!mentor.level_set || !request.requester_level_set) return {};
    const int gap = mentor.level - request.requester_level;
    const bool requester = reader == Reader::requester;
    const std::string verb = requester ? "is " : "are ";
    const std::string them = requester ? "you" : "the requester";
    if (gap == 0) return verb + "at " + (requester ? "your level" : "the requester's level");
    return verb + levels_text(gap) + (gap > 0 ? " ahead of " : " below ") + them;
}

}  // namespace

std::string plain_reason(const MatchRequest& request, const RankedMentor& ranked, Reader reader) {
    const MentorCandidate& mentor = *ranked.mentor;
    const bool requester = reader == Reader::requester;
    std::string text = requester ? name_of(mentor) + " knows " + request.topic : "You know " + request.topic;
    if (!mentor.level_set) text += requester ? " (level not set)" : " (your level is not set)";
    const std::string step = level_step(request, mentor, reader);
    if (!step.empty()) text += ", " + step;
    const std::string day = requester ? "your working day" : "their working day";
    text += std::string(" and ") + (requester ? "shares " : "share ") +
            (ranked.overlap_minutes > 0 ? format_duration(ranked.overlap_minutes) + " of " + day
                                        : std::string("none of ") + day);
    return text + ".";
}

std::string match_summary(const MatchRequest& request, const std::vector<RankedMentor>& ranked,
                          const Exclusions& excluded) {
    if (ranked.empty()) return "Nobody fits yet: " + excluded.describe(request) + ".";
    return plain_reason(request, ranked.front(), Reader::requester);
}

}  // namespace mentorbot

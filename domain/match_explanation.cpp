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
    const FitFactor* deciding = nullptr;
    double lead = 0;
    for (const FitFactor& factor : fit_factors()) {
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
    add(no_answer, "did not answer in time", "did not answer in time");
    add(rated_badly, "had a session with you rated 1-2", "had sessions with you rated 1-2");
    add(level_rule, "does not fit the level rule (" + level_rule_text(request.kind) + ")",
        "do not fit the level rule (" + level_rule_text(request.kind) + ")");
    add(not_opted_in, "has not opted in to this kind", "have not opted in to this kind");
    add(outside_hours, "is outside working hours at that moment", "are outside working hours at that moment");
    add(answering_offer, "is still to answer another request", "are still to answer other requests");
    std::string text = plural(offer_topic, "mentor offers ", "mentors offer ") + request.topic + ", but ";
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        if (i > 0) text += i + 1 == reasons.size() ? " and " : ", ";
        text += reasons[i];
    }
    return text;
}

void explain_first_mentors(const MatchRequest& request, const MatchHistory& history, Instant now,
                           std::vector<RankedMentor>& ranked) {
    // Words only for those who may be offered the request: at most three are.
    constexpr std::size_t explained = 3;
    for (std::size_t i = 0; i < ranked.size() && i < explained; ++i) {
        ranked[i].explanation = describe_candidate(request, ranked[i], history, now);
    }
}

std::string match_summary(const MatchRequest& request, const std::vector<RankedMentor>& ranked,
                          const Exclusions& excluded) {
    if (ranked.empty()) return "Nobody fits yet: " + excluded.describe(request) + ".";
    return ranked.front().explanation + " " + why_first(ranked);
}

}  // namespace mentorbot

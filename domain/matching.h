// Who should help with a request, and why: hard rules per kind, ranking, scarcity, explanations. Pure, no I/O.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/working_hours.h"

namespace mentorbot {

enum class RequestKind { flash, micro, near_peer, reverse, shadow, long_term, peer };

std::string_view request_kind_name(RequestKind kind);  // "near-peer"
std::optional<RequestKind> parse_request_kind(std::string_view name);
// Default session length: flash 30, micro 15, others 30 (long-term meetings 60).
int default_minutes(RequestKind kind);

// A member who offers to help, as the matcher sees them. Levels are 1–6.
struct MentorCandidate {
    std::string member_id;
    std::string display_name;  // for explanations; the id when empty
    int level = 3;
    std::string department;
    WorkingSchedule schedule;
    std::vector<std::string> topics;  // canonical tags the mentor offers
    std::vector<std::string> skills;  // canonical tags of the mentor's profile
    int weekly_capacity = 2;
    int weekly_load = 0;  // sessions accepted this week
    bool reverse_opt_in = false;
    bool shadow_opt_in = false;
    bool paused = false;
    std::optional<Instant> paused_until;  // paused until this instant; forever when paused without it
    std::optional<Instant> last_matched_at;

    int remaining_capacity() const { return weekly_capacity - weekly_load; }
    bool is_paused_at(Instant now) const { return paused && (!paused_until || now < *paused_until); }
};

// Every mentor once, with topic → mentors so a request only looks at those who offer its topic.
class MentorIndex {
public:
    // Returns the mentor's position; a mentor added twice replaces the earlier entry.
    std::size_t add(MentorCandidate mentor);
    const std::vector<MentorCandidate>& mentors() const { return mentors_; }
    // Positions of mentors offering `topic` (canonical), in insertion order.
    const std::vector<std::uint32_t>& offering(const std::string& topic) const;
    const MentorCandidate* find(const std::string& member_id) const;
    // A mentor's load changes with every offer and session, the rest rarely: a kept index
    // is brought up to date with this instead of being built again.
    void set_weekly_load(std::uint32_t position, int weekly_load);
    std::optional<std::uint32_t> position_of(const std::string& member_id) const;
    std::size_t size() const { return mentors_.size(); }

    // Tags and zones as small numbers, so ranking compares integers, not strings.
    static constexpr std::uint32_t unknown = UINT32_MAX;
    std::uint32_t topic_id(const std::string& topic) const;
    struct Compiled {
        std::vector<std::uint32_t> topics;
        std::vector<std::uint32_t> skills;
        std::uint32_t zone = 0;
        std::uint32_t department = 0;
    };
    std::uint32_t department_id(const std::string& department) const;
    const Compiled& compiled(std::uint32_t position) const { return compiled_[position]; }
    // What the hard rules read, packed so that scanning thousands of mentors stays in cache.
    struct RuleFacts {
        std::int64_t paused_until = INT64_MIN;  // Unix seconds: paused while now is before it
        std::int32_t remaining = 0;             // free sessions this week
        std::uint32_t zone = 0;
        std::int8_t level = 0;
        bool reverse = false;
        bool shadow = false;
    };
    const RuleFacts& facts(std::uint32_t position) const { return facts_[position]; }
    const std::string& zone_name(std::uint32_t zone) const { return zones_[zone]; }
    std::size_t zone_count() const { return zones_.size(); }

private:
    std::uint32_t intern_topic(const std::string& topic);
    Compiled compile(const MentorCandidate& mentor);
    static RuleFacts facts_of(const MentorCandidate& mentor, std::uint32_t zone);

    std::vector<MentorCandidate> mentors_;
    std::vector<Compiled> compiled_;
    std::vector<RuleFacts> facts_;
    std::unordered_map<std::string, std::uint32_t> topic_ids_;
    std::vector<std::vector<std::uint32_t>> by_topic_;  // topic id → mentor positions
    std::unordered_map<std::string, std::uint32_t> by_member_;
    std::vector<std::string> zones_;
    std::unordered_map<std::string, std::uint32_t> zone_ids_;
    std::unordered_map<std::string, std::uint32_t> department_ids_;
};

// The person asking and what they ask for.
struct MatchRequest {
    long long request_id = 0;
    std::string requester_id;
    int requester_level = 2;
    std::string requester_department;
    WorkingSchedule requester_schedule;
    std::vector<std::string> requester_goals;  // canonical tags
    RequestKind kind = RequestKind::flash;
    std::string topic;            // canonical (aliases already resolved)
    std::optional<Instant> when;  // the moment to observe (shadow)
};

struct TopicRating {
    double average = 0;
    int count = 0;
};

// What has happened before, seen from this request and its requester.
struct MatchHistory {
    std::unordered_set<std::string> declined_this_request;  // mentors who said no to this request
    std::unordered_set<std::string> rated_badly_with;       // a session with them was rated 1–2 by either side
    std::unordered_map<std::string, Instant> last_met;      // last session with each person
    std::unordered_map<std::string, TopicRating> mentor_rating_on_topic;  // mentor → average on this topic
};

// Another open or queued request that competes for the same mentors' time.
struct CompetingRequest {
    long long request_id = 0;
    std::string requester_id;
    int requester_level = 2;
    RequestKind kind = RequestKind::flash;
    std::string topic;
    std::optional<Instant> when;
};

// One ranked mentor with the parts of their score.
struct RankedMentor {
    const MentorCandidate* mentor = nullptr;
    double topic_fit = 0;           // 1 offers the topic; more for matching skills and goals
    double level_fit = 0;           // 1 at the ideal gap for the kind
    int overlap_minutes = 0;        // shared working minutes per day
    double hours_fit = 0;           // overlap as a share of a working day
    double capacity_fit = 0;        // share of weekly capacity still free
    double outcome_fit = 0;         // -1..1 from the average rating on this topic
    double connection_fit = 0;      // bonus for a new cross-department pair, malus for a recent one
    double fit_score = 0;           // the sum of the weighted parts above
    double demand_on_capacity = 0;  // share of remaining capacity other waiting requests need
    int competing_requests = 0;     // waiting requests with few mentors that this mentor could serve
    int requests_only_they_serve = 0;
    double score = 0;         // fit_score minus the scarcity penalty: the ranking key
    std::string explanation;  // why this mentor is where they are (the first three only)
};

// Why mentors who offer the topic were left out; shown when nobody fits.
struct Exclusions {
    int offer_topic = 0;  // mentors offering the topic at all
    int yourself = 0;
    int paused = 0;
    int full = 0;
    int declined = 0;
    int rated_badly = 0;
    int level_rule = 0;
    int not_opted_in = 0;
    int outside_hours = 0;
    std::string describe(const MatchRequest& request) const;
};

struct MatchResult {
    // Best first. Holds at least the best `keep` in their exact order (more when scores tie
    // or scarcity had to be weighed); mentors further down who cannot reach the top are left out.
    std::vector<RankedMentor> ranked;
    int eligible = 0;  // mentors who passed every hard rule
    Exclusions excluded;
    // For the requester: who is first and why, or why nobody fits yet.
    std::string summary;
};

// The level rule of a kind, e.g. "mentor level above yours".
std::string level_rule_text(RequestKind kind);
bool passes_level_rule(RequestKind kind, int requester_level, int mentor_level);

// Ranks every mentor who passes the hard rules for `request`. Deterministic: the same
// inputs give the same order and the same words.
// At most three candidates are ever offered one request, so by default only the best
// three need exact places.
MatchResult match_mentors(const MatchRequest& request, const MentorIndex& index, const MatchHistory& history,
                          const std::vector<CompetingRequest>& waiting, Instant now, std::size_t keep = 3);

}  // namespace mentorbot

// The program figures query: counts over requests, sessions, feedback, offers, pods and announcements for a period.
#pragma once

#include "domain/working_hours.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace mentorbot {

struct TopicDemand {
    std::string topic;
    int requests = 0;
    bool any_mentor_offers_it = false;
    // For unmet topics: why its waiting requests have no mentor, and how many for each
    // reason (filled by the flash flow, which knows the matching rules).
    std::map<std::string, int> reasons;
};

// What became of the one-off sessions whose (first) slot has passed in the period. Each
// is in exactly one group; a rated session is completed whatever else was answered.
struct SessionOutcomes {
    int slot_passed = 0;  // counted on its own, as the total the groups add up to
    int completed = 0;
    int no_shows = 0;
    int no_shows_reported_by_mentor = 0;
    int no_shows_reported_by_mentee = 0;
    int rescheduled = 0;  // said moved, a new time proposed, or moved to a slot still ahead
    int unconfirmed = 0;  // nobody answered yet

    int grouped() const { return completed + no_shows + rescheduled + unconfirmed; }
};

struct ProgramFigures {
    int days = 30;
    int requests = 0;
    std::map<std::string, int> requests_by_kind;
    int matched = 0;  // requests accepted by a mentor
    // Requests an admin assigned to a mentor by hand (/flash assign), and how many of those
    // were accepted.
    int assigned_by_hand = 0;
    int assigned_by_hand_accepted = 0;
    // Minutes of the requester's working time from request to accept (storage/accept_waits.h).
    std::optional<double> median_working_minutes_to_accept;
    int sessions_completed = 0;
    SessionOutcomes outcomes;
    int ratings = 0;
    std::optional<double> average_rating;
    std::vector<TopicDemand> top_topics;    // most requested, at most 5
    std::vector<TopicDemand> unmet_topics;  // requests waiting for a mentor; no supply first
    int mentors = 0;                        // members with an offer or a session in the period
    double mentor_load_median = 0;          // sessions per mentor in the period
    int mentor_load_max = 0;
    int active_pods = 0;
    int pod_members = 0;
    int checkins = 0;
    int pods_that_met = 0;
    int long_term_pairs = 0;        // long-term pairings still meeting (active)
    int long_term_going_quiet = 0;  // of those, two check-ins or more with no meeting recorded
    int announcements = 0;
    int deliveries_sent = 0;
    int deliveries_failed = 0;
    int deliveries_waiting = 0;

    double match_rate() const { return requests == 0 ? 0.0 : static_cast<double>(matched) / requests; }
};

// Figures for the `days` days up to `now` (Unix seconds), for one tenant
// ("discord:8138…", see MemberId::tenant_key) or, without one, for every tenant. Waits are
// counted in the requester's working hours, `default_hours` for those with none of their own.
ProgramFigures compute_program_figures(Database& database, long long now, int days,
                                       const std::optional<std::string>& tenant = std::nullopt,
                                       const WorkingHours& default_hours = {});

// The topics of requests made since `since` that wait with no mentor (ProgramFigures::unmet_topics
// on its own, for the dashboard, which counts the rest its own way).
std::vector<TopicDemand> unmet_topic_demand(Database& database, long long since,
                                            const std::optional<std::string>& tenant = std::nullopt);

}  // namespace mentorbot

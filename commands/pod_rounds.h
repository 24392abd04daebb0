// One round of pod formation for a signup pool: form, store, archive the previous round, tell everyone.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/reply.h"
#include "domain/pod_formation.h"
#include "storage/database.h"
#include "storage/pod_store.h"

namespace mentorbot {

// How the pods of a round meet; a re-formed round copies them from the round before.
struct RoundSettings {
    std::string cadence = "weekly";
    std::string meeting_day = "wed";
    std::string meeting_time = "15:00";
    std::string time_zone = "UTC";
};

// A member whose pod meets outside their working hours, and why no pod in their hours took them.
struct OutOfHours {
    std::string member_id;
    std::string pod_name;
    std::string hours;    // "09:00-17:00 (America/New_York)"
    std::string meeting;  // the first meeting in their zone
    std::string reason;
};

struct FormedRound {
    int round = 0;
    std::size_t signups = 0;
    std::size_t skipping = 0;  // signed up but sitting this round out
    std::vector<Pod> pods;
    FormationResult formation;
    std::vector<Pod> ended;  // the previous round's pods, now archived
    std::optional<long long> next_round_at;
    std::vector<OutOfHours> out_of_hours;  // each also warned in their own message
};

// The rhythm of the pool's latest round (cadence, day, time and zone), or the defaults
// before its first round: a new round meets as the one before it unless told otherwise.
RoundSettings latest_round_settings(PodStore& pods, const PodPool& pool);

// The pods of the pool's latest round that still meet.
std::vector<Pod> active_round_pods(PodStore& pods, const PodPool& pool);

// When the pool forms its next round by itself; nullopt when it does not re-form.
std::optional<long long> next_round_at(PodStore& pods, const PodPool& pool);

// Forms the next round of `pool` (its size and reform_weeks already set) from the members
// still in it, without those who sit this round out: the earlier rounds' pods are the
// history to avoid; the previous round's pods are archived and each of their members is
// told so first, then every placed member gets a direct message with their pod and why it
// looks as it does; reminders and, when the pool re-forms, the next round are scheduled.
// Pods are grouped by working hours and each meets at the time nearest to the settings' time
// (read in the settings' zone) inside all its members' hours; a member it still falls outside
// of is warned in their message and listed in out_of_hours.
// Throws UserError (changing nothing) with fewer than 2 members to place.
FormedRound form_next_round(Database& database, PodPool pool, const RoundSettings& settings, long long now,
                            std::vector<OutboundMessage>& outbound);

}  // namespace mentorbot

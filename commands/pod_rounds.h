// One round of pod formation for a signup pool: form, store, archive the previous round, tell everyone.
#pragma once

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

struct FormedRound {
    int round = 0;
    std::size_t signups = 0;
    std::vector<Pod> pods;
    FormationResult formation;
};

// Forms the next round of `pool` (its size and reform_weeks already set): the earlier
// rounds' pods are the history to avoid and are archived; every member gets a direct
// message with their pod and why it looks as it does; reminders and, when the pool
// re-forms, the next round are scheduled. Throws UserError with fewer than 2 signups.
FormedRound form_next_round(Database& database, PodPool pool, const RoundSettings& settings, long long now,
                            std::vector<OutboundMessage>& outbound);

}  // namespace mentorbot

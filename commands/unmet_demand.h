// Why demand goes unmet: each waiting request's reason, as the matcher sees it now, counted per topic for /coach stats.
#pragma once

#include <optional>
#include <string>

#include "commands/flash_flow.h"
#include "storage/program_figures.h"
#include "storage/request_store.h"

namespace mentorbot {

// Why a waiting request has no mentor now: "no mentor offers it", "no mentor fits the level
// rule", "fitting mentors paused", "fitting mentors full this week", "declined or unanswered
// by every fitting mentor", "fitting mentors left an offer unanswered today" (they are asked again
// on their next working day), "fitting mentors had enough offers today", "a session with the fitting mentors was rated
// 1-2", "fitting mentors answering other requests", "held for working hours" or "a mentor fits, offered in the next
// round".
std::string unmet_reason(FlashFlow& flow, const FlashRequest& request);

// Fills the reasons of each of `figures`' unmet topics from the waiting requests made since
// `since` (Unix seconds) by members of `tenant` (every tenant when empty).
void explain_unmet_demand(FlashFlow& flow, ProgramFigures& figures, long long since,
                          const std::optional<std::string>& tenant);

}  // namespace mentorbot

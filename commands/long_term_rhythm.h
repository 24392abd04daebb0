// A long-term pairing's rhythm: how often it meets, and the check-in that proposes each next meeting.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "domain/clock.h"
#include "model/reply.h"
#include "storage/database.h"
#include "storage/session_store.h"

namespace mentorbot {

// Days between meetings unless the request says every:2w.
constexpr int default_rhythm_days = 28;

// The `every:` choices, in the order they are offered.
std::vector<std::string> rhythm_choices();
// "2w" -> 14, "4w" -> 28; nullopt for anything else.
std::optional<int> rhythm_days_of(const std::string& every);
// 14 -> "2 weeks"
std::string rhythm_text(int days);

// Schedules the check-in for `meeting`, which is to take place around `around`: it comes a
// week before, with the proposed slot.
void schedule_check_in(Database& database, long long session_id, int meeting, Seconds around, long long now);

// The check-in of a long-term pairing, due now: counts the meeting, proposes its slot inside
// both people's working hours with calendar links, opens a feedback round every third
// meeting, and schedules the next check-in. `around` is when the meeting should be.
void run_check_in(Database& database, const Config& config, Seconds now, long long session_id, Seconds around,
                  std::vector<OutboundMessage>& outbound);

}  // namespace mentorbot

// Pod attendance over time: "Did your pod meet?" after each meeting, a nudge to pods going quiet, both held to working
// hours.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "commands/job_handlers.h"
#include "storage/pod_store.h"

namespace mentorbot {

// The ask goes this long after the meeting starts: once it is over.
inline constexpr long long meeting_ask_delay_seconds = 3600;

// One cadence of a pod in seconds: weekly 7 days, biweekly 14, monthly 31.
long long cadence_seconds(const std::string& cadence);

// Since when the pod has not met: its latest check-in, else its creation.
long long quiet_since(const Pod& pod, std::optional<long long> last_checkin);
// A pod goes quiet when it has not met for two of its cadences.
bool is_going_quiet(const Pod& pod, std::optional<long long> last_checkin, long long now);

// Called by the reminder of each meeting: schedules the ask after it and, when the pod has
// gone quiet and was not nudged in this quiet stretch yet, nudges its members.
void after_pod_reminder(JobContext& context, const Pod& pod, long long meeting_at);

void add_pod_attendance_jobs(std::map<std::string, JobHandler>& handlers);

}  // namespace mentorbot

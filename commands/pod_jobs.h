// Durable jobs of pods: meeting reminders an hour before each meeting, and pools re-formed every N weeks.
#pragma once

#include <map>
#include <string>

#include "commands/job_handlers.h"
#include "domain/pod_schedule.h"
#include "storage/pod_store.h"

namespace mentorbot {

inline constexpr long long reminder_lead_seconds = 3600;

MeetingRhythm rhythm_of(const Pod& pod);

// Schedules the reminder of the pod's first meeting strictly after `meeting_after`
// and at least an hour after `now` (so the reminder is never in the past). One
// reminder per meeting: scheduling it twice does nothing. Returns the meeting time.
long long schedule_pod_reminder(Database& database, const Pod& pod, long long meeting_after, long long now);

// Schedules round `round` of the pool `weeks` weeks from now (once per round).
void schedule_pool_reform(Database& database, const PodPool& pool, int round, long long now);

void add_pod_jobs(std::map<std::string, JobHandler>& handlers);

}  // namespace mentorbot

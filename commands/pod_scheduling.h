// Scheduling what pods do over time, shared by /pod, round formation and the pod jobs.
#pragma once

#include <optional>
#include <string>

#include "domain/pod_schedule.h"
#include "domain/working_hours.h"
#include "storage/database.h"
#include "storage/pod_store.h"

namespace mentorbot {

inline constexpr long long reminder_lead_seconds = 3600;

MeetingRhythm rhythm_of(const Pod& pod);

// When the member works: their offer's hours (else 09:00-17:00) in their profile's zone.
// nullopt when they never set a time zone: then nobody knows their hours, so no pod time is
// called outside them.
std::optional<WorkingSchedule> known_working_schedule(Database& database, const std::string& member_id);

// Schedules the reminder of the pod's first meeting strictly after `meeting_after`
// and at least an hour after `now` (so the reminder is never in the past). One
// reminder per meeting: scheduling it twice does nothing. Returns the meeting time.
long long schedule_pod_reminder(Database& database, const Pod& pod, long long meeting_after, long long now);

// Schedules round `round` of the pool `weeks` weeks from now (once per round).
void schedule_pool_reform(Database& database, const PodPool& pool, int round, long long now);

}  // namespace mentorbot

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

// The pod's latest meeting at or before `now`, counting from `passed_meeting` (one that passed).
long long latest_meeting_by(const Pod& pod, long long passed_meeting, long long now);

// Whether a question about the meeting at `meeting_at` is moot: the pod's next meeting has
// passed too (the bot was down, or the question waited that long for someone's hours).
bool is_superseded(const Pod& pod, long long meeting_at, long long now);

// A pod's meeting inside someone's hours today can leave them when one of the two zones
// changes its clocks (Berlin and Tokyo in October, New York and Berlin for two weeks each
// spring and autumn): the first meeting after `first_meeting`, up to `until`, that falls
// outside `person`'s hours, if any.
std::optional<long long> first_meeting_outside_hours(const MeetingRhythm& rhythm, const WorkingSchedule& person,
                                                     long long first_meeting, long long until);

// How far ahead a pod's meetings are checked: to its pool's next round, else half a year.
long long meetings_checked_until(int reform_weeks, long long now);

// Schedules round `round` of the pool `weeks` weeks from now (once per round).
void schedule_pool_reform(Database& database, const PodPool& pool, int round, long long now);

}  // namespace mentorbot

// When pods meet and the jobs that follow from it: the next reminder, the next round of a pool.
#include "commands/pod_scheduling.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "domain/time_zones.h"
#include "storage/job_keys.h"
#include "storage/job_store.h"
#include "storage/member_store.h"
#include "storage/offer_store.h"

namespace mentorbot {

MeetingRhythm rhythm_of(const Pod& pod) {
    MeetingRhythm rhythm;
    rhythm.cadence = parse_cadence(pod.cadence).value_or(Cadence::weekly);
    rhythm.weekday = parse_weekday(pod.meeting_day).value_or(2);
    rhythm.minutes_of_day = parse_time_of_day(pod.meeting_time).value_or(15 * 60);
    rhythm.time_zone = pod.time_zone.empty() ? "UTC" : pod.time_zone;
    rhythm.anchor = from_unix(pod.created_at);
    return rhythm;
}

std::optional<WorkingSchedule> known_working_schedule(Database& database, const std::string& member_id) {
    auto profile = MemberStore(database).find(member_id);
    if (!profile || profile->time_zone.empty() || !is_known_time_zone(profile->time_zone)) return std::nullopt;
    return OfferStore(database).working_schedule(member_id,
                                                 {profile->time_zone, {default_hours_start, default_hours_end}});
}

long long schedule_pod_reminder(Database& database, const Pod& pod, long long meeting_after, long long now) {
    long long after = std::max(meeting_after, now + reminder_lead_seconds - 1);
    long long meeting = to_unix(next_meeting(rhythm_of(pod), from_unix(after)));
    nlohmann::json payload = {{"pod_id", pod.id}, {"meeting_at", meeting}};
    JobStore(database).schedule(JobKind::pod_reminder, payload.dump(), meeting - reminder_lead_seconds,
                                JobKey::pod_reminder(pod.id, meeting), now);
    return meeting;
}

long long latest_meeting_by(const Pod& pod, long long passed_meeting, long long now) {
    const MeetingRhythm rhythm = rhythm_of(pod);
    long long latest = passed_meeting;
    for (long long next = to_unix(next_meeting(rhythm, from_unix(latest))); next <= now;
         next = to_unix(next_meeting(rhythm, from_unix(next))))
        latest = next;
    return latest;
}

bool is_superseded(const Pod& pod, long long meeting_at, long long now) {
    return to_unix(next_meeting(rhythm_of(pod), from_unix(meeting_at))) <= now;
}

std::optional<long long> first_meeting_outside_hours(const MeetingRhythm& rhythm, const WorkingSchedule& person,
                                                     long long first_meeting, long long until) {
    // Only an offset change can move a weekly meeting out of someone's hours, so meetings
    // whose two offsets are those of the first are passed over without a look at the hours.
    const int pod_offset = utc_offset_minutes(rhythm.time_zone, from_unix(first_meeting));
    const int person_offset = utc_offset_minutes(person.time_zone, from_unix(first_meeting));
    for (long long meeting = to_unix(next_meeting(rhythm, from_unix(first_meeting))); meeting <= until;
         meeting = to_unix(next_meeting(rhythm, from_unix(meeting)))) {
        const Instant at = from_unix(meeting);
        if (utc_offset_minutes(rhythm.time_zone, at) == pod_offset &&
            utc_offset_minutes(person.time_zone, at) == person_offset)
            continue;
        if (!is_inside_working_hours(person, at)) return meeting;
    }
    return std::nullopt;
}

long long meetings_checked_until(int reform_weeks, long long now) {
    const long long weeks = reform_weeks > 0 ? reform_weeks : 26;
    return now + weeks * 7LL * 24 * 3600;
}

void schedule_pool_reform(Database& database, const PodPool& pool, int round, long long now) {
    if (pool.reform_weeks <= 0) return;
    nlohmann::json payload = {{"pool_id", pool.id}, {"round", round}};
    long long due = now + pool.reform_weeks * 7LL * 24 * 3600;
    JobStore(database).schedule(JobKind::pod_reform, payload.dump(), due, JobKey::pod_reform(pool.id, round, due), now);
}

}  // namespace mentorbot

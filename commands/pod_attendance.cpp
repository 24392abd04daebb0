// Pod attendance jobs: asks after meetings, nudges to quiet pods, each held until the member's working hours.
#include "commands/pod_attendance.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "commands/pod_scheduling.h"
#include "domain/time_zones.h"
#include "domain/working_hours.h"
#include "storage/job_keys.h"
#include "storage/job_store.h"
#include "storage/outbox_store.h"
#include "storage/pod_attendance_store.h"

namespace mentorbot {

namespace {

std::string schedule_zone_of(Database& database, const std::string& member_id) {
    auto schedule = known_working_schedule(database, member_id);
    return schedule ? schedule->time_zone : "UTC";
}

Message ask_message(Database& database, const Pod& pod, const std::string& member_id, long long meeting_at) {
    return {"📋 Did your pod " + pod.name + " meet on " +
                format_in_zone(from_unix(meeting_at), schedule_zone_of(database, member_id)) +
                "? One tap tells us; it counts towards your pod's attendance.",
            {{"We met", "/pod met " + pod.name + " answer:met"},
             {"We skipped", "/pod met " + pod.name + " answer:skipped"}}};
}

Message nudge_message(Database& database, const Pod& pod, const std::string& member_id, long long since,
                      long long now) {
    const std::string zone = schedule_zone_of(database, member_id);
    return {"👋 Pod " + pod.name + " has not recorded a meeting since " + format_in_zone(from_unix(since), zone) +
                ". Even 20 minutes keeps a pod going: the next meeting is " +
                format_in_zone(next_meeting(rhythm_of(pod), from_unix(now)), zone) +
                ". If that time no longer suits, agree a new one in the pod, or /pod leave " + pod.name + ".",
            {{"Show the pod", "/pod show " + pod.name}}};
}

// Whether the member has had half of a day's direct messages today (in their zone), counting
// what this job is about to send them: a note that can wait leaves the rest of the day to
// what cannot (offers, answers).
bool day_is_full(JobContext& context, const std::string& member_id, const std::string& zone) {
    const long long today = to_unix(local_day_start(zone, context.clock.now()));
    int count = OutboxStore(context.database).direct_messages_since(member_id, today);
    for (const OutboundMessage& message : context.outbound) {
        if (message.destination.kind == Destination::Kind::direct_message && message.destination.target == member_id)
            ++count;
    }
    return 2 * count >= context.config.max_dms_per_day;
}

// Sends the member's ask or nudge now when they are at work (or their hours are unknown) and
// their day is not full of messages yet; else holds it as a job until their working hours
// start, or those of their next day. A note held once for a full day goes out when its time
// comes (`may_wait_a_day` false), so it never waits for ever.
void send_or_hold(JobContext& context, const Pod& pod, const std::string& member_id, const std::string& what,
                  long long at, bool may_wait_a_day = true) {
    const long long now = context.now();
    const std::optional<WorkingSchedule> schedule = known_working_schedule(context.database, member_id);
    const std::string zone = schedule ? schedule->time_zone : "UTC";
    std::optional<Seconds> moment;
    if (schedule) moment = next_working_moment(*schedule, from_unix(now));
    if (may_wait_a_day && day_is_full(context, member_id, zone)) {
        const Seconds tomorrow = local_day_start(zone, from_unix(now)) + std::chrono::hours(24);
        moment = schedule ? next_working_moment(*schedule, tomorrow).value_or(tomorrow) : tomorrow;
    }
    if (moment && to_unix(*moment) > now) {
        nlohmann::json payload = {{"pod_id", pod.id}, {"member_id", member_id}, {"what", what}, {"at", at}};
        JobStore(context.database)
            .schedule(JobKind::pod_member_note, payload.dump(), to_unix(*moment),
                      JobKey::pod_member_note(pod.id, member_id, what, at), now);
        return;
    }
    if (what == "ask") {
        // One ask per member per meeting, however often this runs.
        if (!PodAttendanceStore(context.database).record_ask(pod.id, member_id, at, now)) return;
        context.outbound.push_back({Destination::member(member_id), ask_message(context.database, pod, member_id, at)});
    } else {
        context.outbound.push_back(
            {Destination::member(member_id), nudge_message(context.database, pod, member_id, at, now)});
    }
}

}  // namespace

long long cadence_seconds(const std::string& cadence) {
    constexpr long long day = 24 * 3600;
    if (cadence == "biweekly") return 14 * day;
    if (cadence == "monthly") return 31 * day;
    return 7 * day;
}

long long quiet_since(const Pod& pod, std::optional<long long> last_checkin) {
    return std::max(pod.created_at, last_checkin.value_or(0));
}

bool is_going_quiet(const Pod& pod, std::optional<long long> last_checkin, long long now) {
    return now - quiet_since(pod, last_checkin) >= 2 * cadence_seconds(pod.cadence);
}

void after_pod_reminder(JobContext& context, const Pod& pod, long long meeting_at) {
    nlohmann::json payload = {{"pod_id", pod.id}, {"meeting_at", meeting_at}};
    JobStore(context.database)
        .schedule(JobKind::pod_meeting_ask, payload.dump(), meeting_at + meeting_ask_delay_seconds,
                  JobKey::pod_meeting_ask(pod.id, meeting_at), context.now());

    PodAttendanceStore attendance(context.database);
    const auto last = attendance.last_checkin(pod.id);
    if (!is_going_quiet(pod, last, context.now())) return;
    const long long since = quiet_since(pod, last);
    // Once per quiet stretch: a nudge after the pod last met ends the stretch's nudging.
    if (auto nudged = attendance.nudged_at(pod.id); nudged && *nudged >= since) return;
    attendance.set_nudged(pod.id, context.now());
    for (const std::string& member_id : PodStore(context.database).members(pod.id))
        send_or_hold(context, pod, member_id, "nudge", since);
}

void add_pod_attendance_jobs(std::map<std::string, JobHandler>& handlers) {
    handlers[job_kind_name(JobKind::pod_meeting_ask)] = [](JobContext& context) {
        const long long pod_id = context.payload.at("pod_id").get<long long>();
        const long long meeting_at = context.payload.at("meeting_at").get<long long>();
        PodStore pods(context.database);
        auto pod = pods.find(pod_id);
        if (!pod || pod->archived()) return;                         // a pod that ended asks nothing
        if (is_superseded(*pod, meeting_at, context.now())) return;  // the next meeting's ask asks instead
        for (const std::string& member_id : pods.members(pod->id))
            send_or_hold(context, *pod, member_id, "ask", meeting_at);
    };
    handlers[job_kind_name(JobKind::pod_member_note)] = [](JobContext& context) {
        const long long pod_id = context.payload.at("pod_id").get<long long>();
        const std::string member_id = context.payload.at("member_id").get<std::string>();
        PodStore pods(context.database);
        auto pod = pods.find(pod_id);
        // The member left, was forgotten, or the pod ended while the note waited: it is moot.
        if (!pod || pod->archived() || member_id.empty() || !pods.is_member(pod->id, member_id)) return;
        const std::string what = context.payload.at("what").get<std::string>();
        const long long at = context.payload.at("at").get<long long>();
        // An ask that waited past the pod's next meeting would ask about the wrong one.
        if (what == "ask" && is_superseded(*pod, at, context.now())) return;
        send_or_hold(context, *pod, member_id, what, at, false);
    };
}

}  // namespace mentorbot

// Pod reminders (to the pod's channel or each member, in each member's zone) and scheduled re-forming.
#include "commands/pod_jobs.h"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "commands/command_context.h"
#include "model/user_error.h"
#include "commands/pod_attendance.h"
#include "commands/pod_rounds.h"
#include "commands/pod_scheduling.h"
#include "domain/time_zones.h"
#include "storage/job_keys.h"
#include "util/text.h"

namespace mentorbot {

namespace {

std::string minutes_until(long long from, long long to) {
    long long minutes = std::max(0LL, (to - from + 59) / 60);
    if (minutes >= 55 && minutes <= 65) return "in an hour";
    return "in " + std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
}

void remind(JobContext& context, const Pod& pod, long long meeting_at) {
    PodStore pods(context.database);
    std::vector<PodMemberZone> members = pods.member_zones(pod.id);
    if (members.empty()) return;
    Seconds meeting = from_unix(meeting_at);
    std::string when = minutes_until(context.now(), meeting_at);
    Button checkin{"Record that we met", "/pod checkin " + pod.name};
    if (!pod.channel_id.empty()) {
        // One post for everyone: the time in every zone the members live in, pod's own zone first.
        std::vector<std::string> zones = {pod.time_zone.empty() ? "UTC" : pod.time_zone};
        for (const auto& member : members) {
            std::string zone = member.time_zone.empty() ? "UTC" : member.time_zone;
            if (std::find(zones.begin(), zones.end(), zone) == zones.end()) zones.push_back(zone);
        }
        std::string text = "⏰ Pod " + pod.name + " meets " + when + ":";
        for (const auto& zone : zones) text += "\n• " + format_in_zone(meeting, zone);
        text += "\n";
        for (const auto& member : members) text += mention(member.member_id) + " ";
        context.outbound.push_back({Destination::channel(pod.channel_id), {text, {checkin}}});
        return;
    }
    for (const auto& member : members) {
        context.outbound.push_back(
            {Destination::member(member.member_id),
             {"⏰ Your pod " + pod.name + " meets " + when + ": " + format_in_zone(meeting, member.time_zone) + ".",
              {checkin}}});
    }
}

}  // namespace

void add_pod_jobs(std::map<std::string, JobHandler>& handlers) {
    add_pod_attendance_jobs(handlers);
    handlers[job_kind_name(JobKind::pod_reminder)] = [](JobContext& context) {
        long long pod_id = context.payload.at("pod_id").get<long long>();
        long long meeting_at = context.payload.at("meeting_at").get<long long>();
        auto pod = PodStore(context.database).find(pod_id);
        if (!pod || pod->archived()) return;  // an archived pod stops meeting
        PodStore pods(context.database);
        if (pods.members(pod->id).empty()) {
            // Its last member went (e.g. asked to be forgotten): a pod of nobody does not meet.
            pods.archive(pod->id, context.now());
            return;
        }
        if (context.now() <= meeting_at) {
            remind(context, *pod, meeting_at);
        } else {
            // Down over one meeting or more: a reminder now is moot, and the one question
            // worth asking is about the latest meeting that passed, not the first one missed.
            const long long missed = meeting_at;
            meeting_at = latest_meeting_by(*pod, meeting_at, context.now());
            spdlog::info("pod {}: the meetings from {} to {} passed while the bot was down; no late reminder",
                         escape_for_log(pod->name), missed, meeting_at);
        }
        after_pod_reminder(context, *pod, meeting_at);
        schedule_pod_reminder(context.database, *pod, meeting_at, context.now());
    };

    handlers[job_kind_name(JobKind::pod_reform)] = [](JobContext& context) {
        long long pool_id = context.payload.at("pool_id").get<long long>();
        int round = context.payload.at("round").get<int>();
        PodStore pods(context.database);
        auto pool = pods.find_pool(pool_id);
        if (!pool || pool->reform_weeks <= 0 || pool->rounds_formed >= round) return;  // stopped or already formed
        try {
            // Each round meets on the same day, time and cadence as the one before it.
            form_next_round(context.database, *pool, latest_round_settings(pods, *pool), context.now(),
                            context.outbound);
        } catch (const UserError& error) {
            // Too few signups this time: keep the current pods and try again next period.
            spdlog::info("pool {} ({} {}): round {} not formed: {}", pool->id, escape_for_log(pool->topic), pool->kind,
                         round, escape_for_log(error.what()));
            schedule_pool_reform(context.database, *pool, round, context.now());
        }
    };
}

}  // namespace mentorbot

// Forming a round of pods from a pool's signups and storing it, with the messages it sends.
#include "commands/pod_rounds.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "commands/command_context.h"
#include "model/user_error.h"
#include "commands/pod_scheduling.h"
#include "domain/format.h"
#include "domain/pod_schedule.h"
#include "domain/time_zones.h"
#include "domain/working_hours.h"
#include "storage/member_store.h"

namespace mentorbot {

namespace {

// "machine learning" → "machine-learning": pod names are typed as one word.
std::string name_stem(const std::string& topic) {
    std::string stem;
    for (char c : topic) stem += (c == ' ' || c == '\t') ? '-' : c;
    return stem;
}

int day_minute(int minute) { return (minute % (24 * 60) + 24 * 60) % (24 * 60); }

bool works_at(const PodCandidate& candidate, int utc_minute) {
    return candidate.hours_length <= 0 || day_minute(utc_minute - candidate.hours_utc_start) < candidate.hours_length;
}

// How many of the pool work at each quarter hour of the UTC day: whether anyone else shares
// a member's hours is then a look at 96 counts, however large the pool.
std::array<int, 96> working_per_quarter(const std::vector<PodCandidate>& pool) {
    std::array<int, 96> working{};
    for (const PodCandidate& candidate : pool)
        for (int quarter = 0; quarter < 96; ++quarter)
            if (works_at(candidate, quarter * 15)) ++working[static_cast<std::size_t>(quarter)];
    return working;
}

// Why a member's pod meets outside their hours, for them and for the admin.
std::string out_of_hours_reason(const std::array<int, 96>& working, const PodCandidate& member, bool formation_saw_it) {
    if (!formation_saw_it) return "the meeting falls on their day off";
    for (int quarter = 0; quarter < 96; ++quarter)
        if (works_at(member, quarter * 15) && working[static_cast<std::size_t>(quarter)] > 1)
            return "the pods meeting in their hours could not take another member within the pod sizes";
    return "nobody else in the pool works during their hours";
}

std::string unused_pod_name(PodStore& pods, const std::string& wanted) {
    std::string name = wanted;
    for (int suffix = 2; pods.find(name); ++suffix) name = wanted + "-" + std::to_string(suffix);
    return name;
}

}  // namespace

RoundSettings latest_round_settings(PodStore& pods, const PodPool& pool) {
    std::vector<Pod> latest = pods.pods_of_round(pool.id, pool.rounds_formed);
    if (latest.empty()) return {};
    const Pod& pod = latest.front();
    // The time asked for, not the one a pod moved to for its members' hours: rounds do not drift.
    return {pod.cadence, pod.meeting_day, pod.asked_time.empty() ? pod.meeting_time : pod.asked_time,
            pod.time_zone.empty() ? "UTC" : pod.time_zone};
}

std::vector<Pod> active_round_pods(PodStore& pods, const PodPool& pool) {
    std::vector<Pod> active;
    for (Pod& pod : pods.pods_of_round(pool.id, pool.rounds_formed))
        if (!pod.archived()) active.push_back(std::move(pod));
    return active;
}

std::optional<long long> next_round_at(PodStore& pods, const PodPool& pool) {
    if (pool.reform_weeks <= 0 || pool.rounds_formed == 0) return std::nullopt;
    std::vector<Pod> latest = pods.pods_of_round(pool.id, pool.rounds_formed);
    if (latest.empty()) return std::nullopt;
    // The round job is scheduled when a round is formed, which is when its pods are created.
    return latest.front().created_at + pool.reform_weeks * 7LL * 24 * 3600;
}

FormedRound form_next_round(Database& database, PodPool pool, const RoundSettings& settings, long long now,
                            std::vector<OutboundMessage>& outbound) {
    PodStore pods(database);
    const int round_number = pool.rounds_formed + 1;
    std::vector<PoolSignup> signups = pods.signups(pool.id, round_number);
    std::vector<std::string> skipping = pods.skipping(pool.id, round_number);
    if (signups.size() < 2) {
        // A pod of one is not a pod: nothing is formed and the pool waits for a second person.
        std::string sitting_out = skipping.empty()
                                      ? std::string()
                                      : " (" + std::to_string(skipping.size()) +
                                            (skipping.size() == 1 ? " more skips" : " more skip") + " this round)";
        throw conflict("only " + std::to_string(signups.size()) + " member" +
                       (signups.size() == 1 ? " has" : "s have") + " signed up for " + pool.topic + " " + pool.kind +
                       " pods" + sitting_out +
                       " and a pod needs at least 2, so no pod was formed. The pool waits for " +
                       (signups.empty() ? "signups" : "a second person") + " (/pod signup topic:" + pool.topic +
                       " kind:" + pool.kind + ").");
    }

    FormationRequest request;
    request.kind = parse_pod_kind(pool.kind);
    request.target_size = pool.size;
    request.earlier_pods = pods.earlier_pods(pool.id);
    request.seed = static_cast<std::uint64_t>(pool.id) * 1000003ULL + static_cast<std::uint64_t>(round_number);
    const Seconds at = from_unix(now);
    const int settings_offset = utc_offset_minutes(settings.time_zone, at);
    request.preferred_utc_minute = day_minute(parse_time_of_day(settings.meeting_time).value_or(15 * 60) -
                                              settings_offset);
    std::map<std::string, WorkingSchedule> schedules;
    std::map<std::string, std::size_t> candidate_index;
    std::optional<std::array<int, 96>> working;  // counted once someone meets outside their hours
    for (const PoolSignup& signup : signups) {
        candidate_index.emplace(signup.member_id, request.pool.size());
        // Unknown facts count as a mid level, one "unknown" department and start month; unknown
        // hours (no time zone) as any time.
        request.pool.push_back({signup.member_id, signup.level.value_or(3), signup.department,
                                signup.started_on.size() >= 7 ? signup.started_on.substr(0, 7) : std::string()});
        if (auto schedule = known_working_schedule(database, signup.member_id)) {
            const int offset = utc_offset_minutes(schedule->time_zone, at);
            request.pool.back().hours_utc_start = day_minute(schedule->hours.start_minute - offset);
            request.pool.back().hours_length = schedule->hours.length_minutes();
            schedules.emplace(signup.member_id, std::move(*schedule));
        }
    }

    FormedRound round;
    round.round = round_number;
    round.signups = signups.size();
    round.skipping = skipping.size();
    round.formation = form_pods(request);

    // The old pods end first, so each member reads that their pod ended before their new one:
    // in the same message for those placed again, so a new round costs them one message.
    std::map<std::string, std::string> ended_first;
    std::set<std::string> placed;
    for (const PoolSignup& signup : signups) placed.insert(signup.member_id);
    std::set<std::string> skippers(skipping.begin(), skipping.end());
    std::string round_name = "round " + std::to_string(round_number) + " of " + pool.topic + " " + pool.kind + " pods";
    for (Pod& previous : active_round_pods(pods, pool)) {
        pods.archive(previous.id, now);
        for (const std::string& member_id : pods.members(previous.id)) {
            std::string text = "🔚 Pod " + previous.name + " has ended: " + round_name + " was formed.";
            if (placed.count(member_id)) {
                ended_first[member_id] = text + "\n";
                continue;
            } else if (skippers.count(member_id)) {
                text += " You skip round " + std::to_string(round_number) + " as you asked, so no new pod for now; " +
                        "the round after places you again.";
            } else {
                text += " You are no longer in the pool, so no new pod for you. /pod signup topic:" + pool.topic +
                        " kind:" + pool.kind + " brings you back.";
            }
            outbound.push_back({Destination::member(member_id), {text, {}}});
        }
        round.ended.push_back(std::move(previous));
    }

    MemberStore members(database);
    std::map<std::string, std::optional<long long>> clock_changes;
    int index = 0;
    for (const FormedPod& formed : round.formation.pods) {
        Pod pod;
        pod.name = unused_pod_name(pods, name_stem(pool.topic) + "-" + pool.kind + "-" + std::to_string(round.round) +
                                             "-" + std::to_string(++index));
        pod.topic = pool.topic;
        pod.kind = pool.kind;
        pod.size = std::max<int>(pool.size, static_cast<int>(formed.member_ids.size()));
        pod.size = std::max(pod.size, 2);
        pod.cadence = settings.cadence;
        pod.meeting_day = settings.meeting_day;
        // The time nearest to the one asked for inside the members' hours, in the asked-for zone.
        pod.meeting_time = clock_text(day_minute(formed.meeting_utc_minute + settings_offset));
        pod.asked_time = settings.meeting_time;
        pod.time_zone = settings.time_zone;
        pod.pool_id = pool.id;
        pod.round = round.round;
        pod.explanation = describe_pod(formed, request.kind);
        pod.created_at = now;
        pod.id = pods.create(pod);
        for (const std::string& member_id : formed.member_ids) pods.add_member(pod.id, member_id, now);
        long long first_meeting = schedule_pod_reminder(database, pod, now, now);
        // The meeting itself is the test: a member it falls outside of is warned, as is the admin.
        std::map<std::string, std::string> warnings;
        for (const std::string& member_id : formed.member_ids) {
            auto known = schedules.find(member_id);
            if (known == schedules.end()) continue;
            const WorkingSchedule& schedule = known->second;
            if (is_inside_working_hours(schedule, from_unix(first_meeting))) {
                // The round's pods share their rhythm but for the time, so one look per time,
                // zone and hours serves them all (a round of 100,000 has a handful of each).
                const std::string key = pod.meeting_time + " " + schedule.time_zone + " " + schedule.hours.to_string();
                auto checked = clock_changes.find(key);
                if (checked == clock_changes.end()) {
                    checked = clock_changes
                                  .emplace(key,
                                           first_meeting_outside_hours(rhythm_of(pod), schedule, first_meeting,
                                                                       meetings_checked_until(pool.reform_weeks, now)))
                                  .first;
                }
                const std::optional<long long>& moved = checked->second;
                if (!moved) continue;
                OutOfHours out{member_id, pod.name, schedule.hours.to_string() + " (" + schedule.time_zone + ")",
                               format_in_zone(from_unix(*moved), schedule.time_zone),
                               "a clock change moves the meeting there (the ones before are inside their hours)"};
                warnings[member_id] = "\n⚠️ When the clocks change, this pod's meeting on " + out.meeting +
                                      " falls outside your working hours (" + out.hours +
                                      "), and the pod keeps its time. The admin was told; /pod leave " + pod.name +
                                      " if it does not work for you.";
                round.out_of_hours.push_back(std::move(out));
                continue;
            }
            const bool seen = std::find(formed.outside_hours.begin(), formed.outside_hours.end(), member_id) !=
                              formed.outside_hours.end();
            if (!working) working = working_per_quarter(request.pool);
            const PodCandidate& candidate = request.pool[candidate_index.at(member_id)];
            OutOfHours out{member_id, pod.name, schedule.hours.to_string() + " (" + schedule.time_zone + ")",
                           format_in_zone(from_unix(first_meeting), schedule.time_zone),
                           out_of_hours_reason(*working, candidate, seen)};
            warnings[member_id] = "\n⚠️ This pod meets outside your working hours (" + out.hours +
                                  "): " + out.reason +
                                  ", so you are in the nearest pod. The admin was told; /pod leave " + pod.name +
                                  " if it does not work for you.";
            round.out_of_hours.push_back(std::move(out));
        }

        for (const std::string& member_id : formed.member_ids) {
            std::string others;
            for (const std::string& other : formed.member_ids)
                if (other != member_id) others += (others.empty() ? "" : ", ") + mention(other);
            auto profile = members.find(member_id);
            std::string zone = profile ? profile->time_zone : std::string();
            outbound.push_back(
                {Destination::member(member_id),
                 {ended_first[member_id] + "🫂 You are in " + pool.kind + " pod " + pod.name + " (" + pool.topic +
                      ", round " + std::to_string(round.round) + ") with " +
                      (others.empty() ? "nobody else yet" : others) + ".\nWhy this pod: " + pod.explanation +
                      "\nMeets " + describe_rhythm(rhythm_of(pod)) + "; first meeting " +
                      format_in_zone(from_unix(first_meeting), zone) + "." + warnings[member_id],
                  {{"Show the pod", "/pod show " + pod.name}}}});
        }
        round.pods.push_back(std::move(pod));
    }

    pool.rounds_formed = round.round;
    pods.save_pool(pool);
    schedule_pool_reform(database, pool, round.round + 1, now);
    round.next_round_at = next_round_at(pods, pool);
    return round;
}

}  // namespace mentorbot

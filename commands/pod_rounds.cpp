// Forming a round of pods from a pool's signups and storing it, with the messages it sends.
#include "commands/pod_rounds.h"

#include "commands/command_context.h"
#include "model/user_error.h"
#include "commands/pod_scheduling.h"
#include "domain/time_zones.h"
#include "storage/member_store.h"

namespace mentorbot {

namespace {

// "machine learning" → "machine-learning": pod names are typed as one word.
std::string name_stem(const std::string& topic) {
    std::string stem;
    for (char c : topic) stem += (c == ' ' || c == '\t') ? '-' : c;
    return stem;
}

std::string unused_pod_name(PodStore& pods, const std::string& wanted) {
    std::string name = wanted;
    for (int suffix = 2; pods.find(name); ++suffix) name = wanted + "-" + std::to_string(suffix);
    return name;
}

}  // namespace

FormedRound form_next_round(Database& database, PodPool pool, const RoundSettings& settings, long long now,
                            std::vector<OutboundMessage>& outbound) {
    PodStore pods(database);
    std::vector<PoolSignup> signups = pods.signups(pool.id);
    if (signups.size() < 2) {
        // A pod of one is not a pod: nothing is formed and the pool waits for a second person.
        throw conflict("only " + std::to_string(signups.size()) + " member" +
                       (signups.size() == 1 ? " has" : "s have") + " signed up for " + pool.topic + " " + pool.kind +
                       " pods and a pod needs at least 2, so no pod was formed. The pool waits for " +
                       (signups.empty() ? "signups" : "a second person") + " (/pod signup topic:" + pool.topic +
                       " kind:" + pool.kind + ").");
    }

    FormationRequest request;
    request.kind = parse_pod_kind(pool.kind);
    request.target_size = pool.size;
    request.earlier_pods = pods.earlier_pods(pool.id);
    request.seed = static_cast<std::uint64_t>(pool.id) * 1000003ULL +
                   static_cast<std::uint64_t>(pool.rounds_formed + 1);
    for (const PoolSignup& signup : signups) {
        // Unknown facts count as a mid level, one "unknown" department and start month.
        request.pool.push_back({signup.member_id, signup.level.value_or(3), signup.department,
                                signup.started_on.size() >= 7 ? signup.started_on.substr(0, 7) : std::string()});
    }

    FormedRound round;
    round.round = pool.rounds_formed + 1;
    round.signups = signups.size();
    round.formation = form_pods(request);

    for (const Pod& previous : pods.pods_of_round(pool.id, pool.rounds_formed)) pods.archive(previous.id, now);

    MemberStore members(database);
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
        pod.meeting_time = settings.meeting_time;
        pod.time_zone = settings.time_zone;
        pod.pool_id = pool.id;
        pod.round = round.round;
        pod.explanation = describe_pod(formed, request.kind);
        pod.created_at = now;
        pod.id = pods.create(pod);
        for (const std::string& member_id : formed.member_ids) pods.add_member(pod.id, member_id, now);
        long long first_meeting = schedule_pod_reminder(database, pod, now, now);

        for (const std::string& member_id : formed.member_ids) {
            std::string others;
            for (const std::string& other : formed.member_ids)
                if (other != member_id) others += (others.empty() ? "" : ", ") + mention(other);
            auto profile = members.find(member_id);
            std::string zone = profile ? profile->time_zone : std::string();
            outbound.push_back(
                {Destination::member(member_id),
                 {"🫂 You are in " + pool.kind + " pod " + pod.name + " (" + pool.topic + ", round " +
                      std::to_string(round.round) + ") with " + (others.empty() ? "nobody else yet" : others) +
                      ".\nWhy this pod: " + pod.explanation + "\nMeets " + describe_rhythm(rhythm_of(pod)) +
                      "; first meeting " + format_in_zone(from_unix(first_meeting), zone) + ".",
                  {{"Show the pod", "/pod show " + pod.name}}}});
        }
        round.pods.push_back(std::move(pod));
    }

    pool.rounds_formed = round.round;
    pods.save_pool(pool);
    schedule_pool_reform(database, pool, round.round + 1, now);
    return round;
}

}  // namespace mentorbot

// Keeps each member within limits.dms_per_day: notes that can wait are held to their next working day.
#include "commands/dm_budget.h"

#include <functional>

#include <nlohmann/json.hpp>

#include "commands/pod_scheduling.h"
#include "storage/job_keys.h"
#include "storage/job_store.h"
#include "storage/message_codec.h"
#include "storage/outbox_store.h"

namespace mentorbot {

namespace {

std::string zone_of(Database& database, const std::string& member_id) {
    auto schedule = known_working_schedule(database, member_id);
    return schedule ? schedule->time_zone : "UTC";
}

int about_to_be_sent(const std::vector<OutboundMessage>& outbound, const std::string& member_id) {
    int count = 0;
    for (const OutboundMessage& message : outbound) {
        if (message.destination.kind == Destination::Kind::direct_message && message.destination.target == member_id)
            ++count;
    }
    return count;
}

}  // namespace

int direct_messages_today(Database& database, Seconds now, const std::vector<OutboundMessage>& outbound,
                          const std::string& member_id) {
    const long long today = to_unix(local_day_start(zone_of(database, member_id), now));
    return OutboxStore(database).direct_messages_since(member_id, today) + about_to_be_sent(outbound, member_id);
}

void send_or_hold(Database& database, const Config& config, Seconds now, std::vector<OutboundMessage>& outbound,
                  const std::string& member_id, const Message& message, const HeldNoteSubject& subject) {
    if (member_id.empty()) return;  // a member who asked to be forgotten has no address left
    if (2 * direct_messages_today(database, now, outbound, member_id) < config.max_dms_per_day) {
        outbound.push_back({Destination::member(member_id), message});
        return;
    }
    const std::optional<WorkingSchedule> schedule = known_working_schedule(database, member_id);
    const std::string zone = schedule ? schedule->time_zone : "UTC";
    const Seconds tomorrow = local_day_start(zone, now) + std::chrono::hours(24);
    const Seconds at = schedule ? next_working_moment(*schedule, tomorrow).value_or(tomorrow) : tomorrow;
    const std::string encoded = encode_message(message);
    nlohmann::json payload = {{"member_id", member_id}, {"message", encoded}, {"about", subject.to_json()}};
    JobStore(database).schedule(JobKind::held_note, payload.dump(), to_unix(at),
                                JobKey::held_note(member_id, to_unix(now), std::hash<std::string>{}(encoded)),
                                to_unix(now));
}

namespace {

// Room kept for the offer's own end (a note when it lapses) and a match or an answer.
int offers_stop_at(const Config& config) { return config.max_dms_per_day - 2; }

// Whether the member may have had a full day of messages so far: false when even the last two
// days hold too few, which needs neither their zone nor their profile read.
bool could_be_full(Database& database, const Config& config, Seconds now, const std::vector<OutboundMessage>& outbound,
                   const std::string& member_id) {
    // A local day began at most a day and a daylight-saving shift ago: within the last two days.
    const long long two_days_ago = to_unix(now - std::chrono::hours(48));
    return OutboxStore(database).direct_messages_since(member_id, two_days_ago) +
               about_to_be_sent(outbound, member_id) >=
           offers_stop_at(config);
}

}  // namespace

std::unordered_map<std::string, int> busy_members_today(Database& database, const Config& config, Seconds now) {
    // A local day is at most a day long: whoever had fewer messages in the last day is not full.
    std::unordered_map<std::string, int> busy;
    for (const std::string& member_id : OutboxStore(database).members_with_direct_messages_since(
             to_unix(now - std::chrono::hours(24)), offers_stop_at(config)))
        busy[member_id] = direct_messages_today(database, now, {}, member_id);
    return busy;
}

std::unordered_set<std::string> mentors_with_full_days(Database& database, const Config& config, Seconds now,
                                                       const std::unordered_map<std::string, int>& busy_today,
                                                       const std::vector<OutboundMessage>& outbound) {
    std::unordered_map<std::string, int> today = busy_today;
    std::unordered_set<std::string> counted;
    for (const OutboundMessage& message : outbound) {
        if (message.destination.kind != Destination::Kind::direct_message) continue;
        const std::string& member_id = message.destination.target;
        if (busy_today.count(member_id)) ++today[member_id];
        else if (counted.insert(member_id).second && could_be_full(database, config, now, outbound, member_id))
            today[member_id] = direct_messages_today(database, now, outbound, member_id);
    }
    std::unordered_set<std::string> full;
    for (const auto& [member_id, count] : today) {
        if (count >= offers_stop_at(config)) full.insert(member_id);
    }
    return full;
}

void add_held_note_jobs(std::map<std::string, JobHandler>& handlers) {
    handlers[job_kind_name(JobKind::held_note)] = [](JobContext& context) {
        const std::string member_id = context.payload.at("member_id").get<std::string>();
        const Message message = decode_message(context.payload.at("message").get<std::string>());
        const HeldNoteSubject subject = HeldNoteSubject::from_json(context.payload);
        // News that went stale while it waited (the request found a mentor, the session was
        // rated) is dropped rather than sent late.
        if (!is_still_due(context.database, subject, member_id)) return;
        // A day that filled up again holds the note once more: it goes on the first day with room.
        send_or_hold(context.database, context.config, context.clock.now(), context.outbound, member_id, message,
                     subject);
    };
}

}  // namespace mentorbot

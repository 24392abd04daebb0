// Matching a stored request, offering it, moving on after a no, and queueing when nobody fits.
#include "commands/flash_flow.h"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "commands/command_context.h"
#include "domain/calendar.h"
#include "storage/feedback_store.h"
#include "storage/job_keys.h"
#include "storage/job_store.h"
#include "storage/member_store.h"
#include "storage/mentor_pool_store.h"
#include "storage/offer_store.h"
#include "storage/session_store.h"

namespace mentorbot {

namespace {

// Used for a requester whose profile has no level yet (and said so in the reply).
constexpr int assumed_requester_level = 3;

std::string kind_label(const FlashRequest& request) {
    return request.kind + ", " + request.topic + ", " + std::to_string(request.minutes) + " min";
}

WorkingSchedule schedule_of_member(Database& database, const Config& config, const std::string& member_id) {
    WorkingSchedule schedule;
    schedule.time_zone = "UTC";
    schedule.hours = {config.default_hours_start, config.default_hours_end};
    return OfferStore(database).working_schedule(member_id, std::move(schedule));
}

std::string ask_text(Database& database, const FlashRequest& request) {
    std::string text = mention(request.requester_id) + " asks for " + request.kind + " help on " + request.topic +
                       " (" + std::to_string(request.minutes) + " min), request #" + std::to_string(request.id) + ".";
    if (!request.note.empty()) text += "\nNote: " + request.note;
    if (request.when_at) {
        const auto when = from_unix(*request.when_at);
        auto profile = MemberStore(database).find(request.requester_id);
        text += "\nThe moment to observe: " +
                format_in_zone(when, profile && !profile->time_zone.empty() ? profile->time_zone : "UTC");
    }
    return text;
}

void schedule_weekly_reset(FlashFlow& flow) {
    // Capacity comes back on Monday 00:00 UTC; queued requests get another round then.
    const Seconds next_week = week_start(flow.now) + std::chrono::days(7);
    JobStore(flow.database)
        .schedule(JobKind::weekly_reset, "{}", to_unix(next_week), JobKey::weekly_reset(to_unix(next_week)),
                  to_unix(flow.now));
}

}  // namespace

WorkingSchedule working_schedule_of(Database& database, const Config& config, const std::string& member_id) {
    return schedule_of_member(database, config, member_id);
}

std::string display_name_of(Database& database, const std::string& member_id) {
    auto profile = MemberStore(database).find(member_id);
    return profile && !profile->display_name.empty() ? profile->display_name : member_id;
}

RequestMatch match_request(FlashFlow& flow, const FlashRequest& request) {
    MentorPoolStore pool(flow.database);
    MatchRequest match;
    match.request_id = request.id;
    match.requester_id = request.requester_id;
    auto profile = MemberStore(flow.database).find(request.requester_id);
    match.requester_level = profile && profile->level ? *profile->level : assumed_requester_level;
    if (profile) {
        match.requester_department = profile->department;
        match.requester_goals = flow.config.aliases.canonical(profile->goals);
    }
    match.requester_schedule = working_schedule_of(flow.database, flow.config, request.requester_id);
    match.kind = parse_request_kind(request.kind).value_or(RequestKind::flash);
    match.topic = request.topic;
    if (request.when_at) match.when = from_unix(*request.when_at);

    const auto waiting = RequestStore(flow.database).competing(request.id, assumed_requester_level);
    std::vector<std::string> topics{request.topic};
    for (const CompetingRequest& other : *waiting) {
        if (std::find(topics.begin(), topics.end(), other.topic) == topics.end()) topics.push_back(other.topic);
    }
    RequestMatch found{pool.offering_any(topics, to_unix(week_start(flow.now))), {}};

    MatchHistory history;
    history.declined_this_request = RequestStore(flow.database).declined_by(request.id);
    SessionStore sessions(flow.database);
    history.rated_badly_with = sessions.rated_badly_with(request.requester_id);
    for (const auto& [other, at] : sessions.last_met(request.requester_id)) history.last_met[other] = from_unix(at);
    history.mentor_rating_on_topic = FeedbackStore(flow.database).mentor_ratings_on(request.topic);
    found.result = match_mentors(match, *found.mentors, history, *waiting, flow.now);
    return found;
}

std::string offer_to_next_candidate(FlashFlow& flow, const FlashRequest& request, bool quiet_when_nobody) {
    RequestStore requests(flow.database);
    const std::string label = "Request #" + std::to_string(request.id) + " (" + kind_label(request) + ")";
    if (request.candidates_tried >= flow.config.max_candidates) {
        requests.mark_queued(request.id, request.status, request.candidates_tried,
                             std::to_string(request.candidates_tried) + " mentors were offered it without a yes.");
        schedule_weekly_reset(flow);
        return label + ": " + std::to_string(request.candidates_tried) +
               " mentors were asked and none could take it, so it waits. I will offer it again as soon as a "
               "mentor offers, resumes or has room again, and tell you.";
    }
    const RequestMatch match = match_request(flow, request);
    const MatchResult& result = match.result;
    if (result.ranked.empty()) {
        if (quiet_when_nobody) return {};
        requests.mark_queued(request.id, request.status, request.candidates_tried, result.summary);
        schedule_weekly_reset(flow);
        return label + " is queued: " + result.summary +
               " I will offer it as soon as a mentor who fits offers, resumes or has room again, and tell you.";
    }
    const RankedMentor& first = result.ranked.front();
    const std::string& mentor_id = first.mentor->member_id;
    const int round = request.candidates_tried + 1;
    if (!requests.mark_offered(request.id, request.status, mentor_id, round, result.summary, to_unix(flow.now))) {
        return label + " changed meanwhile; nothing was offered.";
    }
    const auto expires = flow.now + flow.config.offer_expiry;
    nlohmann::json payload{{"request", request.id}, {"candidate", mentor_id}, {"round", round}};
    JobStore(flow.database)
        .schedule(JobKind::offer_expiry, payload.dump(), to_unix(expires), JobKey::offer(request.id, round),
                  to_unix(flow.now));

    Message offer;
    offer.text = ask_text(flow.database, request) + "\nWhy you: " + first.explanation + "\nPlease answer within " +
                 std::to_string(flow.config.offer_expiry.count()) + " min (/flash accept " +
                 std::to_string(request.id) + " or /flash decline " + std::to_string(request.id) + ").";
    offer.buttons = {{"Accept", "/flash accept " + std::to_string(request.id)},
                     {"Decline", "/flash decline " + std::to_string(request.id)}};
    flow.outbound.push_back({Destination::member(mentor_id), offer});
    return label + ": offered to " + mention(mentor_id) + ". Why: " + result.summary + " They have " +
           std::to_string(flow.config.offer_expiry.count()) + " min to answer; I will tell you.";
}

void rematch_queued_requests(FlashFlow& flow) {
    RequestStore requests(flow.database);
    for (FlashRequest request : requests.queued()) {
        if (request.requester_id.empty()) continue;  // the requester asked to be forgotten
        // A new round: mentors who declined stay excluded, everyone else may be asked again.
        request.candidates_tried = 0;
        const std::string told = offer_to_next_candidate(flow, request, true);
        if (!told.empty()) {
            flow.outbound.push_back({Destination::member(request.requester_id), {"Good news: " + told, {}}});
        }
    }
    if (!requests.queued().empty()) schedule_weekly_reset(flow);
}

void rematch_queued_requests(Database& database, const Config& config, Seconds now,
                             std::vector<OutboundMessage>& outbound) {
    FlashFlow flow{database, config, now, outbound};
    rematch_queued_requests(flow);
}

Message feedback_request_message(long long session_id, const std::string& topic, const std::string& other_member) {
    Message message;
    message.text = "How was your session #" + std::to_string(session_id) + " on " + topic + " with " +
                   mention(other_member) +
                   "? Rate it from 1 (not useful) to 5 (very useful). You can add "
                   "goal:met|partly|not and a comment: /feedback session id:" +
                   std::to_string(session_id) + " rating:5 goal:met comment:\"…\"";
    for (int rating = 1; rating <= 5; ++rating) {
        message.buttons.push_back({std::to_string(rating), "/feedback session id:" + std::to_string(session_id) +
                                                               " rating:" + std::to_string(rating)});
    }
    return message;
}

}  // namespace mentorbot

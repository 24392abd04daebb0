// /flash request|accept|decline|done|cancel|list|why (and outcome, reschedule) — asking for help and answering offers.
#include <chrono>
#include <sstream>

#include <nlohmann/json.hpp>

#include "commands/command_context.h"
#include "commands/command_specs.h"
#include "model/member_id.h"
#include "model/user_error.h"
#include "commands/flash_flow.h"
#include "commands/long_term_rhythm.h"
#include "commands/meeting_calendar.h"
#include "commands/session_outcomes.h"
#include "commands/shared_options.h"
#include "commands/topic_hints.h"
#include "domain/calendar.h"
#include "domain/matching.h"
#include "domain/tags.h"
#include "util/text.h"
#include "domain/local_moment.h"
#include "domain/working_hours.h"
#include "storage/job_keys.h"
#include "storage/feedback_store.h"
#include "storage/job_store.h"
#include "storage/member_store.h"
#include "storage/offer_store.h"
#include "storage/request_store.h"
#include "storage/session_store.h"

namespace mentorbot {

namespace {

// A slot is suggested at least this far ahead, so both can see the message first.
constexpr auto slot_lead_time = std::chrono::minutes(30);
// Without any shared working hours there is no slot; feedback is asked two days later.
constexpr auto feedback_without_slot = std::chrono::hours(48);

FlashFlow flow_of(CommandContext& context, Reply& reply) {
    return FlashFlow{context.database, context.config, context.clock.now(), reply.outbound};
}

FlashRequest require_request(CommandContext& context) {
    const long long id = context.arguments().integer("id").value_or(0);
    auto request = RequestStore(context.database).find(id);
    if (!request) throw not_found("there is no request #" + std::to_string(id) + ".");
    return *request;
}

std::string request_label(const FlashRequest& request) {
    return "request #" + std::to_string(request.id) + " (" + request.kind + ", " + request.topic + ")";
}

bool is_requester(CommandContext& context, const FlashRequest& request) {
    return !request.requester_id.empty() && request.requester_id == context.caller().member_id();
}

bool is_candidate(CommandContext& context, const FlashRequest& request) {
    return !request.candidate_id.empty() && request.candidate_id == context.caller().member_id();
}

void require_involved(CommandContext& context, const FlashRequest& request) {
    if (!is_requester(context, request) && !is_candidate(context, request)) {
        throw not_allowed("only the people in request #" + std::to_string(request.id) + " can act on it or see it.");
    }
}

// Accept and decline answer an offer: someone never offered the request is told no more
// about it than /flash why would tell them.
void require_offered_once(CommandContext& context, const FlashRequest& request) {
    if (is_candidate(context, request)) return;
    RequestStore requests(context.database);
    const std::string me = context.caller().member_id();
    if (requests.lapsed_offer(request.id, me) || requests.declined_by(request.id).contains(me)) return;
    require_involved(context, request);
}

// A mentor whose offer lapsed unanswered may still say yes while the request waits for
// someone: silence was not a no, and the first yes wins.
bool accepts_late(CommandContext& context, const FlashRequest& request) {
    if (is_candidate(context, request)) return false;
    if (!request.is(RequestStatus::queued) && !request.is(RequestStatus::offered)) return false;
    return RequestStore(context.database).lapsed_offer(request.id, context.caller().member_id());
}

// A requester who asked to be forgotten leaves their open request behind; its offer
// expiry closes it.
void require_requester_present(const FlashRequest& request) {
    if (request.requester_id.empty()) {
        throw conflict("the person who asked for request #" + std::to_string(request.id) +
                       " has left mentorbot, so no answer is needed.");
    }
}

std::string zone_of(CommandContext& context, const std::string& member_id) {
    auto profile = MemberStore(context.database).find(member_id);
    return profile && !profile->time_zone.empty() ? profile->time_zone : "UTC";
}

WorkingSchedule schedule_of(CommandContext& context, const std::string& member_id) {
    return working_schedule_of(context.database, context.config, member_id);
}

// The mentor a member names (mentor:@ben, or an admin's assign) must be a mentor of the
// caller's own workspace or server and pass the hard rules for this request; otherwise the
// answer says why, in the words of match explanations, and nothing is stored.
std::string require_named_mentor(CommandContext& context, const FlashRequest& request, const std::string& mentor_id,
                                 bool assigned = false) {
    const std::optional<MemberId> mentor = MemberId::parse(mentor_id);
    if (!mentor || std::string(mentor->tenant_key()) != context.caller_tenant()) {
        throw not_allowed("you can only ask mentors of " + context.caller_tenant_name() + ".");
    }
    if (mentor_id == request.requester_id) {
        throw UserError(assigned ? "the person who asked cannot be their own mentor; choose someone else."
                                 : "you cannot ask yourself; choose another mentor or leave mentor: out.");
    }
    if (!OfferStore(context.database).find(mentor_id)) {
        throw not_found(mention(mentor_id) +
                        " does not offer to mentor here. See who does: /mentor list topic:" + request.topic + ".");
    }
    std::vector<OutboundMessage> none;
    FlashFlow flow{context.database, context.config, context.clock.now(), none};
    if (const std::string why = named_mentor_refusal(flow, request, mentor_id, assigned); !why.empty()) {
        throw conflict(
            (assigned ? "cannot assign request #" + std::to_string(request.id) + " to " : std::string("cannot ask ")) +
            mention(mentor_id) + ": " + why + ". Nothing was " + (assigned ? "changed" : "stored") +
            "; /mentor list topic:" + request.topic + " shows who offers it.");
    }
    return mentor_id;
}

Reply request_help(CommandContext& context) {
    const Arguments& arguments = context.arguments();
    const std::string topic = context.config.aliases.canonical(normalize_tag(arguments.text("topic").value_or("")));
    if (topic.empty()) throw UserError("tell me the topic you need help with, e.g. /flash request kubernetes.");
    const std::string kind_name = arguments.text("kind").value_or("flash");
    const RequestKind kind = parse_request_kind(kind_name).value_or(RequestKind::flash);
    const std::string note = trim(arguments.text("note").value_or(""));
    if (kind == RequestKind::micro && note.empty()) {
        throw UserError("a micro request needs the challenge in a note, e.g. note:\"my pod keeps missing deadlines\".");
    }
    std::optional<long long> when_at;
    if (auto when = arguments.text("when")) {
        const std::string zone = zone_of(context, context.caller().member_id());
        auto instant = parse_local_moment(*when, zone, context.clock.now());
        if (!instant) {
            throw UserError("when must be a date and time like \"2026-03-01 14:30\" or \"tomorrow 14:30\" (got `" +
                            *when + "`).");
        }
        if (*instant <= context.clock.now()) {
            throw UserError("when must be in the future (" + *when + " in " + zone + " has passed).");
        }
        when_at = to_unix(*instant);
    }
    std::optional<int> rhythm_days;
    if (auto every = arguments.text("every")) {
        if (kind != RequestKind::long_term) {
            throw UserError("every: sets how often a long-term pairing meets (2w or 4w); use it with kind:long-term.");
        }
        rhythm_days = rhythm_days_of(*every);
        if (!rhythm_days) throw UserError("every must be 2w or 4w (got `" + *every + "`).");
    }
    if (kind == RequestKind::long_term && !rhythm_days) rhythm_days = default_rhythm_days;
    if (kind == RequestKind::shadow && !when_at) {
        throw UserError("a shadow request needs the moment to observe: when:\"YYYY-MM-DD HH:MM\" in your time zone.");
    }
    // Pending offers hold mentors back from others: one member cannot fill the queue alone.
    RequestStore requests(context.database);
    const std::string me = context.caller().member_id();
    if (requests.open_count(me) >= context.config.max_open_requests) {
        throw conflict("you already have " + std::to_string(context.config.max_open_requests) +
                       " requests waiting for a mentor, the most one person may have at once. See them with "
                       "/flash list; cancel one with /flash cancel <id> to ask for something else.");
    }
    const int same_topic = requests.open_count_on(me, topic);
    const std::optional<std::string> named = arguments.text("mentor");
    const bool only = arguments.flag("only").value_or(false);
    if (only && !named) throw UserError("only:yes goes with mentor:@name, the one mentor to ask.");
    FlashRequest request;
    request.requester_id = context.caller().member_id();
    request.kind = std::string(request_kind_name(kind));
    request.topic = topic;
    request.minutes = arguments.text("minutes") ? std::stoi(*arguments.text("minutes")) : default_minutes(kind);
    request.note = note;
    request.when_at = when_at;
    request.rhythm_days = rhythm_days;
    request.status = status_name(RequestStatus::fresh);
    request.created_at = context.now();
    if (named) {
        request.preferred_mentor = require_named_mentor(context, request, *named);
        request.preferred_only = only;
    }
    request.id = requests.create(request);
    // If nobody has taken it after a few of the requester's working days, they hear why and
    // what they can do, rather than waiting in silence.
    const WorkingSchedule own = schedule_of(context, me);
    const Seconds update_at =
        after_working_minutes(own, context.clock.now(),
                              std::chrono::minutes(context.config.waiting_update_days * own.hours.length_minutes()));
    JobStore(context.database)
        .schedule(JobKind::waiting_update, nlohmann::json{{"request", request.id}}.dump(), to_unix(update_at),
                  JobKey::waiting_update(request.id), context.now());

    Reply reply;
    FlashFlow flow = flow_of(context, reply);
    reply.response.text = offer_to_next_candidate(flow, request);
    // A topic nobody here offers is often a slip ("kubernets") or another spelling: say
    // which offered topics come close, and how to ask about one of them instead.
    if (const std::vector<OfferedTopic> meant = topics_meant(context, topic); !meant.empty()) {
        const std::string id = std::to_string(request.id);
        reply.response.text += "\n" + did_you_mean(meant) + " To ask about " +
                               (meant.size() == 1 ? meant.front().first : "one of those") +
                               " instead, cancel this request (/flash cancel " + id + ") and ask again: " +
                               context.registry.example("flash", "request", {{"topic", meant.front().first}}) + ".";
        reply.response.buttons.push_back({"Cancel #" + id, "/flash cancel " + id});
    }
    if (same_topic > 0) {
        reply.response.text += "\nNote: you already have " + std::string(same_topic == 1 ? "a request" : "requests") +
                               " on " + topic + " waiting (see /flash list); cancel the one you no longer need.";
    }
    auto profile = MemberStore(context.database).find(request.requester_id);
    if (!profile || !profile->level || profile->time_zone.empty()) {
        reply.response.text += "\nTip: set your level and time zone (/profile set level:junior tz:Europe/Berlin) "
                               "so matching can use them.";
    }
    return reply;
}

std::string slot_lines(CommandContext& context, std::optional<Seconds> slot, const std::string& reader,
                       const std::string& other) {
    if (!slot) {
        return "Your working hours do not overlap in the next two weeks: agree on a time directly.";
    }
    return "Suggested slot: " + format_in_zone(*slot, zone_of(context, reader)) + " for you, " +
           format_in_zone(*slot, zone_of(context, other)) + " for " + mention(other) + ".";
}

// Why this caller may not accept the request now, as the user error that says so.
void require_acceptable(CommandContext& context, const FlashRequest& request) {
    if (is_requester(context, request)) throw not_allowed("you cannot accept your own " + request_label(request) + ".");
    require_offered_once(context, request);
    require_requester_present(request);
    if (request.is(RequestStatus::accepted) && is_candidate(context, request)) {
        throw conflict("you already accepted " + request_label(request) + ".");
    }
    if ((!request.is(RequestStatus::offered) || !is_candidate(context, request)) && !accepts_late(context, request)) {
        throw not_allowed(request_label(request) + " is not offered to you" +
                          (request.is(RequestStatus::cancelled)  ? ": it was cancelled."
                           : request.is(RequestStatus::accepted) ? ": someone else has taken it."
                                                                 : " (any more)."));
    }
}

// Marks the request accepted by the mentor and withdraws the offer's expiry. A late yes
// also withdraws the offer someone else holds now, and tells them.
void claim_offer(CommandContext& context, const FlashRequest& request, const std::string& mentor_id, Reply& reply) {
    RequestStore requests(context.database);
    const bool late = !is_candidate(context, request);
    const bool claimed = late ? requests.mark_accepted_late(request.id, request.status, mentor_id, context.now())
                              : requests.mark_accepted(request.id, mentor_id, context.now());
    if (!claimed) throw conflict(request_label(request) + " changed meanwhile; nothing was accepted.");
    JobStore(context.database).cancel(JobKey::offer(request.id, request.candidates_tried, request.pass));
    // The words kept with the request were about whoever it was going to next: a late yes
    // is its own reason.
    if (late) {
        requests.set_explanation(request.id,
                                 display_name_of(context.database, mentor_id) +
                                     " was offered it earlier and said yes after that offer had lapsed.",
                                 "");
    }
    if (late && request.is(RequestStatus::offered) && !request.candidate_id.empty()) {
        // Remembered like a lapsed offer, so their own late click is answered plainly.
        requests.add_silence(request.id, request.candidate_id, context.now());
        reply.outbound.push_back({Destination::member(request.candidate_id),
                                  {mention(mentor_id) + " has taken " + request_label(request) +
                                       ", so the offer to you is withdrawn. No answer needed.",
                                   {}}});
    }
}

// A shadow request meets at the moment to observe; the others at the first time both work.
std::optional<Seconds> meeting_slot(CommandContext& context, const FlashRequest& request, RequestKind kind,
                                    const std::string& mentor_id) {
    if (kind == RequestKind::shadow && request.when_at) return from_unix(*request.when_at);
    // Not on top of another session either of them already has.
    std::vector<BusyTime> busy;
    SessionStore sessions(context.database);
    for (const std::string& person : {request.requester_id, mentor_id}) {
        for (const auto& [start, end] : sessions.booked_from(person, context.now()))
            busy.emplace_back(from_unix(start), from_unix(end));
    }
    return suggest_slot(schedule_of(context, request.requester_id), schedule_of(context, mentor_id),
                        context.clock.now(), slot_lead_time, std::chrono::minutes(request.minutes), busy);
}

Session start_session(CommandContext& context, const FlashRequest& request, RequestKind kind,
                      std::optional<Seconds> slot, const std::string& mentor_id) {
    Session session;
    session.request_id = request.id;
    session.mentor_id = mentor_id;
    session.mentee_id = request.requester_id;
    session.kind = request.kind;
    session.topic = request.topic;
    if (slot) session.starts_at = to_unix(*slot);
    session.minutes = request.minutes;
    session.status = status_name(kind == RequestKind::long_term ? SessionStatus::active : SessionStatus::scheduled);
    if (kind == RequestKind::long_term) session.rhythm_days = request.rhythm_days.value_or(default_rhythm_days);
    session.created_at = context.now();
    SessionStore sessions(context.database);
    session.id = sessions.create(session);
    sessions.note_matched(mentor_id, context.now());
    return session;
}

// A long-term pairing gets its first check-in; any other session a feedback request once it is over.
void schedule_follow_up(CommandContext& context, const FlashRequest& request, RequestKind kind, const Session& session,
                        std::optional<Seconds> slot) {
    JobStore jobs(context.database);
    const Seconds start = slot.value_or(context.clock.now());
    if (kind == RequestKind::long_term) {
        schedule_check_in(context.database, session.id, 1,
                          start + std::chrono::days(session.rhythm_days.value_or(default_rhythm_days)), context.now());
    } else {
        const Seconds ask_at = slot ? *slot + std::chrono::minutes(request.minutes)
                                    : context.clock.now() + feedback_without_slot;
        nlohmann::json payload{{"session", session.id}};
        jobs.schedule(JobKind::feedback_ask, payload.dump(), to_unix(ask_at), JobKey::feedback_ask(session.id),
                      context.now());
        schedule_outcome_ask(context.database, session, context.now());
    }
}

// What the mentor reads, and the message that tells the requester, each with the slot in their own zone.
Reply acceptance_reply(CommandContext& context, const FlashRequest& request, RequestKind kind, const Session& session,
                       std::optional<Seconds> slot, const std::string& mentor_id) {
    std::string link;
    MeetingCalendar calendar;
    if (slot) {
        Meeting meeting;
        meeting.session_id = session.id;
        meeting.start = *slot;
        meeting.length = std::chrono::minutes(request.minutes);
        meeting.mentor_id = mentor_id;
        meeting.mentee_id = request.requester_id;
        meeting.topic = request.topic;
        meeting.context = request_label(request);
        meeting.note = request.note;
        calendar = meeting_calendar(context.database, context.config, context.clock.now(), meeting);
        link = calendar.lines();
    }
    const std::string note = request.note.empty() ? "" : "\nNote: " + request.note;
    const std::string rhythm = kind == RequestKind::long_term
                                   ? "\nThis is a long-term pairing: I will check in every " +
                                         rhythm_text(session.rhythm_days.value_or(default_rhythm_days)) +
                                         ", a week before each meeting, with its proposed slot, until one of you "
                                         "ends it with /flash done " +
                                         std::to_string(request.id) + "."
                                   : "";
    Reply reply;
    reply.response.text = "You accepted " + request_label(request) + " from " + mention(request.requester_id) + ", " +
                          std::to_string(request.minutes) + " min, session #" + std::to_string(session.id) + "." +
                          note + "\n" + slot_lines(context, slot, mentor_id, request.requester_id) + link + rhythm;
    Message to_requester;
    to_requester.text = mention(mentor_id) + " accepted your " + request_label(request) + ", " +
                        std::to_string(request.minutes) + " min, session #" + std::to_string(session.id) + "." + note +
                        "\n" + slot_lines(context, slot, request.requester_id, mentor_id) + link + rhythm;
    // Both get the same event (same UID), so either calendar treats a later change as this meeting's.
    attach_to(reply.response, calendar);
    attach_to(to_requester, calendar);
    reply.outbound.push_back({Destination::member(request.requester_id), to_requester});
    return reply;
}

Reply accept_request(CommandContext& context) {
    const FlashRequest request = require_request(context);
    require_acceptable(context, request);
    const std::string mentor_id = context.caller().member_id();
    Reply withdrawn;
    claim_offer(context, request, mentor_id, withdrawn);
    const RequestKind kind = parse_request_kind(request.kind).value_or(RequestKind::flash);
    const std::optional<Seconds> slot = meeting_slot(context, request, kind, mentor_id);
    const Session session = start_session(context, request, kind, slot, mentor_id);
    schedule_follow_up(context, request, kind, session, slot);
    Reply reply = acceptance_reply(context, request, kind, session, slot, mentor_id);
    for (auto& message : withdrawn.outbound) reply.outbound.push_back(std::move(message));
    // The mentor holds one unanswered offer fewer: a waiting request may go to them now.
    FlashFlow flow = flow_of(context, reply);
    rematch_queued_requests(flow, {mentor_id});
    return reply;
}

Reply decline_request(CommandContext& context) {
    FlashRequest request = require_request(context);
    if (is_requester(context, request)) {
        throw not_allowed("you cannot decline your own " + request_label(request) + "; use /flash cancel " +
                          std::to_string(request.id) + ".");
    }
    require_offered_once(context, request);
    if (request.is(RequestStatus::accepted) && is_candidate(context, request)) {
        throw conflict("you already accepted " + request_label(request) + "; to call it off, use /flash cancel " +
                       std::to_string(request.id) + ".");
    }
    if (!request.is(RequestStatus::offered) || !is_candidate(context, request)) {
        throw not_allowed(request_label(request) + " is not offered to you (any more).");
    }
    require_requester_present(request);
    const std::string reason = trim(context.arguments().text("reason").value_or(""));
    RequestStore(context.database).add_decline(request.id, context.caller().member_id(), reason, context.now());
    JobStore(context.database).cancel(JobKey::offer(request.id, request.candidates_tried, request.pass));
    Reply reply = Reply::private_text("Declined " + request_label(request) + ". Thank you for answering quickly.");
    FlashFlow flow = flow_of(context, reply);
    const std::string next = offer_to_next_candidate(flow, request);
    // The mentor holds one unanswered offer fewer: a waiting request may go to them now.
    rematch_queued_requests(flow, {context.caller().member_id()});
    // A plain no is no news for the requester: they hear when someone accepts, and a request
    // that keeps waiting gets its own update. A reason is meant for them, so it goes.
    // A mentor the requester asked for by name (or an admin chose) saying no is news for them.
    const bool named = request.preferred_mentor == context.caller().member_id();
    if (reason.empty() && !named) return reply;
    reply.outbound.push_back({Destination::member(request.requester_id),
                              {mention(context.caller().member_id()) + " cannot take your " + request_label(request) +
                                   (reason.empty() ? "" : " (" + reason + ")") + ". " + next,
                               {}}});
    return reply;
}

Reply finish_session(CommandContext& context) {
    FlashRequest request = require_request(context);
    require_involved(context, request);
    if (!request.is(RequestStatus::accepted)) {
        throw conflict(request_label(request) + " is " + request.status +
                       "; only an accepted request can be marked done.");
    }
    SessionStore sessions(context.database);
    auto session = sessions.for_request(request.id);
    if (!session || !RequestStore(context.database)
                         .close(request.id, RequestStatus::accepted, RequestStatus::done, context.now())) {
        throw conflict(request_label(request) + " changed meanwhile; nothing was done.");
    }
    sessions.complete(session->id, context.now());
    JobStore jobs(context.database);
    // Whoever has not been asked for feedback yet is asked now, once.
    const bool feedback_pending = jobs.has_pending(JobKey::feedback_ask(session->id));
    const bool long_term = session->kind == "long-term";
    jobs.cancel(JobKey::feedback_ask(session->id));
    jobs.cancel(JobKey::session_outcome(session->id));
    jobs.cancel(JobKey::checkin(session->id, session->meetings + 1));
    const std::string me = context.caller().member_id();
    const std::string other = me == session->mentor_id ? session->mentee_id : session->mentor_id;
    // Nobody is left to rate when the other side asked to be forgotten, and whoever rated
    // already is not asked again.
    FeedbackStore feedback(context.database);
    const bool may_ask = (feedback_pending || long_term) && !other.empty();
    const bool ask = may_ask && !feedback.find(session->id, me, session->feedback_round);
    const bool ask_other = may_ask && !feedback.find(session->id, other, session->feedback_round);
    Reply reply;
    if (ask) {
        reply.response = feedback_request_message(session->id, session->topic, other);
        reply.response.text = "Marked " + request_label(request) + " done. " + reply.response.text;
    } else {
        reply.response.text = "Marked " + request_label(request) + " done. Thank you!";
    }
    Message to_other = ask_other ? feedback_request_message(session->id, session->topic, me) : Message{};
    to_other.text = mention(me) + " marked " + request_label(request) + " done." +
                    (ask_other ? " " + to_other.text : "");
    reply.outbound.push_back({Destination::member(other), to_other});
    return reply;
}

// The mentor calls off a session not yet held: the request goes back to matching without
// them, rather than being cancelled for the person who asked.
std::optional<Reply> mentor_calls_off(CommandContext& context, const FlashRequest& request) {
    if (is_requester(context, request) || !request.is(RequestStatus::accepted)) return std::nullopt;
    const std::optional<Session> session = SessionStore(context.database).for_request(request.id);
    if (!session || !SessionStore::is_not_yet_held(*session, context.now())) return std::nullopt;
    Reply reply;
    FlashFlow flow = flow_of(context, reply);
    const std::string me = context.caller().member_id();
    const ReleasedRequests released = release_requests(flow, {request.id}, display_name_of(context.database, me), me);
    if (released.sessions == 0) throw conflict(request_label(request) + " changed meanwhile; nothing was cancelled.");
    reply.response.text = "Cancelled your session for " + request_label(request) +
                          ". It goes back to matching without you, and the person who asked is told.";
    return reply;
}

Reply cancel_request(CommandContext& context) {
    FlashRequest request = require_request(context);
    require_involved(context, request);
    if (!is_requester(context, request) && !request.is(RequestStatus::accepted)) {
        throw not_allowed("only " + mention(request.requester_id) + " can cancel " + request_label(request) +
                          "; to say no, use /flash decline " + std::to_string(request.id) + ".");
    }
    if (request.is(RequestStatus::done) || request.is(RequestStatus::cancelled)) {
        throw conflict(request_label(request) + " is already " + request.status + ".");
    }
    if (std::optional<Reply> called_off = mentor_calls_off(context, request)) return std::move(*called_off);
    if (!RequestStore(context.database)
             .close(request.id, request.status, status_name(RequestStatus::cancelled), context.now())) {
        throw conflict(request_label(request) + " changed meanwhile; nothing was cancelled.");
    }
    JobStore jobs(context.database);
    jobs.cancel(JobKey::offer(request.id, request.candidates_tried, request.pass));
    Reply reply = Reply::private_text("Cancelled " + request_label(request) + ".");
    const std::string me = context.caller().member_id();
    if (request.is(RequestStatus::offered)) {
        reply.outbound.push_back({Destination::member(request.candidate_id),
                                  {mention(me) + " cancelled " + request_label(request) +
                                       "; no answer needed. The offer to you is withdrawn.",
                                   {}}});
    } else if (request.is(RequestStatus::accepted)) {
        SessionStore sessions(context.database);
        std::string what = ".";
        if (auto session = sessions.for_request(request.id)) {
            jobs.cancel(JobKey::feedback_ask(session->id));
            jobs.cancel(JobKey::session_outcome(session->id));
            jobs.cancel(JobKey::checkin(session->id, session->meetings + 1));
            if (SessionStore::is_not_yet_held(*session, context.now())) {
                what = session->starts_at
                           ? "; the session on " +
                                 format_in_zone(from_unix(*session->starts_at), zone_of(context, session->mentor_id)) +
                                 " is off."
                           : "; the session is off.";
            }
            // A session that will not happen gives the mentor's week back.
            sessions.remove(session->id);
        }
        const std::string other = me == request.requester_id ? request.candidate_id : request.requester_id;
        reply.outbound.push_back(
            {Destination::member(other), {mention(me) + " cancelled " + request_label(request) + what, {}}});
        // The mentor's offer or session is off: their time may go to a waiting request.
        FlashFlow flow = flow_of(context, reply);
        if (!request.candidate_id.empty()) rematch_queued_requests(flow, {request.candidate_id});
    }
    return reply;
}

Reply list_requests(CommandContext& context) {
    const std::string me = context.caller().member_id();
    const auto requests = RequestStore(context.database).involving(me, 20);
    if (requests.empty())
        return Reply::private_text("You have no flash requests yet. Ask with /flash request <topic>.");
    std::ostringstream asked;
    std::ostringstream offered;
    for (const auto& request : requests) {
        std::string line = "#" + std::to_string(request.id) + " " + request.kind + " · " + request.topic + " · " +
                           std::to_string(request.minutes) + " min · " + request.status;
        if (request.requester_id == me) {
            if (!request.candidate_id.empty() &&
                (request.is(RequestStatus::offered) || request.is(RequestStatus::accepted) ||
                 request.is(RequestStatus::done))) {
                line += (request.is(RequestStatus::offered) ? " to " : " with ") + mention(request.candidate_id);
            }
            const bool still_open = request.is(RequestStatus::fresh) || request.is(RequestStatus::offered) ||
                                    request.is(RequestStatus::queued);
            // Whom they asked by name stays visible while it matters: until someone accepts.
            if (!request.preferred_mentor.empty() && still_open) {
                line += " · asked of " + mention(request.preferred_mentor) +
                        (request.preferred_only ? " only" : " first");
            }
            asked << "\n• " << line;
        } else {
            offered << "\n• " << line << " · from " << mention(request.requester_id);
            if (request.preferred_mentor == me) offered << " · asked of you by name";
        }
    }
    std::string text;
    if (!asked.str().empty()) text += "Your requests:" + asked.str();
    if (!offered.str().empty()) text += std::string(text.empty() ? "" : "\n") + "Offered to you:" + offered.str();
    return Reply::private_text(text);
}

// The stored words of a match for one reader ("mentor", "detail" or "named"); empty when
// the request has none (nobody fitted, or it was matched before they were kept).
std::string stored_words(const FlashRequest& request, const std::string& which) {
    if (request.explanation_detail.empty()) return {};
    const auto words = nlohmann::json::parse(request.explanation_detail, nullptr, false);
    if (!words.is_object() || !words.contains(which) || !words[which].is_string()) return {};
    return words[which].get<std::string>();
}

// An admin of the tenant the request belongs to (its requester's, or its mentor's once the
// requester was forgotten).
bool is_admin_of(CommandContext& context, const FlashRequest& request) {
    if (!context.caller_is_admin()) return false;
    const std::string& someone = request.requester_id.empty() ? request.candidate_id : request.requester_id;
    const std::optional<MemberId> member = MemberId::parse(someone);
    return member && std::string(member->tenant_key()) == context.caller_tenant();
}

Reply explain_request(CommandContext& context) {
    FlashRequest request = require_request(context);
    const bool detail = context.arguments().flag("detail").value_or(false);
    const bool involved = is_requester(context, request) || is_candidate(context, request);
    if (detail && !involved && !is_admin_of(context, request)) {
        throw not_allowed("only the people in request #" + std::to_string(request.id) +
                          " and program admins can see its detailed scoring.");
    }
    if (!detail) require_involved(context, request);
    std::string text = "Request #" + std::to_string(request.id) + " (" + request.kind + ", " + request.topic + ", " +
                       std::to_string(request.minutes) + " min) is " + request.status;
    std::string explanation = request.explanation;
    if (is_requester(context, request) || !involved) {
        if (!request.candidate_id.empty())
            text += (request.is(RequestStatus::offered) ? " to " : ", with ") + mention(request.candidate_id);
    } else {
        // The mentor reads about themselves, as in the offer: not who else was considered.
        text += std::string(request.is(RequestStatus::offered) ? " to you" : "") + ", from " +
                mention(request.requester_id);
        if (const std::string own = stored_words(request, "mentor"); !own.empty()) explanation = own;
    }
    text += ".\n";
    if (request.manual_match) {
        text += "A program admin assigned it by hand" +
                (request.preferred_mentor.empty() ? std::string() : " to " + mention(request.preferred_mentor)) +
                " (a manual match).\n";
    } else if (!request.preferred_mentor.empty()) {
        text += "Asked of " + mention(request.preferred_mentor) + " by name" +
                (request.preferred_only ? ", and of nobody else" : ", first") + ".\n";
    }
    text += explanation.empty() ? "No match has been made yet." : "Why: " + explanation;
    if (detail) {
        // Other mentors are named to admins only; the two people read "another mentor".
        const std::string scoring = stored_words(request, involved ? "detail" : "named");
        text += "\nDetailed scoring: " + (scoring.empty() ? std::string("none kept for this request.") : scoring);
    } else if (!stored_words(request, "detail").empty()) {
        text += "\nThe detailed scoring: /flash why " + std::to_string(request.id) + " detail:yes";
    }
    return Reply::private_text(text);
}

// An admin gives a waiting request to a mentor of their choice: it is offered to them first,
// and counts as a manual match. If they say no or let it lapse, usual matching goes on.
Reply assign_request(CommandContext& context) {
    FlashRequest request = require_request(context);
    if (!is_admin_of(context, request)) {
        throw not_allowed("only program admins of " + context.caller_tenant_name() + " can assign its requests.");
    }
    if (!request.is(RequestStatus::queued) && !request.is(RequestStatus::fresh)) {
        const std::string now = request.is(RequestStatus::offered)
                                    ? "offered to " + mention(request.candidate_id) +
                                          " and waiting for their answer; assign it if it waits again"
                                    : request.status;
        throw conflict(request_label(request) + " is " + now + ": only a waiting request can be assigned.");
    }
    if (request.requester_id.empty()) {
        throw conflict("the person who asked for " + request_label(request) + " has left mentorbot.");
    }
    const std::string mentor = require_named_mentor(context, request, context.arguments().text("mentor").value_or(""),
                                                    /*assigned=*/true);
    RequestStore requests(context.database);
    if (!requests.assign(request.id, request.status, mentor)) {
        throw conflict(request_label(request) + " changed meanwhile; nothing was assigned.");
    }
    Reply reply;
    FlashFlow flow = flow_of(context, reply);
    // As on any change that brings a mentor: they are asked now even when this pass asked its
    // share; when they cannot be asked at once, the usual rules say when.
    std::string told = offer_to_next_candidate(flow, *requests.find(request.id), false, true);
    if (told.empty()) told = offer_to_next_candidate(flow, *requests.find(request.id));
    reply.response.text = "Assigned " + request_label(request) + " to " + mention(mentor) + " as a manual match. " +
                          (told.empty() ? "It waits for them." : told);
    // The requester hears that someone was found for them, as with any first offer.
    const std::optional<FlashRequest> after = requests.find(request.id);
    if (after && after->is(RequestStatus::offered)) {
        reply.outbound.push_back({Destination::member(request.requester_id), {"Good news: " + told, {}}});
    }
    return reply;
}

}  // namespace

CommandSpec flash_command() {
    return {
        "flash",
        "Ask for short focused help, answer offers, see why a mentor was chosen",
        {
            {"request",
             "Ask for help on a topic: a mentor who fits is offered it at once",
             {
                 topic_option("what you need help with, e.g. kubernetes"),
                 kind_option("the kind of help"),
                 {.name = "minutes",
                  .type = OptionType::choice,
                  .description = "how long (flash 30, micro 15)",
                  .choices = {"15", "30", "45", "60"}},
                 {.name = "note",
                  .type = OptionType::text,
                  .description = "the challenge (required for micro)",
                  .max_chars = 1000},
                 {.name = "when",
                  .type = OptionType::datetime,
                  .description = "the moment to observe, in your time zone (required for shadow)"},
                 {.name = "every",
                  .type = OptionType::choice,
                  .description = "how often a long-term pairing meets (default 4w)",
                  .choices = rhythm_choices()},
                 {.name = "mentor",
                  .type = OptionType::user,
                  .description = "a mentor to offer it to first (see /mentor list)"},
                 {.name = "only",
                  .type = OptionType::boolean,
                  .description = "yes: that mentor only; a no from them closes the request"},
             },
             false,
             request_help,
             {.title = "Ask for help", .submit_label = "Ask", .fields = {"topic", "kind", "minutes", "note", "when"}}},
            {"accept",
             "Accept a request offered to you",
             {request_id_option(Suggest::requests_i_may_accept)},
             false,
             accept_request},
            {"decline",
             "Decline a request offered to you; it moves to the next mentor",
             {request_id_option(Suggest::requests_offered_to_me),
              {.name = "reason",
               .type = OptionType::text,
               .description = "optional, shown to the requester",
               .max_chars = 200}},
             false,
             decline_request},
            {"done",
             "Mark a session done; both are asked for feedback",
             {request_id_option(Suggest::my_accepted_requests)},
             false,
             finish_session},
            flash_outcome_subcommand(),
            flash_reschedule_subcommand(),
            {"cancel",
             "Cancel your request (or a session you accepted)",
             {request_id_option(Suggest::my_cancellable_requests)},
             false,
             cancel_request},
            {"list", "Your requests and the ones offered to you", {}, false, list_requests},
            {"why",
             "Why a mentor was chosen for a request",
             {request_id_option(Suggest::my_requests),
              {.name = "detail",
               .type = OptionType::boolean,
               .description = "yes for the detailed scoring (the two people of the request and admins)"}},
             false,
             explain_request},
            {"assign",
             "Admins: offer a waiting request to a mentor you choose",
             {request_id_option(Suggest::nothing),
              {.name = "mentor",
               .type = OptionType::user,
               .description = "the mentor to offer it to",
               .required = true}},
             true,
             assign_request},
        },
    };
}

}  // namespace mentorbot

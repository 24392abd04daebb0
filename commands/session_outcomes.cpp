// "Did it happen?" after a one-off session's slot, the answers to it, and moving a session to a time both agree on.
#include "commands/session_outcomes.h"

#include <algorithm>
#include <chrono>

#include <date/date.h>
#include <nlohmann/json.hpp>

#include "commands/command_context.h"
#include "commands/dm_budget.h"
#include "commands/flash_flow.h"
#include "commands/meeting_calendar.h"
#include "domain/local_moment.h"
#include "domain/working_hours.h"
#include "model/user_error.h"
#include "storage/feedback_store.h"
#include "storage/job_keys.h"
#include "storage/job_store.h"
#include "storage/member_store.h"
#include "storage/request_store.h"

namespace mentorbot {

namespace {

// The ask comes a day after the session ends: the feedback ask comes at its end, and a
// rating already says it happened.
constexpr auto outcome_ask_after_end = std::chrono::hours(24);

// The answers as typed and stored; plain literals, so the command spec can be built at any time.
constexpr const char* happened = "happened";
constexpr const char* no_show = "no-show";
constexpr const char* moved = "moved";

std::string zone_of(Database& database, const std::string& member_id) {
    auto profile = MemberStore(database).find(member_id);
    return profile && !profile->time_zone.empty() ? profile->time_zone : "UTC";
}

std::string slot_for(Database& database, long long starts_at, const std::string& reader) {
    return format_in_zone(from_unix(starts_at), zone_of(database, reader));
}

std::string session_label(const Session& session) {
    return "session #" + std::to_string(session.id) + " (" + session.topic + ")";
}

bool rated_by_anyone(Database& database, const Session& session) {
    FeedbackStore feedback(database);
    return (!session.mentor_id.empty() && feedback.find(session.id, session.mentor_id)) ||
           (!session.mentee_id.empty() && feedback.find(session.id, session.mentee_id));
}

bool already_completed(const Session& session) {
    return session.completed_at.has_value() || session.is(SessionStatus::done) || session.outcome == happened;
}

std::string outcome_command(long long request_id, const std::string& answer) {
    return "/flash outcome " + std::to_string(request_id) + " answer:" + answer;
}

std::string reschedule_command(long long request_id, const std::string& answer) {
    return "/flash reschedule " + std::to_string(request_id) + " answer:" + answer;
}

std::string propose_hint(long long request_id) {
    return "/flash reschedule " + std::to_string(request_id) + " when:\"YYYY-MM-DD HH:MM\"";
}

void schedule_feedback_ask(Database& database, const Session& session, long long now) {
    if (!session.starts_at) return;
    const long long ask_at = *session.starts_at + session.minutes * 60LL;
    JobStore(database).schedule(JobKind::feedback_ask, nlohmann::json{{"session", session.id}}.dump(), ask_at,
                                JobKey::feedback_ask(session.id), now);
}

// The session of the request named by the `id` option, checked to belong to the caller.
// A long-term pairing is refused unless `long_term_too`.
Session require_own_session(CommandContext& context, const std::string& what, bool long_term_too = false) {
    const long long request_id = context.arguments().integer("id").value_or(0);
    auto request = RequestStore(context.database).find(request_id);
    if (!request) throw not_found("there is no request #" + std::to_string(request_id) + ".");
    const std::string me = context.caller().member_id();
    const bool involved = (!request->requester_id.empty() && request->requester_id == me) ||
                          (!request->candidate_id.empty() && request->candidate_id == me);
    auto session = SessionStore(context.database).for_request(request_id);
    if (!involved || (session && session->side_of(me).empty())) {
        throw not_allowed("only the two people in the session of request #" + std::to_string(request_id) + " can " +
                          what + ".");
    }
    if (!session) {
        throw conflict("request #" + std::to_string(request_id) + " is " + request->status +
                       (request->is(RequestStatus::cancelled) ? ", so there is no session any more."
                                                              : " and has no session yet."));
    }
    if (!session->one_off() && session->is(SessionStatus::done)) {
        throw conflict("the long-term pairing of request #" + std::to_string(request_id) + " has ended.");
    }
    if (!session->one_off() && !long_term_too) {
        throw UserError("request #" + std::to_string(request_id) +
                        " is a long-term pairing: agree on each meeting directly, and end it with /flash done " +
                        std::to_string(request_id) + ".");
    }
    if (session->mentor_id.empty() || session->mentee_id.empty()) {
        throw conflict("the other person in " + session_label(*session) + " has left mentorbot.");
    }
    return *session;
}

std::string outcome_words(const Session& session, const std::string& reader) {
    const std::string by = session.outcome_by.empty() ? ""
                           : session.outcome_by == session.side_of(reader)
                               ? " by you"
                               : " by " + mention(session.other_than(reader));
    if (session.outcome == no_show) return "a no-show (reported" + by + ")";
    if (session.outcome == moved) return "moved to another time (answered" + by + ")";
    return std::string(happened) +
           (by.empty() ? std::string(" (it was rated or marked done)") : " (answered" + by + ")");
}

// A long-term pair says whether its last meeting took place: each meeting has its own
// answer, and one that took place ends the quiet stretch the check-ins count.
Reply answer_long_term_meeting(CommandContext& context, const Session& session) {
    const std::string me = context.caller().member_id();
    const std::string with = " with " + mention(session.other_than(me)) + " on " + session.topic;
    if (context.arguments().text("answer").value_or("") == happened) {
        SessionStore(context.database).record_meeting_held(session.id, context.now());
        return Reply::private_text("Thank you: your meeting" + with +
                                   " is recorded. The next check-in proposes the one after.");
    }
    return Reply::private_text("Noted: your last meeting" + with +
                               " did not take place. The next check-in proposes a new slot; if the rhythm no longer "
                               "suits you both, end the pairing with /flash done " +
                               std::to_string(session.request_id) + ".");
}

Reply answer_outcome(CommandContext& context) {
    const Session session = require_own_session(context, "say whether it happened", true);
    if (!session.one_off()) return answer_long_term_meeting(context, session);
    const long long request_id = session.request_id;
    const std::string me = context.caller().member_id();
    const std::string other = session.other_than(me);
    if (session.starts_at && *session.starts_at > context.now()) {
        throw conflict(session_label(session) + " is planned for " +
                       slot_for(context.database, *session.starts_at, me) +
                       "; answer once it has taken place. To move it: " + propose_hint(request_id) + ".");
    }
    if (!session.outcome.empty() || already_completed(session)) {
        throw conflict(
            session_label(session) + " is already recorded as " +
            (session.outcome.empty() ? std::string(happened) + " (it was marked done)" : outcome_words(session, me)) +
            "; that first answer stands.");
    }
    const std::string answer = context.arguments().text("answer").value_or("");
    const std::string side = session.side_of(me);
    if (!SessionStore(context.database).record_outcome(session.id, answer, side, context.now())) {
        throw conflict(session_label(session) + " was answered meanwhile; that first answer stands.");
    }
    JobStore(context.database).cancel(JobKey::session_outcome(session.id));
    Reply reply;
    if (answer == happened) {
        const std::string recorded = "Thank you: " + session_label(session) + " with " + mention(other) +
                                     " is recorded as happened.";
        if (FeedbackStore(context.database).find(session.id, me)) {
            reply.response.text = recorded;
        } else {
            reply.response = feedback_request_message(session.id, session.topic, other);
            reply.response.text = recorded + " " + reply.response.text;
        }
    } else if (answer == no_show) {
        reply.response.text = "Recorded a no-show for " + session_label(session) + " with " + mention(other) +
                              ", reported by you (the " + side +
                              "). Sorry it did not take place; if you still need "
                              "help, ask again with /flash request " +
                              session.topic + ".";
    } else {
        reply.response.text = "Noted that " + session_label(session) + " with " + mention(other) +
                              " moved. Propose the new time in your own time zone (" + zone_of(context.database, me) +
                              ") with " + propose_hint(request_id) + "; " + mention(other) + " confirms it.";
    }
    return reply;
}

// Both sides read the new slot in their own zone with a calendar link; the asks follow it.
Reply confirm_new_time(CommandContext& context, const Session& session) {
    const std::string me = context.caller().member_id();
    const std::string proposer = session.other_than(me);
    if (*session.proposed_starts_at <= context.now()) {
        SessionStore(context.database).withdraw_proposal(session.id);
        throw conflict("the proposed time " + slot_for(context.database, *session.proposed_starts_at, me) +
                       " has passed, so it was withdrawn; propose another with " + propose_hint(session.request_id) +
                       ".");
    }
    SessionStore sessions(context.database);
    if (!sessions.move_to_proposed(session.id, *session.proposed_starts_at)) {
        throw conflict(session_label(session) + " changed meanwhile; nothing was moved.");
    }
    const Session now_moved = *sessions.find(session.id);
    JobStore jobs(context.database);
    jobs.cancel(JobKey::feedback_ask(session.id));
    jobs.cancel(JobKey::session_outcome(session.id));
    schedule_feedback_ask(context.database, now_moved, context.now());
    schedule_outcome_ask(context.database, now_moved, context.now());

    const Instant slot = from_unix(*now_moved.starts_at);
    Meeting meeting;
    meeting.session_id = session.id;
    meeting.start = slot;
    meeting.length = std::chrono::minutes(session.minutes);
    meeting.mentor_id = session.mentor_id;
    meeting.mentee_id = session.mentee_id;
    meeting.topic = session.topic;
    meeting.context = "request #" + std::to_string(session.request_id) + ", session #" + std::to_string(session.id);
    // The moved slot replaces the first one in calendars that imported it: same event.
    const MeetingCalendar meeting_file = meeting_calendar(context.database, context.config, context.clock.now(),
                                                          meeting);
    const std::string calendar = meeting_file.lines();
    auto moved_text = [&](const std::string& reader, const std::string& other) {
        return session_label(session) + " with " + mention(other) + " moved to " +
               slot_for(context.database, *now_moved.starts_at, reader) + " (" + std::to_string(session.minutes) +
               " min)." + calendar;
    };
    Reply reply = Reply::private_text("Confirmed: " + moved_text(me, proposer));
    // Where the reply can carry a file (Discord), the confirmer gets the moved event too.
    attach_to(reply.response, meeting_file);
    Message to_proposer{mention(me) + " confirmed the new time: " + moved_text(proposer, me), {}};
    attach_to(to_proposer, meeting_file);
    reply.outbound.push_back({Destination::member(proposer), to_proposer});
    return reply;
}

Reply answer_proposal(CommandContext& context, const Session& session, const std::string& answer) {
    const std::string me = context.caller().member_id();
    if (!session.proposed_starts_at) {
        throw conflict("no new time for " + session_label(session) + " is waiting for an answer; propose one with " +
                       propose_hint(session.request_id) + ".");
    }
    if (session.proposed_by == session.side_of(me)) {
        throw conflict("you proposed the new time for " + session_label(session) + "; " +
                       mention(session.other_than(me)) + " confirms or declines it.");
    }
    if (answer == "confirm") return confirm_new_time(context, session);
    SessionStore(context.database).withdraw_proposal(session.id);
    const std::string proposer = session.other_than(me);
    Reply reply = Reply::private_text("Declined the new time for " + session_label(session) + "; " + mention(proposer) +
                                      " is told and may propose another.");
    reply.outbound.push_back(
        {Destination::member(proposer),
         {mention(me) + " cannot make " + slot_for(context.database, *session.proposed_starts_at, proposer) + " for " +
              session_label(session) + ". Propose another time with " + propose_hint(session.request_id) + ".",
          {}}});
    return reply;
}

Reply propose_new_time(CommandContext& context, const Session& session, const std::string& when) {
    const std::string me = context.caller().member_id();
    const std::string zone = zone_of(context.database, me);
    const auto instant = parse_local_moment(when, zone, context.clock.now());
    if (!instant) {
        throw UserError("when must be a date and time like \"2026-12-01 15:00\" or \"tomorrow 15:00\" (got `" + when +
                        "`).");
    }
    if (to_unix(*instant) <= context.now()) {
        throw UserError("when must be in the future (" + when + " in " + zone + " has passed).");
    }
    const std::string other = session.other_than(me);
    // The buttons name no time: whoever answers an earlier ask answers this one.
    const std::string replaces = session.proposed_starts_at
                                     ? " This replaces the time proposed before, " +
                                           slot_for(context.database, *session.proposed_starts_at, other) + "."
                                     : "";
    SessionStore(context.database).propose_slot(session.id, to_unix(*instant), session.side_of(me));
    Message ask;
    ask.text = mention(me) + " proposes to move " + session_label(session) + " " +
               (session.starts_at ? "from " + slot_for(context.database, *session.starts_at, other) + " " : "") +
               "to " + slot_for(context.database, to_unix(*instant), other) + "." + replaces + " Confirm with " +
               reschedule_command(session.request_id, "confirm") + " or decline with " +
               reschedule_command(session.request_id, "decline") + ".";
    ask.buttons = {{"Confirm", reschedule_command(session.request_id, "confirm")},
                   {"Decline", reschedule_command(session.request_id, "decline")}};
    Reply reply = Reply::private_text("Asked " + mention(other) + " to confirm moving " + session_label(session) +
                                      " to " + format_in_zone(*instant, zone) + "; I will tell you.");
    reply.outbound.push_back({Destination::member(other), ask});
    return reply;
}

Reply reschedule_session(CommandContext& context) {
    const Session session = require_own_session(context, "move it");
    const auto when = context.arguments().text("when");
    const auto answer = context.arguments().text("answer");
    if (when && answer)
        throw UserError("give either when: (to propose a new time) or answer: (to answer one), not both.");
    if (!when && !answer) {
        throw UserError("give the new time in your time zone, e.g. " + propose_hint(session.request_id) +
                        ", or answer a proposed one with answer:confirm|decline.");
    }
    if (answer) return answer_proposal(context, session, *answer);
    if (already_completed(session) || session.outcome == no_show) {
        throw conflict(
            session_label(session) + " is already recorded as " +
            (session.outcome.empty() ? std::string(happened) : outcome_words(session, context.caller().member_id())) +
            "; for another meeting, ask with /flash request " + session.topic + ".");
    }
    return propose_new_time(context, session, *when);
}

void ask_outcome(JobContext& context) {
    const long long session_id = context.payload.at("session").get<long long>();
    const long long slot = context.payload.at("slot").get<long long>();
    auto session = SessionStore(context.database).find(session_id);
    if (!session || !outcome_still_open(context.database, *session, slot)) return;
    for (const auto& [reader, other] :
         {std::pair{session->mentee_id, session->mentor_id}, std::pair{session->mentor_id, session->mentee_id}}) {
        Message ask;
        ask.text = "Did your " + session_label(*session) + " with " + mention(other) + " on " +
                   slot_for(context.database, slot, reader) + " happen? Answer with a button or " +
                   outcome_command(session->request_id, "happened|no-show|moved") + ".";
        ask.buttons = {{"It happened", outcome_command(session->request_id, happened)},
                       {"No-show", outcome_command(session->request_id, no_show)},
                       {"We moved it", outcome_command(session->request_id, moved)}};
        send_or_hold(context.database, context.config, context.clock.now(), context.outbound, reader, ask,
                     HeldNoteSubject::outcome_open(session->id, slot));
    }
}

}  // namespace

bool outcome_still_open(Database& database, const Session& session, long long slot) {
    // Cancelled, moved since, answered, done or rated: nothing to ask.
    if (session.request_id == 0 || session.mentor_id.empty() || session.mentee_id.empty()) return false;
    if (!session.one_off() || session.starts_at != slot) return false;
    return session.outcome.empty() && !already_completed(session) && !rated_by_anyone(database, session);
}

OptionSpec request_id_option(Suggest suggest) {
    return {.name = "id",
            .type = OptionType::integer,
            .description = "the request number",
            .required = true,
            .positional = true,
            .min = 1,
            .suggest = suggest};
}

void schedule_outcome_ask(Database& database, const Session& session, long long now) {
    if (!session.starts_at || !session.one_off()) return;
    long long ask_at = *session.starts_at + session.minutes * 60LL +
                       std::chrono::duration_cast<std::chrono::seconds>(outcome_ask_after_end).count();
    // A Friday session is asked about on Monday, at the same time of day: not at a weekend
    // in either person's zone.
    const std::string zones[] = {zone_of(database, session.mentor_id), zone_of(database, session.mentee_id)};
    for (int day = 0; day < 3; ++day) {
        const bool weekend = std::any_of(std::begin(zones), std::end(zones), [&](const std::string& zone) {
            const auto local = date::floor<date::days>(
                from_unix(ask_at) + std::chrono::minutes(utc_offset_minutes(zone, from_unix(ask_at))));
            const date::weekday weekday{local};
            return weekday == date::Saturday || weekday == date::Sunday;
        });
        if (!weekend) break;
        ask_at += 24 * 3600;
    }
    JobStore(database).schedule(JobKind::session_outcome,
                                nlohmann::json{{"session", session.id}, {"slot", *session.starts_at}}.dump(), ask_at,
                                JobKey::session_outcome(session.id), now);
}

void add_session_outcome_jobs(std::map<std::string, JobHandler>& handlers) {
    handlers[job_kind_name(JobKind::session_outcome)] = ask_outcome;
}

SubcommandSpec flash_outcome_subcommand() {
    return {"outcome",
            "Say whether a session took place: happened, no-show, or moved",
            {request_id_option(Suggest::my_accepted_requests),
             {.name = "answer",
              .type = OptionType::choice,
              .description = "what became of the session",
              .required = true,
              .choices = {happened, no_show, moved}}},
            false,
            answer_outcome};
}

SubcommandSpec flash_reschedule_subcommand() {
    return {"reschedule",
            "Propose a new time for a session, or confirm or decline the one proposed to you",
            {request_id_option(Suggest::my_accepted_requests),
             {.name = "when", .type = OptionType::datetime, .description = "the new time, in your time zone"},
             {.name = "answer",
              .type = OptionType::choice,
              .description = "your answer to a proposed time",
              .choices = {"confirm", "decline"}}},
            false,
            reschedule_session};
}

}  // namespace mentorbot

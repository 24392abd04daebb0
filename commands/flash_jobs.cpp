// What happens when a flash mentoring timer falls due. Each runs once, in the job's transaction.
#include "commands/flash_jobs.h"

#include <stdexcept>

#include "commands/command_context.h"
#include "commands/dm_budget.h"
#include "commands/flash_flow.h"
#include "commands/long_term_rhythm.h"
#include "storage/job_keys.h"
#include "storage/job_store.h"
#include "storage/request_store.h"
#include "storage/session_store.h"

namespace mentorbot {

namespace {

FlashFlow flow_of(JobContext& context) {
    return FlashFlow{context.database, context.config, context.clock.now(), context.outbound};
}

// The mentor did not answer in time: the next candidate is offered it. Silence is not a
// no: the mentor is skipped for the rest of this pass only, and may still accept late.
void expire_offer(JobContext& context) {
    const long long request_id = context.payload.at("request").get<long long>();
    const std::string candidate = context.payload.at("candidate").get<std::string>();
    const int round = context.payload.at("round").get<int>();
    const int pass = context.payload.value("pass", 0);
    RequestStore requests(context.database);
    auto request = requests.find(request_id);
    // The candidate asked to be forgotten meanwhile: their id is gone from the request.
    const bool candidate_left = request && request->candidate_id.empty();
    // Answered, cancelled or moved on since: nothing to do.
    if (!request || !request->is(RequestStatus::offered) || (request->candidate_id != candidate && !candidate_left) ||
        request->candidates_tried != round || request->pass != pass) {
        return;
    }
    if (request->requester_id.empty()) {  // the requester asked to be forgotten meanwhile
        requests.close(request_id, RequestStatus::offered, RequestStatus::cancelled, context.now());
        return;
    }
    if (!candidate_left) {
        requests.add_silence(request_id, candidate, context.now());
        // The end of an offer is part of it: the mentor hears at once that it no longer waits on them.
        context.outbound.push_back({Destination::member(candidate),
                                    {"The offer of request #" + std::to_string(request_id) + " (" + request->topic +
                                         ") expired. No action needed; if you can still help, /flash accept " +
                                         std::to_string(request_id) + " works while nobody else has taken it.",
                                     {}}});
    }
    FlashFlow flow = flow_of(context);
    const std::string next = offer_to_next_candidate(flow, *request);
    // Moving on to the next mentor is no news to the requester (they hear when someone
    // accepts); that the request now waits is.
    const auto after = requests.find(request_id);
    if (after && after->is(RequestStatus::offered)) return;
    // That it now waits for a mentor's working day is news once a day; every lapse of a busy
    // day would be noise (`/flash why` has the rest). The end of a pass is always told.
    if (!requests.tell_requester_it_waits(request_id, context.now(), context.now() - 20 * 3600) && !flow.pass_ended)
        return;
    const std::string what_happened = candidate_left ? "The mentor it was offered to has left mentorbot. "
                                                     : mention(candidate) + " did not answer in time. ";
    send_or_hold(context.database, context.config, context.clock.now(), context.outbound, request->requester_id,
                 {what_happened + next, {}}, HeldNoteSubject::request_waits(request_id));
}

void ask_for_feedback(JobContext& context) {
    const long long session_id = context.payload.at("session").get<long long>();
    auto session = SessionStore(context.database).find(session_id);
    if (!session || session->is(SessionStatus::done) || session->mentor_id.empty() || session->mentee_id.empty())
        return;
    send_or_hold(context.database, context.config, context.clock.now(), context.outbound, session->mentee_id,
                 feedback_request_message(session->id, session->topic, session->mentor_id),
                 HeldNoteSubject::feedback_open(session->id));
    send_or_hold(context.database, context.config, context.clock.now(), context.outbound, session->mentor_id,
                 feedback_request_message(session->id, session->topic, session->mentee_id),
                 HeldNoteSubject::feedback_open(session->id));
}

// A long-term pairing's rhythm: each check-in proposes the coming meeting's slot, with
// structured feedback every third meeting. A check-in scheduled before the rhythm was
// kept in the payload is about a meeting a week from now.
void check_in(JobContext& context) {
    const long long session_id = context.payload.at("session").get<long long>();
    const long long around = context.payload.value("around", context.now() + 7 * 86400LL);
    run_check_in(context.database, context.config, context.clock.now(), session_id, from_unix(around),
                 context.outbound);
}

void retry_held_request(JobContext& context) {
    FlashFlow flow = flow_of(context);
    const std::optional<RequestRetry> retry = request_retry_from(context.job.payload);
    if (!retry) throw std::runtime_error("a request retry without its request and moment: " + context.job.payload);
    retry_request(flow, *retry);
}

// The request still has no mentor after the configured working days: an honest word with
// the reason and the choices, once.
void update_waiting_requester(JobContext& context) {
    const long long request_id = context.payload.at("request").get<long long>();
    auto request = RequestStore(context.database).find(request_id);
    if (!request || request->requester_id.empty()) return;
    if (!request->is(RequestStatus::queued) && !request->is(RequestStatus::offered) &&
        !request->is(RequestStatus::fresh)) {
        return;
    }
    const std::string id = std::to_string(request_id);
    Message update;
    update.text =
        "Request #" + id + " (" + request->kind + ", " + request->topic + ") has waited " +
        std::to_string(context.config.waiting_update_days) + " working days without a mentor. Where it stands: " +
        (request->explanation.empty() ? std::string("no mentor has said yes yet.") : request->explanation) +
        "\nYou can keep waiting (nothing to do: I keep asking and tell you), ask more widely with "
        "/flash request " +
        request->topic +
        (request->kind == "flash" ? std::string(" and a note on what exactly you need") : std::string(" kind:flash")) +
        ", ask on a related topic, or cancel it.";
    update.buttons = {{"Why it waits", "/flash why " + id}, {"Cancel it", "/flash cancel " + id}};
    send_or_hold(context.database, context.config, context.clock.now(), context.outbound, request->requester_id, update,
                 HeldNoteSubject::request_waits(request_id));
}

void weekly_reset(JobContext& context) {
    FlashFlow flow = flow_of(context);
    rematch_queued_requests(flow);
}

void sweep_waiting(JobContext& context) {
    FlashFlow flow = flow_of(context);
    sweep_waiting_requests(flow);
}

}  // namespace

void add_flash_jobs(std::map<std::string, JobHandler>& handlers) {
    handlers[job_kind_name(JobKind::offer_expiry)] = expire_offer;
    handlers[job_kind_name(JobKind::feedback_ask)] = ask_for_feedback;
    handlers[job_kind_name(JobKind::long_term_checkin)] = check_in;
    handlers[job_kind_name(JobKind::weekly_reset)] = weekly_reset;
    handlers[job_kind_name(JobKind::waiting_sweep)] = sweep_waiting;
    handlers[job_kind_name(JobKind::request_retry)] = retry_held_request;
    handlers[job_kind_name(JobKind::waiting_update)] = update_waiting_requester;
}

}  // namespace mentorbot

// Durable jobs by name: the kind each job row carries and the dedupe key that makes each one happen once.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mentorbot {

enum class JobKind {
    offer_expiry,       // an offer not answered in time moves on to the next mentor
    feedback_ask,       // asks both sides of a session to rate it
    long_term_checkin,  // the next meeting of a long-term mentorship
    weekly_reset,       // mentors' weekly capacity comes back
    mentor_resume,      // a mentor's pause ends
    pod_reminder,       // an hour before a pod meets
    pod_reform,         // a signup pool forms its next round
    request_retry,      // a waiting request is offered again: its mentor starts work, or a new pass begins
    session_outcome,    // asks both sides of a one-off session whether it happened
    waiting_update,     // a request that waited days without a match: the requester hears where it stands
    pod_meeting_ask,    // after a pod meeting: "Did your pod meet?" to each member
    pod_member_note,    // an ask or a nudge held until the member's working hours start
    waiting_sweep,      // each hour while requests wait: mentors who started work or rested may take them
    held_note,          // a note that could wait, held from a day full of messages to the next working day
};

// The text stored in jobs.kind ("flash.offer_expiry", …); rows written by every earlier
// version use these same texts.
std::string job_kind_name(JobKind kind);
std::optional<JobKind> parse_job_kind(std::string_view name);

// Dedupe keys: scheduling a job under a key that is still pending adds nothing, and
// cancelling by key withdraws it.
struct JobKey {
    // The expiry of round `round` (1 for the first mentor asked) of a request's offers.
    // Pass 0 keeps the key older rows were written with; later passes add theirs.
    static std::string offer(long long request_id, int round, int pass = 0);
    // Offering a held request at `due_at` (Unix seconds).
    static std::string request_retry(long long request_id, long long due_at);
    static std::string session_outcome(long long session_id);
    static std::string waiting_update(long long request_id);
    static std::string feedback_ask(long long session_id);
    // The check-in before meeting `meeting` (1 for the first) of a long-term session.
    static std::string checkin(long long session_id, int meeting);
    static std::string weekly_reset(long long due_at);
    static std::string waiting_sweep(long long due_at);
    // `until` is the day the pause ends (YYYY-MM-DD).
    static std::string mentor_resume(const std::string& member_id, const std::string& until);
    static std::string pod_reminder(long long pod_id, long long meeting_at);
    static std::string pod_reform(long long pool_id, int round, long long due_at);
    static std::string pod_meeting_ask(long long pod_id, long long meeting_at);
    // `what` is "ask" or "nudge"; `at` the meeting asked about or the moment of the nudge.
    static std::string pod_member_note(long long pod_id, const std::string& member_id, const std::string& what,
                                       long long at);
    // A note for `member_id` held at `held_at`; `fingerprint` tells apart notes held at once.
    static std::string held_note(const std::string& member_id, long long held_at, std::size_t fingerprint);
};

}  // namespace mentorbot

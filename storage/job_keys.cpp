// Job kind names and dedupe keys, written the way existing job rows hold them.
#include "storage/job_keys.h"

#include <array>
#include <utility>

namespace mentorbot {

namespace {

constexpr std::array<std::pair<JobKind, std::string_view>, 14> kind_names = {{
    {JobKind::offer_expiry, "flash.offer_expiry"},
    {JobKind::feedback_ask, "flash.feedback_ask"},
    {JobKind::long_term_checkin, "flash.checkin"},
    {JobKind::weekly_reset, "flash.weekly_reset"},
    {JobKind::mentor_resume, "mentor.resume"},
    {JobKind::pod_reminder, "pod.reminder"},
    {JobKind::pod_reform, "pod.reform"},
    {JobKind::request_retry, "flash.request_retry"},
    {JobKind::session_outcome, "flash.session_outcome"},
    {JobKind::waiting_update, "flash.waiting_update"},
    {JobKind::pod_meeting_ask, "pod.meeting_ask"},
    {JobKind::pod_member_note, "pod.member_note"},
    {JobKind::waiting_sweep, "flash.waiting_sweep"},
    {JobKind::held_note, "member.held_note"},
}};

std::string joined(std::string prefix, std::initializer_list<std::string> parts) {
    for (const std::string& part : parts) prefix += ":" + part;
    return prefix;
}

}  // namespace

std::string job_kind_name(JobKind kind) {
    for (const auto& [known, name] : kind_names)
        if (known == kind) return std::string(name);
    return {};
}

std::optional<JobKind> parse_job_kind(std::string_view name) {
    for (const auto& [kind, known] : kind_names)
        if (known == name) return kind;
    return std::nullopt;
}

std::string JobKey::offer(long long request_id, int round, int pass) {
    if (pass == 0) return joined("flash.offer", {std::to_string(request_id), std::to_string(round)});
    return joined("flash.offer", {std::to_string(request_id), std::to_string(round), "pass" + std::to_string(pass)});
}

std::string JobKey::request_retry(long long request_id, long long due_at) {
    return joined("flash.retry", {std::to_string(request_id), std::to_string(due_at)});
}

std::string JobKey::waiting_update(long long request_id) {
    return joined("flash.waiting_update", {std::to_string(request_id)});
}

std::string JobKey::session_outcome(long long session_id) {
    return joined("flash.outcome", {std::to_string(session_id)});
}

std::string JobKey::feedback_ask(long long session_id) {
    return joined("flash.feedback", {std::to_string(session_id)});
}

std::string JobKey::checkin(long long session_id, int meeting) {
    return joined("flash.checkin", {std::to_string(session_id), std::to_string(meeting)});
}

std::string JobKey::weekly_reset(long long due_at) { return joined("flash.weekly", {std::to_string(due_at)}); }
std::string JobKey::waiting_sweep(long long due_at) { return joined("flash.sweep", {std::to_string(due_at)}); }

std::string JobKey::mentor_resume(const std::string& member_id, const std::string& until) {
    return joined("mentor.resume", {member_id, until});
}

std::string JobKey::pod_reminder(long long pod_id, long long meeting_at) {
    return joined("pod.reminder", {std::to_string(pod_id), std::to_string(meeting_at)});
}

std::string JobKey::pod_reform(long long pool_id, int round, long long due_at) {
    return joined("pod.reform", {std::to_string(pool_id), std::to_string(round), std::to_string(due_at)});
}

std::string JobKey::pod_meeting_ask(long long pod_id, long long meeting_at) {
    return joined("pod.meeting_ask", {std::to_string(pod_id), std::to_string(meeting_at)});
}

std::string JobKey::pod_member_note(long long pod_id, const std::string& member_id, const std::string& what,
                                    long long at) {
    return joined("pod.member_note", {std::to_string(pod_id), member_id, what, std::to_string(at)});
}

std::string JobKey::held_note(const std::string& member_id, long long held_at, std::size_t fingerprint) {
    return joined("member.held_note", {member_id, std::to_string(held_at), std::to_string(fingerprint)});
}

}  // namespace mentorbot

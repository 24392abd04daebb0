// SQL pieces shared by /coach stats and the dashboard, so both count the same rows the same way.
#pragma once

#include <string>

namespace mentorbot::figure_sql {

// A member id column in the tenant bound as :tenant ("discord:8138…"); every tenant when
// :tenant is NULL. A row whose member was forgotten belongs to none.
inline std::string member_in_tenant(const std::string& column) {
    return "(:tenant IS NULL OR substr(" + column + ", 1, length(:tenant) + 1) = :tenant || ':')";
}

// A pods.tenant (or announcements.tenant) column in the tenant bound as :tenant.
inline std::string pod_in_tenant(const std::string& column) { return "(:tenant IS NULL OR " + column + " = :tenant)"; }

// A session is its mentor's or its mentee's tenant's (aliased s).
inline std::string session_in_tenant() {
    return "(" + member_in_tenant("s.mentor_id") + " OR " + member_in_tenant("s.mentee_id") + ")";
}

// One-off sessions (aliased s) whose first slot ended between :since and :now: a moved
// session counts from the slot first agreed.
inline std::string slot_passed_in_period() {
    return "s.rhythm_days IS NULL AND s.starts_at IS NOT NULL AND "
           "COALESCE(s.first_starts_at, s.starts_at) + s.minutes * 60 BETWEEN :since AND :now AND " +
           session_in_tenant();
}

// The end of a session's first slot (aliased s).
inline std::string first_slot_end() { return "COALESCE(s.first_starts_at, s.starts_at) + s.minutes * 60"; }

// What became of a session (aliased s) whose slot passed: 'completed', 'no-show:<side>',
// 'rescheduled' (still pending) or 'unconfirmed'; a rated session is completed.
inline std::string outcome_group() {
    return "CASE WHEN s.completed_at IS NOT NULL OR s.status = 'done' OR s.outcome = "
           "'happened' OR EXISTS (SELECT 1 FROM feedback f WHERE f.session_id = s.id) THEN "
           "'completed' "
           "WHEN s.outcome = 'no-show' THEN 'no-show:' || COALESCE(s.outcome_by, '') "
           "WHEN s.outcome = 'moved' OR s.proposed_starts_at IS NOT NULL OR s.starts_at + "
           "s.minutes * 60 > :now THEN 'rescheduled' "
           "ELSE 'unconfirmed' END";
}

}  // namespace mentorbot::figure_sql

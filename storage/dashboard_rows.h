// The rows behind the admin dashboard: requests, sessions, feedback, mentors, pods and announcements of one period.
#pragma once

#include "domain/working_hours.h"

#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace mentorbot {

struct DashboardRequestRow {
    long long created_at = 0;
    std::string kind;
    std::optional<long long> accepted_at;
    // The wait for the accept in the requester's working time (see storage/accept_waits.h).
    std::optional<double> working_minutes_to_accept;
};

// A session begun in the period, with both sides' department and zone (empty when unknown).
struct DashboardSessionRow {
    long long created_at = 0;
    std::string mentor_id;
    std::string mentor_department, mentee_department;
    std::string mentor_zone, mentee_zone;
};

// A one-off session whose first slot ended in the period, with its outcome group as
// /coach stats counts it: completed, no-show:<side>, rescheduled or unconfirmed.
struct DashboardOutcomeRow {
    long long slot_ended_at = 0;
    std::string outcome;
};

struct DashboardFeedbackRow {
    long long updated_at = 0;
    int rating = 0;
    std::string goal;  // met, partly, not, or empty
};

// A mentor as the load figures see them: an offer in the tenant or a session in the period.
struct DashboardMentorRow {
    std::string member_id;
    int capacity = 0;    // 0: no offer any more
    bool asked = false;  // offered, declined or given a request in the period, or had a session
};

struct DashboardAttendanceRow {
    long long asked_at = 0;
    std::string kind;  // learning, circle, cohort
    std::optional<std::string> answer;
};

struct DashboardAnnouncementRow {
    long long id = 0;
    std::string target;  // a pod name or "all"
    long long created_at = 0;
    int sent = 0, failed = 0, waiting = 0;
};

struct DashboardWaitingRow {
    long long id = 0;
    std::string kind;
    std::string topic;
    long long created_at = 0;
    std::string requester_name;  // the display name; shown only where the privacy setting allows
};

struct DashboardRows {
    std::vector<DashboardRequestRow> requests;
    std::vector<DashboardSessionRow> sessions;
    std::vector<DashboardOutcomeRow> outcomes;
    std::vector<DashboardFeedbackRow> feedback;
    std::vector<DashboardMentorRow> mentors;
    std::vector<DashboardAttendanceRow> attendance;
    std::vector<DashboardAnnouncementRow> announcements;
    std::vector<DashboardWaitingRow> waiting;  // every request of the tenant waiting for a mentor, oldest first
};

// The rows of `tenant` ("console:local", see MemberId::tenant_key) from `since` up to `now`
// (Unix seconds); every tenant when empty. The same rows /coach stats counts for that period.
DashboardRows load_dashboard_rows(Database& database, long long since, long long now, const std::string& tenant,
                                  const WorkingHours& default_hours);

}  // namespace mentorbot

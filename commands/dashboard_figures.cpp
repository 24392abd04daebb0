// Buckets the dashboard's rows into weeks and totals, and reuses /coach stats' unmet-demand reasons and pod health.
#include "commands/dashboard_figures.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "commands/flash_flow.h"
#include "commands/pod_attendance.h"
#include "commands/unmet_demand.h"
#include "storage/pod_store.h"

namespace mentorbot {

namespace {

constexpr long long week_seconds = 7 * 24 * 3600LL;
constexpr int load_bins = 6;  // 0, 1, 2, 3, 4, 5 or more sessions in a week
constexpr std::size_t waiting_listed = 20;

// The week (0 = oldest) of a moment in the period, or -1 outside it.
int week_of(const DashboardFigures& figures, long long moment) {
    if (moment < figures.since || moment > figures.now) return -1;
    return std::min(figures.weeks - 1, static_cast<int>((moment - figures.since) / week_seconds));
}

void count_requests(DashboardFigures& figures, const DashboardRows& rows) {
    std::vector<std::vector<double>> waits(figures.weeks);
    std::vector<double> all_waits;
    for (const DashboardRequestRow& row : rows.requests) {
        ++figures.requests;
        ++figures.requests_by_kind[row.kind];
        const int week = week_of(figures, row.created_at);
        if (week >= 0) {
            ++figures.by_week[week].requests;
            ++figures.by_week[week].requests_by_kind[row.kind];
        }
        if (!row.working_minutes_to_accept) continue;
        const double minutes = *row.working_minutes_to_accept;
        ++figures.matched;
        all_waits.push_back(minutes);
        if (week >= 0) {
            ++figures.by_week[week].matched;
            waits[week].push_back(minutes);
        }
    }
    figures.median_working_minutes_to_accept = median_of(all_waits);
    figures.p90_working_minutes_to_accept = percentile(all_waits, 90);
    for (int week = 0; week < figures.weeks; ++week) {
        figures.by_week[week].median_working_minutes_to_accept = median_of(waits[week]);
        figures.by_week[week].p90_working_minutes_to_accept = percentile(waits[week], 90);
    }
}

void count_outcomes(DashboardFigures& figures, const DashboardRows& rows) {
    SessionOutcomes& total = figures.outcomes;
    for (const DashboardOutcomeRow& row : rows.outcomes) {
        ++total.slot_passed;
        const int week = week_of(figures, row.slot_ended_at);
        DashboardWeek* in_week = week >= 0 ? &figures.by_week[week] : nullptr;
        if (row.outcome == "completed") {
            ++total.completed;
            if (in_week) ++in_week->completed;
        } else if (row.outcome == "rescheduled") {
            ++total.rescheduled;
            if (in_week) ++in_week->rescheduled;
        } else if (row.outcome == "unconfirmed") {
            ++total.unconfirmed;
            if (in_week) ++in_week->unconfirmed;
        } else {
            ++total.no_shows;
            if (row.outcome == "no-show:mentor") ++total.no_shows_reported_by_mentor;
            if (row.outcome == "no-show:mentee") ++total.no_shows_reported_by_mentee;
            if (in_week) ++in_week->no_shows;
        }
    }
}

void count_feedback(DashboardFigures& figures, const DashboardRows& rows) {
    long long sum = 0;
    for (const DashboardFeedbackRow& row : rows.feedback) {
        if (row.rating >= 1 && row.rating <= 5) ++figures.ratings[row.rating - 1];
        sum += row.rating;
        if (row.goal == "met") ++figures.goal_met;
        else if (row.goal == "partly") ++figures.goal_partly;
        else if (row.goal == "not") ++figures.goal_not;
    }
    if (!rows.feedback.empty()) figures.average_rating = static_cast<double>(sum) / rows.feedback.size();
}

// Sessions per mentor per week against each mentor's weekly capacity.
void count_load(DashboardFigures& figures, const DashboardRows& rows) {
    // Looked up once per session: a hash, not a tree of ten thousand mentor ids.
    std::unordered_map<std::string_view, std::vector<int>> per_week;
    per_week.reserve(rows.mentors.size());
    for (const DashboardMentorRow& mentor : rows.mentors) per_week[mentor.member_id].assign(figures.weeks, 0);
    for (const DashboardSessionRow& session : rows.sessions) {
        auto found = per_week.find(session.mentor_id);
        const int week = week_of(figures, session.created_at);
        if (found != per_week.end() && week >= 0) ++found->second[week];
    }
    figures.load.resize(load_bins);
    for (int bin = 0; bin < load_bins; ++bin) figures.load[bin] = {bin, bin == load_bins - 1, 0, 0};
    for (const DashboardMentorRow& mentor : rows.mentors) {
        ++figures.mentors;
        if (!mentor.asked) ++figures.mentors_not_asked;
        for (int sessions : per_week[mentor.member_id]) {
            LoadBin& bin = figures.load[std::min(sessions, load_bins - 1)];
            ++bin.mentor_weeks;
            if (mentor.capacity > 0 && sessions >= mentor.capacity) ++bin.at_or_over_capacity;
        }
    }
}

void count_mixing(DashboardFigures& figures, const DashboardRows& rows) {
    for (const DashboardSessionRow& session : rows.sessions) {
        ++figures.sessions;
        if (!session.mentor_department.empty() && !session.mentee_department.empty()) {
            ++figures.sessions_with_departments;
            if (session.mentor_department != session.mentee_department) ++figures.cross_department;
        }
        if (!session.mentor_zone.empty() && !session.mentee_zone.empty()) {
            ++figures.sessions_with_zones;
            if (session.mentor_zone != session.mentee_zone) ++figures.cross_zone;
        }
    }
}

void count_pods(DashboardFigures& figures, const DashboardRows& rows, Database& database, const std::string& tenant) {
    for (const DashboardAttendanceRow& row : rows.attendance) {
        const int week = week_of(figures, row.asked_at);
        for (KindAttendance* kind :
             {&figures.attendance[row.kind], week >= 0 ? &figures.by_week[week].attendance[row.kind] : nullptr}) {
            if (kind == nullptr) continue;
            ++kind->asked;
            if (row.answer) ++kind->answered;
            if (row.answer == "met") ++kind->met;
        }
    }
    PodAttendanceStore attendance(database);
    for (const PodHealthRow& row : attendance.active_pods(tenant)) {
        Pod pod;
        pod.created_at = row.created_at;
        pod.cadence = row.cadence;
        if (is_going_quiet(pod, row.last_checkin, figures.now))
            figures.quiet_pods.push_back({row.name, row.last_checkin});
    }
    figures.pairs_met_before = attendance.pairs_met_before(tenant);
}

void list_waiting(DashboardFigures& figures, const DashboardRows& rows, bool with_names) {
    figures.waiting_total = static_cast<int>(rows.waiting.size());
    for (const DashboardWaitingRow& row : rows.waiting) {
        if (figures.waiting_longest.size() == waiting_listed) break;
        WaitingRequest request{row.id, row.kind, row.topic, std::max(0LL, (figures.now - row.created_at) / 60), {}};
        if (with_names) request.requester = row.requester_name.empty() ? "a member" : row.requester_name;
        figures.waiting_longest.push_back(std::move(request));
    }
}

}  // namespace

std::optional<double> median_of(std::vector<double> values) {
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

std::optional<double> percentile(std::vector<double> values, double percent) {
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(percent / 100.0 * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

DashboardFigures compute_dashboard_figures(Database& database, const Config& config, Seconds now, int weeks,
                                           const std::string& tenant) {
    DashboardFigures figures;
    figures.weeks = std::max(1, weeks);
    figures.now = to_unix(now);
    figures.since = figures.now - figures.weeks * week_seconds;
    figures.by_week.resize(figures.weeks);
    for (int week = 0; week < figures.weeks; ++week)
        figures.by_week[week].starts_at = figures.since + week * week_seconds;

    const DashboardRows rows = load_dashboard_rows(database, figures.since, figures.now, tenant,
                                                   {config.default_hours_start, config.default_hours_end});
    count_requests(figures, rows);
    count_outcomes(figures, rows);
    count_feedback(figures, rows);
    count_load(figures, rows);
    count_mixing(figures, rows);
    count_pods(figures, rows, database, tenant);
    figures.announcements = rows.announcements;
    list_waiting(figures, rows, config.dashboard.waiting_names);

    // Unmet demand is /coach stats' own list and reasons, for the same period.
    const std::optional<std::string> tenant_key = tenant.empty() ? std::nullopt : std::optional<std::string>(tenant);
    ProgramFigures program;
    program.unmet_topics = unmet_topic_demand(database, figures.since, tenant_key);
    std::vector<OutboundMessage> nothing_sent;  // explaining matches, it offers nothing
    FlashFlow flow{database, config, now, nothing_sent};
    explain_unmet_demand(flow, program, figures.since, tenant_key);
    figures.unmet_topics = std::move(program.unmet_topics);
    return figures;
}

}  // namespace mentorbot

// The admin dashboard's figures: per tenant and per week for the last N weeks, counted like /coach stats.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "domain/clock.h"
#include "storage/dashboard_rows.h"
#include "storage/database.h"
#include "storage/pod_attendance_store.h"
#include "storage/program_figures.h"

namespace mentorbot {

// One week of the period: [starts_at, starts_at + 7 days), the last one ending now.
struct DashboardWeek {
    long long starts_at = 0;
    std::map<std::string, int> requests_by_kind;
    int requests = 0;
    int matched = 0;  // requests made this week and accepted by a mentor since
    std::optional<double> median_working_minutes_to_accept;
    std::optional<double> p90_working_minutes_to_accept;
    // Sessions whose first slot ended this week, grouped as /coach stats groups them.
    int completed = 0, no_shows = 0, rescheduled = 0, unconfirmed = 0;
    std::map<std::string, KindAttendance> attendance;  // by pod kind, asks made this week

    double match_rate() const { return requests == 0 ? 0.0 : static_cast<double>(matched) / requests; }
};

// Mentor-weeks with `sessions` sessions begun (the last bin is that many or more).
struct LoadBin {
    int sessions = 0;
    bool or_more = false;
    int mentor_weeks = 0;
    int at_or_over_capacity = 0;  // of them, weeks the mentor's capacity was used up
};

struct QuietPod {
    std::string name;
    std::optional<long long> last_met;
};

struct WaitingRequest {
    long long id = 0;
    std::string kind;
    std::string topic;
    long long waiting_minutes = 0;
    // Who waits: set only when the program's dashboard.waiting_names allows it.
    std::optional<std::string> requester;
};

struct DashboardFigures {
    int weeks = 4;
    long long since = 0;
    long long now = 0;
    std::vector<DashboardWeek> by_week;  // oldest first

    // Totals over the period: the same numbers /coach stats gives for 7 × weeks days.
    int requests = 0;
    std::map<std::string, int> requests_by_kind;
    int matched = 0;
    std::optional<double> median_working_minutes_to_accept;
    std::optional<double> p90_working_minutes_to_accept;
    SessionOutcomes outcomes;
    std::array<int, 5> ratings{};  // how many of each rating 1–5
    std::optional<double> average_rating;
    int goal_met = 0, goal_partly = 0, goal_not = 0;
    std::vector<TopicDemand> unmet_topics;  // with the reasons /coach stats gives

    std::vector<LoadBin> load;
    int mentors = 0;
    int mentors_not_asked = 0;  // no offer, decline or session in the period

    int sessions = 0;  // begun in the period
    int sessions_with_departments = 0, cross_department = 0;
    int sessions_with_zones = 0, cross_zone = 0;

    std::map<std::string, KindAttendance> attendance;  // by pod kind, over the period
    std::vector<QuietPod> quiet_pods;
    int pairs_met_before = 0;

    std::vector<DashboardAnnouncementRow> announcements;  // newest first
    int waiting_total = 0;
    std::vector<WaitingRequest> waiting_longest;  // at most 20, longest first; names only where allowed
};

// The figures of `tenant` for the `weeks` weeks up to `now`.
DashboardFigures compute_dashboard_figures(Database& database, const Config& config, Seconds now, int weeks,
                                           const std::string& tenant);

// The nearest-rank percentile (0–100) of `values`; nullopt when there are none.
std::optional<double> percentile(std::vector<double> values, double percent);
// The median as /coach stats takes it (the mean of the middle two for an even count).
std::optional<double> median_of(std::vector<double> values);

}  // namespace mentorbot

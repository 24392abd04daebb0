// Turns the dashboard's figures into titled tables with their totals, summaries and chart settings.
#include "bot/dashboard/figure_tables.h"

#include <cmath>
#include <cstdio>

#include <date/date.h>

#include "commands/program_stats.h"
#include "domain/request_kind.h"

namespace mentorbot {

namespace {

const char* const pod_kinds[] = {"learning", "circle", "cohort"};

// Every request kind, in the order members read them in /flash request.
std::vector<std::string> request_kinds() {
    std::vector<std::string> kinds;
    for (RequestKind kind : {RequestKind::flash, RequestKind::micro, RequestKind::near_peer, RequestKind::reverse,
                             RequestKind::shadow, RequestKind::long_term, RequestKind::peer})
        kinds.emplace_back(request_kind_name(kind));
    return kinds;
}

std::string fixed(double value, int decimals) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

FigureCell count(long long value) { return {std::to_string(value), static_cast<double>(value)}; }
FigureCell label(std::string text) { return {std::move(text), std::nullopt}; }
FigureCell percent(int part, int whole) {
    if (whole == 0) return {"–", std::nullopt};
    const double share = 100.0 * part / whole;
    return {fixed(share, 0) + "%", std::round(share * 10) / 10};
}
FigureCell minutes(const std::optional<double>& value) {
    if (!value) return {"–", std::nullopt};
    return {fixed(*value, 0), std::round(*value * 10) / 10};
}

std::string day_of(long long unix_seconds) {
    return date::format("%F", date::floor<date::days>(std::chrono::sys_seconds{std::chrono::seconds{unix_seconds}}));
}

// "week of 2026-11-19"
FigureCell week_label(const DashboardWeek& week) { return label(day_of(week.starts_at)); }

std::string plural(long long n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

FigureTable requests_table(const DashboardFigures& f) {
    FigureTable table{"requests", "Requests per week by kind", "", ChartKind::stacked_bar, {"Week"}, {}, {}, 0,
                      "requests"};
    const std::vector<std::string> kinds = request_kinds();
    for (const auto& kind : kinds) table.columns.push_back(kind);
    table.columns.push_back("All kinds");
    for (std::size_t i = 1; i <= kinds.size(); ++i) table.series.push_back(i);
    for (const DashboardWeek& week : f.by_week) {
        std::vector<FigureCell> row{week_label(week)};
        for (const auto& kind : kinds) {
            auto found = week.requests_by_kind.find(kind);
            row.push_back(count(found == week.requests_by_kind.end() ? 0 : found->second));
        }
        row.push_back(count(week.requests));
        table.rows.push_back(std::move(row));
    }
    table.chart_rows = table.rows.size();
    std::vector<FigureCell> total{label("All weeks")};
    for (const auto& kind : kinds) {
        auto found = f.requests_by_kind.find(kind);
        total.push_back(count(found == f.requests_by_kind.end() ? 0 : found->second));
    }
    total.push_back(count(f.requests));
    table.rows.push_back(std::move(total));
    table.summary = plural(f.requests, "request", "requests") + " in the last " + plural(f.weeks, "week", "weeks") +
                    ".";
    return table;
}

FigureTable match_rate_table(const DashboardFigures& f) {
    FigureTable table{"match-rate",
                      "Match rate per week",
                      "",
                      ChartKind::line,
                      {"Week", "Requests", "Accepted", "Match rate (%)"},
                      {},
                      {3},
                      0,
                      "% of requests accepted"};
    for (const DashboardWeek& week : f.by_week)
        table.rows.push_back(
            {week_label(week), count(week.requests), count(week.matched), percent(week.matched, week.requests)});
    table.chart_rows = table.rows.size();
    table.rows.push_back({label("All weeks"), count(f.requests), count(f.matched), percent(f.matched, f.requests)});
    table.summary = "Requests made in a week that a mentor has accepted since: " +
                    (f.requests == 0 ? std::string("–") : fixed(100.0 * f.matched / f.requests, 0) + "%") + " (" +
                    std::to_string(f.matched) + " accepted) over the period.";
    return table;
}

FigureTable time_to_accept_table(const DashboardFigures& f) {
    FigureTable table{"time-to-accept",
                      "Working time from request to accepted",
                      "",
                      ChartKind::line,
                      {"Week", "Accepted", "Median (working minutes)", "90th percentile (working minutes)"},
                      {},
                      {2, 3},
                      0,
                      "minutes"};
    for (const DashboardWeek& week : f.by_week)
        table.rows.push_back({week_label(week), count(week.matched), minutes(week.median_working_minutes_to_accept),
                              minutes(week.p90_working_minutes_to_accept)});
    table.chart_rows = table.rows.size();
    table.rows.push_back({label("All weeks"), count(f.matched), minutes(f.median_working_minutes_to_accept),
                          minutes(f.p90_working_minutes_to_accept)});
    table.summary =
        "Minutes of the requester's working time from a request to its mentor's accept (a night or a "
        "weekend between does not count), by the week the request was made: median " +
        (f.median_working_minutes_to_accept ? fixed(*f.median_working_minutes_to_accept, 0) : std::string("–")) +
        ", 90th percentile " +
        (f.p90_working_minutes_to_accept ? fixed(*f.p90_working_minutes_to_accept, 0) : std::string("–")) + ".";
    return table;
}

FigureTable outcomes_table(const DashboardFigures& f) {
    FigureTable table{"outcomes",
                      "Sessions by outcome",
                      "",
                      ChartKind::stacked_bar,
                      {"Week the slot ended", "Completed", "No-show", "Rescheduled", "Unconfirmed"},
                      {},
                      {1, 2, 3, 4},
                      0,
                      "sessions"};
    for (const DashboardWeek& week : f.by_week)
        table.rows.push_back({week_label(week), count(week.completed), count(week.no_shows), count(week.rescheduled),
                              count(week.unconfirmed)});
    table.chart_rows = table.rows.size();
    const SessionOutcomes& o = f.outcomes;
    table.rows.push_back(
        {label("All weeks"), count(o.completed), count(o.no_shows), count(o.rescheduled), count(o.unconfirmed)});
    table.summary = plural(o.slot_passed, "one-off session", "one-off sessions") +
                    " whose slot passed: every one reaches an outcome.";
    return table;
}

FigureTable ratings_table(const DashboardFigures& f) {
    FigureTable table{"ratings", "Ratings", "", ChartKind::bar, {"Rating", "Ratings"}, {}, {1}, 5, "ratings"};
    int total = 0;
    for (int rating = 1; rating <= 5; ++rating) {
        table.rows.push_back({label(std::to_string(rating) + " of 5"), count(f.ratings[rating - 1])});
        total += f.ratings[rating - 1];
    }
    table.rows.push_back({label("All ratings"), count(total)});
    table.summary = "Average rating: " + (f.average_rating ? fixed(*f.average_rating, 1) + " / 5" : std::string("–")) +
                    " (" + plural(total, "rating", "ratings") + ").";
    return table;
}

FigureTable goals_table(const DashboardFigures& f) {
    FigureTable table{"goals",  "Goal met, partly or not", "", ChartKind::bar, {"Goal", "Feedback"}, {}, {1}, 3,
                      "answers"};
    table.rows = {{label("met"), count(f.goal_met)},
                  {label("partly"), count(f.goal_partly)},
                  {label("not"), count(f.goal_not)}};
    table.summary = "What mentees and mentors said about the session's goal, in their feedback.";
    return table;
}

FigureTable unmet_table(const DashboardFigures& f) {
    FigureTable table{
        "unmet",   "Unmet demand by topic", "", ChartKind::bar, {"Topic", "Waiting requests", "Why"}, {}, {1}, 0,
        "requests"};
    for (const TopicDemand& demand : f.unmet_topics)
        table.rows.push_back({label(demand.topic), count(demand.requests), label(describe_unmet_reasons(demand))});
    table.chart_rows = table.rows.size();
    table.summary = f.unmet_topics.empty()
                        ? "No request made in the period is waiting for a mentor."
                        : "Requests waiting for a mentor, and why: the list that says which mentors to recruit.";
    return table;
}

FigureTable load_table(const DashboardFigures& f) {
    FigureTable table{"mentor-load",
                      "Mentor load per week",
                      "",
                      ChartKind::bar,
                      {"Sessions in a week", "Mentor-weeks", "Of them at or over capacity"},
                      {},
                      {1, 2},
                      0,
                      "mentor-weeks"};
    for (const LoadBin& bin : f.load)
        table.rows.push_back({label(std::to_string(bin.sessions) + (bin.or_more ? " or more" : "")),
                              count(bin.mentor_weeks), count(bin.at_or_over_capacity)});
    table.chart_rows = table.rows.size();
    table.summary = std::to_string(f.mentors_not_asked) + " of " + plural(f.mentors, "mentor", "mentors") + " (" +
                    percent(f.mentors_not_asked, f.mentors).text + ") got no request in the period.";
    return table;
}

FigureTable mixing_table(const DashboardFigures& f) {
    FigureTable table{"mixing",
                      "Sessions across departments and time zones",
                      "",
                      ChartKind::bar,
                      {"Sessions", "Across", "Known for both sides", "Share (%)"},
                      {},
                      {3},
                      2,
                      "% of sessions"};
    table.rows = {{label("Across departments"), count(f.cross_department), count(f.sessions_with_departments),
                   percent(f.cross_department, f.sessions_with_departments)},
                  {label("Across time zones"), count(f.cross_zone), count(f.sessions_with_zones),
                   percent(f.cross_zone, f.sessions_with_zones)}};
    table.summary = plural(f.sessions, "session", "sessions") + " begun in the period.";
    return table;
}

FigureTable attendance_table(const DashboardFigures& f) {
    FigureTable table{"pod-attendance",
                      "Pod attendance per week",
                      "",
                      ChartKind::line,
                      {"Week"},
                      {},
                      {},
                      0,
                      "% of answers that say the pod met"};
    for (const char* kind : pod_kinds) table.columns.push_back(std::string(kind) + " attendance (%)");
    for (const char* kind : pod_kinds) table.columns.push_back(std::string(kind) + " answers");
    table.series = {1, 2, 3};
    auto row_of = [](FigureCell first, const std::map<std::string, KindAttendance>& by_kind) {
        std::vector<FigureCell> row{std::move(first)};
        for (const char* kind : pod_kinds) {
            auto found = by_kind.find(kind);
            row.push_back(found == by_kind.end() ? FigureCell{"–", std::nullopt}
                                                 : percent(found->second.met, found->second.answered));
        }
        for (const char* kind : pod_kinds) {
            auto found = by_kind.find(kind);
            row.push_back(count(found == by_kind.end() ? 0 : found->second.answered));
        }
        return row;
    };
    for (const DashboardWeek& week : f.by_week) table.rows.push_back(row_of(week_label(week), week.attendance));
    table.chart_rows = table.rows.size();
    table.rows.push_back(row_of(label("All weeks"), f.attendance));
    table.summary =
        "Answers to \"Did your pod meet?\": met ÷ answered. Pairs who met before in an earlier round's pod: " +
        std::to_string(f.pairs_met_before) + ".";
    return table;
}

FigureTable quiet_pods_table(const DashboardFigures& f) {
    FigureTable table{"quiet-pods", "Pods going quiet", "", ChartKind::none, {"Pod", "Last met"}, {}, {}, 0, ""};
    for (const QuietPod& pod : f.quiet_pods)
        table.rows.push_back({label(pod.name), label(pod.last_met ? day_of(*pod.last_met) : "never")});
    table.summary = f.quiet_pods.empty() ? "Every active pod met within two of its cadences."
                                         : plural(static_cast<long long>(f.quiet_pods.size()), "pod has", "pods have") +
                                               " not met for two of their cadences.";
    return table;
}

FigureTable announcements_table(const DashboardFigures& f) {
    FigureTable table{"announcements",
                      "Announcements and their deliveries",
                      "",
                      ChartKind::stacked_bar,
                      {"Announcement", "Date", "Sent", "Failed", "Waiting"},
                      {},
                      {2, 3, 4},
                      0,
                      "deliveries"};
    for (const DashboardAnnouncementRow& row : f.announcements)
        table.rows.push_back({label("#" + std::to_string(row.id) + " to " + row.target), label(day_of(row.created_at)),
                              count(row.sent), count(row.failed), count(row.waiting)});
    table.chart_rows = table.rows.size();
    table.summary = plural(static_cast<long long>(f.announcements.size()), "announcement", "announcements") +
                    " in the period; failed deliveries are retried.";
    return table;
}

FigureTable waiting_table(const DashboardFigures& f) {
    // Names appear only when the program's privacy setting (dashboard.waiting_names) allows
    // them; then every listed request carries one.
    const bool named = !f.waiting_longest.empty() && f.waiting_longest.front().requester.has_value();
    FigureTable table{"waiting",      "Requests waiting longest", "", ChartKind::bar, {"Request"}, {}, {}, 0,
                      "hours waiting"};
    if (named) table.columns.push_back("Who");
    table.columns.insert(table.columns.end(), {"Kind", "Topic", "Waiting (hours)"});
    table.series = {table.columns.size() - 1};
    for (const WaitingRequest& request : f.waiting_longest) {
        const double hours = static_cast<double>(request.waiting_minutes) / 60.0;
        std::vector<FigureCell> row{label("#" + std::to_string(request.id))};
        if (named) row.push_back(label(request.requester.value_or("")));
        row.insert(row.end(),
                   {label(request.kind), label(request.topic), {fixed(hours, 1), std::round(hours * 10) / 10}});
        table.rows.push_back(std::move(row));
    }
    table.chart_rows = table.rows.size();
    table.summary = plural(f.waiting_total, "request is", "requests are") + " waiting for a mentor" +
                    (named ? std::string(".")
                           : std::string(" (no names: the program's privacy setting keeps them out)."));
    return table;
}

}  // namespace

std::vector<FigureTable> figure_tables(const DashboardFigures& figures) {
    return {requests_table(figures),   match_rate_table(figures), time_to_accept_table(figures),
            outcomes_table(figures),   ratings_table(figures),    goals_table(figures),
            unmet_table(figures),      load_table(figures),       mixing_table(figures),
            attendance_table(figures), quiet_pods_table(figures), announcements_table(figures),
            waiting_table(figures)};
}

std::vector<std::string> figure_ids() {
    std::vector<std::string> ids;
    for (const FigureTable& table : figure_tables(DashboardFigures{})) ids.push_back(table.id);
    return ids;
}

}  // namespace mentorbot

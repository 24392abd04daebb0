// Program figures from the requests, sessions, feedback, offers, pods and announcements tables.
#include "storage/program_figures.h"

#include <algorithm>

#include "storage/accept_waits.h"
#include "storage/figure_sql.h"

namespace mentorbot {

namespace {

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    std::size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

using figure_sql::member_in_tenant;
using figure_sql::pod_in_tenant;

// Prepares `sql`, binding :since and :tenant where it uses them.
SQLite::Statement& prepare(Database& database, const std::string& sql, long long since,
                           const std::optional<std::string>& tenant) {
    auto& query = database.prepare(sql);
    if (sql.find(":since") != std::string::npos) query.bind(":since", static_cast<int64_t>(since));
    if (sql.find(":tenant") != std::string::npos) {
        if (tenant) query.bind(":tenant", *tenant);
        else query.bind(":tenant");
    }
    return query;
}

int count(Database& database, const std::string& sql, long long since, const std::optional<std::string>& tenant) {
    auto& query = prepare(database, sql, since, tenant);
    query.executeStep();
    return query.getColumn(0).getInt();
}

// Whether some mentor of the tenant offers the request's topic, as an SQL expression on `r`.
std::string topic_supply() {
    return "EXISTS (SELECT 1 FROM member_tags t JOIN mentor_offers o ON o.member_id = t.member_id "
           "WHERE t.kind = 'topic' AND t.tag = r.topic AND " +
           member_in_tenant("o.member_id") + ")";
}

}  // namespace

std::vector<TopicDemand> unmet_topic_demand(Database& database, long long since,
                                            const std::optional<std::string>& tenant) {
    // Demand that found nobody: requests waiting because no mentor fits (an offer still
    // waiting for an answer is not unmet yet).
    auto& query = prepare(database,
                          "SELECT r.topic, COUNT(*), " + topic_supply() +
                              " AS supplied FROM requests r WHERE r.created_at >= :since AND r.status = 'queued' "
                              "AND " +
                              member_in_tenant("r.requester_id") +
                              " GROUP BY r.topic ORDER BY supplied, COUNT(*) DESC, r.topic LIMIT 10",
                          since, tenant);
    std::vector<TopicDemand> topics;
    while (query.executeStep())
        topics.push_back(
            {query.getColumn(0).getString(), query.getColumn(1).getInt(), query.getColumn(2).getInt() != 0});
    return topics;
}

ProgramFigures compute_program_figures(Database& database, long long now, int days,
                                       const std::optional<std::string>& tenant, const WorkingHours& default_hours) {
    ProgramFigures figures;
    figures.days = days;
    const long long since = now - static_cast<long long>(days) * 24 * 3600;
    // A request is its requester's tenant's; a session its mentor's or mentee's.
    const std::string request_here = member_in_tenant("r.requester_id");
    const std::string session_here = figure_sql::session_in_tenant();

    {
        auto& query = prepare(database,
                              "SELECT kind, COUNT(*) FROM requests r WHERE created_at >= :since AND " + request_here +
                                  " GROUP BY kind ORDER BY kind",
                              since, tenant);
        while (query.executeStep()) {
            int n = query.getColumn(1).getInt();
            figures.requests_by_kind[query.getColumn(0).getString()] = n;
            figures.requests += n;
        }
    }
    {
        auto& query = prepare(database,
                              "SELECT r.created_at, r.accepted_at, " + requester_schedule_columns + " FROM requests r" +
                                  requester_schedule_joins +
                                  "WHERE r.created_at >= :since AND r.accepted_at IS NOT NULL AND " + request_here,
                              since, tenant);
        std::vector<double> waits;
        while (query.executeStep()) {
            waits.push_back(working_minutes_to_accept(query, 2, query.getColumn(0).getInt64(),
                                                      query.getColumn(1).getInt64(), default_hours));
        }
        figures.matched = static_cast<int>(waits.size());
        if (!waits.empty()) figures.median_working_minutes_to_accept = median(waits);
    }
    figures.assigned_by_hand = count(
        database, "SELECT COUNT(*) FROM requests r WHERE created_at >= :since AND manual_match = 1 AND " + request_here,
        since, tenant);
    figures.assigned_by_hand_accepted =
        count(database,
              "SELECT COUNT(*) FROM requests r WHERE created_at >= :since AND manual_match = 1 AND accepted_at IS NOT "
              "NULL AND " +
                  request_here,
              since, tenant);
    // Long-term pairings under way, whatever the period, and those that stopped meeting.
    const std::string long_term_active =
        "FROM sessions s WHERE s.rhythm_days IS NOT NULL AND s.status = 'active' AND " + session_here;
    figures.long_term_pairs = count(database, "SELECT COUNT(*) " + long_term_active, since, tenant);
    figures.long_term_going_quiet =
        count(database, "SELECT COUNT(*) " + long_term_active + " AND s.quiet_check_ins >= 2", since, tenant);
    figures.sessions_completed = count(database,
                                       "SELECT COUNT(*) FROM sessions s WHERE completed_at IS NOT NULL AND "
                                       "completed_at >= :since AND " +
                                           session_here,
                                       since, tenant);
    {
        // One-off sessions whose first slot ended in the period: a moved session counts from
        // the slot first agreed, and stays "rescheduled" until its new slot has passed.
        const std::string slot_passed = "FROM sessions s WHERE " + figure_sql::slot_passed_in_period();
        auto& total = prepare(database, "SELECT COUNT(*) " + slot_passed, since, tenant);
        total.bind(":now", static_cast<int64_t>(now));
        total.executeStep();
        figures.outcomes.slot_passed = total.getColumn(0).getInt();
        total.reset();
        auto& query = prepare(database,
                              "SELECT " + figure_sql::outcome_group() + " AS outcome_group, COUNT(*) " + slot_passed +
                                  " GROUP BY outcome_group",
                              since, tenant);
        query.bind(":now", static_cast<int64_t>(now));
        while (query.executeStep()) {
            const std::string group = query.getColumn(0).getString();
            const int n = query.getColumn(1).getInt();
            SessionOutcomes& outcomes = figures.outcomes;
            if (group == "completed") outcomes.completed = n;
            else if (group == "rescheduled") outcomes.rescheduled = n;
            else if (group == "unconfirmed") outcomes.unconfirmed = n;
            else {
                outcomes.no_shows += n;
                if (group == "no-show:mentor") outcomes.no_shows_reported_by_mentor += n;
                if (group == "no-show:mentee") outcomes.no_shows_reported_by_mentee += n;
            }
        }
    }
    {
        auto& query = prepare(database,
                              "SELECT COUNT(*), AVG(f.rating) FROM feedback f JOIN sessions s ON s.id = f.session_id "
                              "WHERE f.updated_at >= :since AND " +
                                  session_here,
                              since, tenant);
        query.executeStep();
        figures.ratings = query.getColumn(0).getInt();
        if (figures.ratings > 0) figures.average_rating = query.getColumn(1).getDouble();
    }

    const std::string supply = topic_supply();
    {
        auto& query = prepare(database,
                              "SELECT r.topic, COUNT(*), " + supply +
                                  " FROM requests r WHERE r.created_at >= :since AND " + request_here +
                                  " GROUP BY r.topic ORDER BY COUNT(*) DESC, r.topic LIMIT 5",
                              since, tenant);
        while (query.executeStep())
            figures.top_topics.push_back(
                {query.getColumn(0).getString(), query.getColumn(1).getInt(), query.getColumn(2).getInt() != 0});
    }
    figures.unmet_topics = unmet_topic_demand(database, since, tenant);
    {
        // Load per mentor: every mentor with an offer counts, idle ones too.
        auto& query = prepare(database,
                              "SELECT mentor, COUNT(s.id) FROM ("
                              "  SELECT member_id AS mentor FROM mentor_offers WHERE " +
                                  member_in_tenant("member_id") +
                                  "  UNION SELECT mentor_id FROM sessions WHERE created_at >= :since AND mentor_id IS "
                                  "NOT NULL AND " +
                                  member_in_tenant("mentor_id") +
                                  ") LEFT JOIN sessions s ON s.mentor_id = mentor AND s.created_at >= :since GROUP BY "
                                  "mentor",
                              since, tenant);
        std::vector<double> loads;
        while (query.executeStep()) {
            int load = query.getColumn(1).getInt();
            loads.push_back(load);
            figures.mentor_load_max = std::max(figures.mentor_load_max, load);
        }
        figures.mentors = static_cast<int>(loads.size());
        figures.mentor_load_median = median(loads);
    }

    // A pod nobody is in does not meet, even before its next reminder archives it.
    figures.active_pods = count(database,
                                "SELECT COUNT(*) FROM pods p WHERE p.archived_at IS NULL AND EXISTS (SELECT 1 FROM "
                                "pod_members pm WHERE pm.pod_id = p.id) AND " +
                                    pod_in_tenant("p.tenant"),
                                since, tenant);
    figures.pod_members = count(database,
                                "SELECT COUNT(*) FROM pod_members pm JOIN pods p ON p.id = pm.pod_id WHERE "
                                "p.archived_at IS NULL AND " +
                                    pod_in_tenant("p.tenant"),
                                since, tenant);
    figures.checkins = count(database,
                             "SELECT COUNT(*) FROM pod_checkins c JOIN pods p ON p.id = c.pod_id WHERE c.created_at >= "
                             ":since AND " +
                                 pod_in_tenant("p.tenant"),
                             since, tenant);
    figures.pods_that_met = count(database,
                                  "SELECT COUNT(DISTINCT c.pod_id) FROM pod_checkins c JOIN pods p ON p.id = c.pod_id "
                                  "WHERE c.created_at >= :since AND " +
                                      pod_in_tenant("p.tenant"),
                                  since, tenant);
    figures.announcements = count(
        database, "SELECT COUNT(*) FROM announcements a WHERE created_at >= :since AND " + pod_in_tenant("a.tenant"),
        since, tenant);
    {
        auto& query =
            prepare(database,
                    "SELECT o.status, COUNT(*) FROM outbox o JOIN announcements a ON a.id = o.announcement_id "
                    "WHERE a.created_at >= :since AND " +
                        pod_in_tenant("a.tenant") + " GROUP BY o.status",
                    since, tenant);
        while (query.executeStep()) {
            std::string status = query.getColumn(0).getString();
            int n = query.getColumn(1).getInt();
            if (status == "sent") figures.deliveries_sent = n;
            else if (status == "failed") figures.deliveries_failed = n;
            else figures.deliveries_waiting += n;
        }
    }
    return figures;
}

}  // namespace mentorbot

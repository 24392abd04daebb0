// The dashboard's queries: one pass per table over the period, filtered to one tenant like /coach stats.
#include "storage/dashboard_rows.h"

#include "storage/accept_waits.h"
#include "storage/figure_sql.h"

namespace mentorbot {

namespace {

using figure_sql::member_in_tenant;
using figure_sql::pod_in_tenant;

// Prepares `sql`, binding :since, :now and :tenant where it uses them (an empty tenant is every tenant).
SQLite::Statement& prepare(Database& database, const std::string& sql, long long since, long long now,
                           const std::string& tenant) {
    auto& query = database.prepare(sql);
    if (sql.find(":since") != std::string::npos) query.bind(":since", static_cast<int64_t>(since));
    if (sql.find(":now") != std::string::npos) query.bind(":now", static_cast<int64_t>(now));
    if (sql.find(":tenant") != std::string::npos) {
        if (tenant.empty()) query.bind(":tenant");
        else query.bind(":tenant", tenant);
    }
    return query;
}

std::string text_or_empty(const SQLite::Column& column) { return column.isNull() ? std::string() : column.getString(); }

}  // namespace

DashboardRows load_dashboard_rows(Database& database, long long since, long long now, const std::string& tenant,
                                  const WorkingHours& default_hours) {
    DashboardRows rows;
    {
        auto& query = prepare(database,
                              "SELECT r.created_at, r.kind, r.accepted_at, " + requester_schedule_columns +
                                  " FROM requests r" + requester_schedule_joins + "WHERE r.created_at >= :since AND " +
                                  member_in_tenant("r.requester_id") + " ORDER BY r.created_at",
                              since, now, tenant);
        while (query.executeStep()) {
            DashboardRequestRow row{query.getColumn(0).getInt64(), query.getColumn(1).getString(), std::nullopt};
            if (!query.getColumn(2).isNull()) {
                row.accepted_at = query.getColumn(2).getInt64();
                row.working_minutes_to_accept = working_minutes_to_accept(query, 3, row.created_at, *row.accepted_at,
                                                                          default_hours);
            }
            rows.requests.push_back(std::move(row));
        }
    }
    {
        auto& query = prepare(database,
                              "SELECT s.created_at, s.mentor_id, mr.department, me.department, mr.time_zone, "
                              "me.time_zone FROM sessions s LEFT JOIN members mr INDEXED BY members_zone_department ON "
                              "mr.id = s.mentor_id LEFT JOIN members me INDEXED BY members_zone_department ON "
                              "me.id = s.mentee_id WHERE s.created_at >= :since AND " +
                                  figure_sql::session_in_tenant() + " ORDER BY s.created_at",
                              since, now, tenant);
        while (query.executeStep()) {
            rows.sessions.push_back({query.getColumn(0).getInt64(), text_or_empty(query.getColumn(1)),
                                     text_or_empty(query.getColumn(2)), text_or_empty(query.getColumn(3)),
                                     text_or_empty(query.getColumn(4)), text_or_empty(query.getColumn(5))});
        }
    }
    {
        auto& query = prepare(database,
                              "SELECT " + figure_sql::first_slot_end() + ", " + figure_sql::outcome_group() +
                                  " FROM sessions s WHERE " + figure_sql::slot_passed_in_period(),
                              since, now, tenant);
        while (query.executeStep())
            rows.outcomes.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString()});
    }
    {
        auto& query = prepare(database,
                              "SELECT f.updated_at, f.rating, f.goal FROM feedback f JOIN sessions s ON s.id = "
                              "f.session_id WHERE f.updated_at >= :since AND " +
                                  figure_sql::session_in_tenant(),
                              since, now, tenant);
        while (query.executeStep()) {
            rows.feedback.push_back(
                {query.getColumn(0).getInt64(), query.getColumn(1).getInt(), text_or_empty(query.getColumn(2))});
        }
    }
    {
        // The mentors /coach stats counts for load: every offer of the tenant, and whoever
        // mentored a session begun in the period.
        // Who was asked is read once into a set (one pass over each table), not per mentor.
        auto& query = prepare(
            database,
            "SELECT m.mentor, COALESCE(o.capacity, 0), m.mentor IN ("
            "SELECT mentor_id FROM sessions WHERE created_at >= :since AND mentor_id IS NOT NULL "
            "UNION SELECT mentor_id FROM request_declines WHERE declined_at >= :since "
            "UNION SELECT candidate_id FROM requests WHERE offered_at >= :since AND candidate_id IS NOT NULL) "
            "FROM (SELECT member_id AS mentor FROM mentor_offers WHERE " +
                member_in_tenant("member_id") +
                " UNION SELECT mentor_id FROM sessions WHERE created_at >= :since AND mentor_id IS NOT NULL AND " +
                member_in_tenant("mentor_id") +
                ") m LEFT JOIN mentor_offers o ON o.member_id = m.mentor ORDER BY m.mentor",
            since, now, tenant);
        while (query.executeStep()) {
            rows.mentors.push_back(
                {query.getColumn(0).getString(), query.getColumn(1).getInt(), query.getColumn(2).getInt() != 0});
        }
    }
    {
        auto& query = prepare(database,
                              "SELECT a.asked_at, p.kind, a.answer FROM pod_attendance a JOIN pods p ON p.id = "
                              "a.pod_id WHERE a.asked_at >= :since AND " +
                                  pod_in_tenant("p.tenant") + " ORDER BY a.asked_at",
                              since, now, tenant);
        while (query.executeStep()) {
            DashboardAttendanceRow row{query.getColumn(0).getInt64(), query.getColumn(1).getString(), std::nullopt};
            if (!query.getColumn(2).isNull()) row.answer = query.getColumn(2).getString();
            rows.attendance.push_back(std::move(row));
        }
    }
    {
        auto& query = prepare(database,
                              "SELECT a.id, a.target, a.created_at, "
                              "COALESCE(SUM(o.status = 'sent'), 0), COALESCE(SUM(o.status = 'failed'), 0), "
                              "COALESCE(SUM(o.status NOT IN ('sent', 'failed')), 0) FROM announcements a "
                              "LEFT JOIN outbox o ON o.announcement_id = a.id WHERE a.created_at >= :since AND " +
                                  pod_in_tenant("a.tenant") + " GROUP BY a.id ORDER BY a.created_at DESC, a.id DESC",
                              since, now, tenant);
        while (query.executeStep()) {
            rows.announcements.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                                          query.getColumn(2).getInt64(), query.getColumn(3).getInt(),
                                          query.getColumn(4).getInt(), query.getColumn(5).getInt()});
        }
    }
    {
        auto& query = prepare(database,
                              "SELECT r.id, r.kind, r.topic, r.created_at, m.display_name FROM requests r LEFT JOIN "
                              "members m ON m.id = r.requester_id WHERE r.status = 'queued' AND " +
                                  member_in_tenant("r.requester_id") + " ORDER BY r.created_at, r.id",
                              since, now, tenant);
        while (query.executeStep()) {
            rows.waiting.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                                    query.getColumn(2).getString(), query.getColumn(3).getInt64(),
                                    text_or_empty(query.getColumn(4))});
        }
    }
    return rows;
}

}  // namespace mentorbot

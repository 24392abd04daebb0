// Program figures from the requests, sessions, feedback, offers, pods and announcements tables.
#include "storage/program_figures.h"

#include <algorithm>

namespace mentorbot {

namespace {

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    std::size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

int count(Database& database, const std::string& sql, long long since) {
    auto& query = database.prepare(sql);
    for (int index = 1; index <= query.getBindParameterCount(); ++index) query.bind(index, static_cast<int64_t>(since));
    query.executeStep();
    return query.getColumn(0).getInt();
}

}  // namespace

ProgramFigures compute_program_figures(Database& database, long long now, int days) {
    ProgramFigures figures;
    figures.days = days;
    const long long since = now - static_cast<long long>(days) * 24 * 3600;

    {
        auto& query = database.prepare(
            "SELECT kind, COUNT(*) FROM requests WHERE created_at >= ? GROUP BY kind ORDER BY kind");
        query.bind(1, static_cast<int64_t>(since));
        while (query.executeStep()) {
            int n = query.getColumn(1).getInt();
            figures.requests_by_kind[query.getColumn(0).getString()] = n;
            figures.requests += n;
        }
    }
    {
        auto& query = database.prepare(
            "SELECT accepted_at - created_at FROM requests WHERE created_at >= ? AND accepted_at IS NOT NULL");
        query.bind(1, static_cast<int64_t>(since));
        std::vector<double> waits;
        while (query.executeStep()) waits.push_back(std::max<double>(0, query.getColumn(0).getInt64()) / 60.0);
        figures.matched = static_cast<int>(waits.size());
        if (!waits.empty()) figures.median_minutes_to_accept = median(waits);
    }
    figures.sessions_completed =
        count(database, "SELECT COUNT(*) FROM sessions WHERE completed_at IS NOT NULL AND completed_at >= ?", since);
    {
        auto& query = database.prepare("SELECT COUNT(*), AVG(rating) FROM feedback WHERE updated_at >= ?");
        query.bind(1, static_cast<int64_t>(since));
        query.executeStep();
        figures.ratings = query.getColumn(0).getInt();
        if (figures.ratings > 0) figures.average_rating = query.getColumn(1).getDouble();
    }

    const char* supply = "EXISTS (SELECT 1 FROM member_tags t JOIN mentor_offers o ON o.member_id = t.member_id "
                         "WHERE t.kind = 'topic' AND t.tag = r.topic)";
    {
        auto& query = database.prepare(std::string("SELECT r.topic, COUNT(*), ") + supply +
                                       " FROM requests r WHERE r.created_at >= ? GROUP BY r.topic "
                                       "ORDER BY COUNT(*) DESC, r.topic LIMIT 5");
        query.bind(1, static_cast<int64_t>(since));
        while (query.executeStep())
            figures.top_topics.push_back(
                {query.getColumn(0).getString(), query.getColumn(1).getInt(), query.getColumn(2).getInt() != 0});
    }
    {
        // Demand that found nobody: requests waiting because no mentor fits (an offer still
        // waiting for an answer is not unmet yet).
        auto& query = database.prepare(std::string("SELECT r.topic, COUNT(*), ") + supply +
                                       " AS supplied FROM requests r WHERE r.created_at >= ? AND r.status = 'queued' "
                                       "GROUP BY r.topic "
                                       "ORDER BY supplied, COUNT(*) DESC, r.topic LIMIT 10");
        query.bind(1, static_cast<int64_t>(since));
        while (query.executeStep())
            figures.unmet_topics.push_back(
                {query.getColumn(0).getString(), query.getColumn(1).getInt(), query.getColumn(2).getInt() != 0});
    }
    {
        // Load per mentor: every mentor with an offer counts, idle ones too.
        auto& query = database.prepare(
            "SELECT mentor, COUNT(s.id) FROM ("
            "  SELECT member_id AS mentor FROM mentor_offers"
            "  UNION SELECT mentor_id FROM sessions WHERE created_at >= ?1 AND mentor_id IS NOT NULL"
            ") LEFT JOIN sessions s ON s.mentor_id = mentor AND s.created_at >= ?1 GROUP BY mentor");
        query.bind(1, static_cast<int64_t>(since));
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
                                "SELECT COUNT(*) FROM pods p WHERE p.archived_at IS NULL "
                                "AND EXISTS (SELECT 1 FROM pod_members pm WHERE pm.pod_id = p.id)",
                                since);
    figures.pod_members =
        count(database,
              "SELECT COUNT(*) FROM pod_members pm JOIN pods p ON p.id = pm.pod_id WHERE p.archived_at IS NULL", since);
    figures.checkins = count(database, "SELECT COUNT(*) FROM pod_checkins WHERE created_at >= ?", since);
    figures.pods_that_met = count(database, "SELECT COUNT(DISTINCT pod_id) FROM pod_checkins WHERE created_at >= ?",
                                  since);
    figures.announcements = count(database, "SELECT COUNT(*) FROM announcements WHERE created_at >= ?", since);
    {
        auto& query = database.prepare(
            "SELECT o.status, COUNT(*) FROM outbox o JOIN announcements a ON a.id = o.announcement_id "
            "WHERE a.created_at >= ? GROUP BY o.status");
        query.bind(1, static_cast<int64_t>(since));
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

// The dashboard's queries: one pass per table over the period, filtered to one tenant like /coach stats.
#include "storage/dashboard_rows.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>

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

// The text SQLite holds for a column, valid until the statement steps on.
std::string_view view_of(const SQLite::Column& column) {
    const char* text = column.getText();
    return {text, static_cast<std::size_t>(column.getBytes())};
}

// Members' zones and departments, read for the ids named first (by name), then all at once
// (read): from one scan of the index that holds them when many are named, one lookup each
// otherwise. Texts are kept once each: a page names a few zones and departments many times.
class MemberFacts {
public:
    struct Facts {
        std::optional<std::uint32_t> zone;  // NULL in the members row, or no row
        std::optional<std::uint32_t> department;
    };
    using Entry = std::pair<const std::string, Facts>;

    // The member named in `column`; nullptr when it is NULL (a forgotten member).
    const Entry* name(const SQLite::Column& column) {
        if (column.isNull()) return nullptr;
        const std::string_view id = view_of(column);
        if (auto found = members_.find(id); found != members_.end()) return &*found;
        return &*members_.try_emplace(std::string(id)).first;
    }

    void read(Database& database) {
        if (members_.empty()) return;
        // About how many members there are (the largest rowid: found at once, where COUNT(*)
        // reads a whole index); it only picks the cheaper way, never what is read.
        auto& counted = database.prepare("SELECT COALESCE(MAX(rowid), 0) FROM members");
        const long long all = counted.executeStep() ? counted.getColumn(0).getInt64() : 0;
        counted.reset();
        if (static_cast<long long>(members_.size()) * one_lookup_per_scanned_rows > all) {
            auto& scan = database.prepare(
                "SELECT id, time_zone, department FROM members INDEXED BY members_zone_department");
            while (scan.executeStep()) {
                const SQLite::Column column = scan.getColumn(0);
                const std::string_view id = view_of(column);
                if (auto found = members_.find(id); found != members_.end()) fill(found->second, scan);
            }
            scan.reset();
        } else {
            auto& lookup = database.prepare(
                "SELECT id, time_zone, department FROM members INDEXED BY members_zone_department WHERE id = ?");
            for (auto& [id, facts] : members_) {
                lookup.reset();
                lookup.bind(1, id);
                if (lookup.executeStep()) fill(facts, lookup);
            }
            lookup.reset();
        }
    }

    const std::string& text(std::uint32_t id) const { return texts_[id]; }
    std::string zone_of(const Entry* member) const {
        return member && member->second.zone ? texts_[*member->second.zone] : std::string();
    }
    std::string department_of(const Entry* member) const {
        return member && member->second.department ? texts_[*member->second.department] : std::string();
    }

private:
    // A lookup costs about as much as reading this many rows of the index in order.
    static constexpr long long one_lookup_per_scanned_rows = 8;

    void fill(Facts& facts, const SQLite::Statement& row) {
        if (!row.getColumn(1).isNull()) facts.zone = intern(row.getColumn(1));
        if (!row.getColumn(2).isNull()) facts.department = intern(row.getColumn(2));
    }
    std::uint32_t intern(const SQLite::Column& column) {
        const std::string_view text = view_of(column);
        if (auto found = text_ids_.find(text); found != text_ids_.end()) return found->second;
        texts_.emplace_back(text);
        return text_ids_.emplace(texts_.back(), static_cast<std::uint32_t>(texts_.size() - 1)).first->second;
    }

    // Found by the text SQLite holds, without a copy of it for each row.
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    std::unordered_map<std::string, Facts, Hash, std::equal_to<>> members_;
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> text_ids_;
    std::vector<std::string> texts_;
};

}  // namespace

DashboardRows load_dashboard_rows(Database& database, long long since, long long now, const std::string& tenant,
                                  const WorkingHours& default_hours) {
    DashboardRows rows;
    // Every offer of the tenant: the load figures' mentors and their capacity, and the
    // requesters' own hours for the waits (a requester of the tenant has their offer there),
    // read once instead of looked up for each of thousands of mentors and requests.
    struct Offer {
        int capacity = 0;
        WorkingHours hours;
    };
    std::unordered_map<std::string, Offer> offers;
    {
        auto& query = prepare(database,
                              "SELECT member_id, capacity, hours_start, hours_end FROM mentor_offers WHERE " +
                                  member_in_tenant("member_id"),
                              since, now, tenant);
        while (query.executeStep()) {
            offers[query.getColumn(0).getString()] = {query.getColumn(1).getInt(),
                                                      {query.getColumn(2).getInt(), query.getColumn(3).getInt()}};
        }
    }
    // The zone and department of every member the requests and sessions name, each read once
    // (not once per row: a year holds hundreds of thousands of rows and far fewer members).
    MemberFacts facts;
    std::vector<const MemberFacts::Entry*> requesters;
    {
        auto& query = prepare(database,
                              "SELECT r.created_at, r.kind, r.accepted_at, r.requester_id FROM requests r WHERE "
                              "r.created_at >= :since AND " +
                                  member_in_tenant("r.requester_id") + " ORDER BY r.created_at",
                              since, now, tenant);
        while (query.executeStep()) {
            DashboardRequestRow row{query.getColumn(0).getInt64(), query.getColumn(1).getString(), std::nullopt};
            if (!query.getColumn(2).isNull()) row.accepted_at = query.getColumn(2).getInt64();
            requesters.push_back(facts.name(query.getColumn(3)));
            rows.requests.push_back(std::move(row));
        }
    }
    std::vector<std::pair<const MemberFacts::Entry*, const MemberFacts::Entry*>> session_sides;
    {
        auto& query = prepare(database,
                              "SELECT s.created_at, s.mentor_id, s.mentee_id FROM sessions s WHERE s.created_at >= "
                              ":since AND " +
                                  figure_sql::session_in_tenant() + " ORDER BY s.created_at",
                              since, now, tenant);
        while (query.executeStep()) {
            rows.sessions.push_back({query.getColumn(0).getInt64(), text_or_empty(query.getColumn(1)), {}, {}, {}, {}});
            session_sides.emplace_back(facts.name(query.getColumn(1)), facts.name(query.getColumn(2)));
        }
    }
    facts.read(database);
    for (std::size_t i = 0; i < rows.requests.size(); ++i) {
        DashboardRequestRow& row = rows.requests[i];
        if (!row.accepted_at) continue;
        const MemberFacts::Entry* requester = requesters[i];
        // A forgotten requester (NULL) has neither a zone nor an offer.
        const auto offer = requester ? offers.find(requester->first) : offers.end();
        const std::string* zone = requester && requester->second.zone ? &facts.text(*requester->second.zone) : nullptr;
        row.working_minutes_to_accept =
            working_minutes_to_accept(zone, offer == offers.end() ? nullptr : &offer->second.hours, row.created_at,
                                      *row.accepted_at, default_hours);
    }
    for (std::size_t i = 0; i < rows.sessions.size(); ++i) {
        DashboardSessionRow& row = rows.sessions[i];
        const auto [mentor, mentee] = session_sides[i];
        row.mentor_department = facts.department_of(mentor);
        row.mentee_department = facts.department_of(mentee);
        row.mentor_zone = facts.zone_of(mentor);
        row.mentee_zone = facts.zone_of(mentee);
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
        // mentored a session begun in the period; asked: offered, declined or given a request in
        // the period (any tenant's). Put together here from one pass over each table rather than
        // with UNIONs, which built and sorted temporary tables on every page.
        // Looked up by the text SQLite holds: most rows name a mentor already there.
        std::map<std::string, DashboardMentorRow, std::less<>> mentors;
        for (const auto& [member_id, offer] : offers) mentors[member_id] = {member_id, offer.capacity, false};
        auto& sessions = prepare(database,
                                 "SELECT mentor_id, " + member_in_tenant("mentor_id") +
                                     " FROM sessions WHERE created_at >= :since AND mentor_id IS NOT NULL",
                                 since, now, tenant);
        while (sessions.executeStep()) {
            const std::string_view mentor = view_of(sessions.getColumn(0));
            auto found = mentors.find(mentor);
            if (found == mentors.end() && sessions.getColumn(1).getInt() != 0)
                found = mentors.emplace(std::string(mentor), DashboardMentorRow{std::string(mentor), 0, false}).first;
            if (found != mentors.end()) found->second.asked = true;
        }
        // Only mentors listed above can be asked here: the others are not counted.
        auto& others = prepare(database,
                               "SELECT mentor_id FROM request_declines WHERE declined_at >= :since UNION ALL SELECT "
                               "candidate_id FROM requests WHERE offered_at >= :since AND candidate_id IS NOT NULL",
                               since, now, tenant);
        while (others.executeStep()) {
            if (auto found = mentors.find(view_of(others.getColumn(0))); found != mentors.end())
                found->second.asked = true;
        }
        rows.mentors.reserve(mentors.size());
        for (auto& [member_id, mentor] : mentors) rows.mentors.push_back(std::move(mentor));
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

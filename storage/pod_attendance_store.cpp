// Pod attendance table access: asks, answers, nudges, and the per-kind and per-pod figures.
#include "storage/pod_attendance_store.h"

namespace mentorbot {

bool PodAttendanceStore::record_ask(long long pod_id, const std::string& member_id, long long meeting_at,
                                    long long now) {
    auto& insert = database_.prepare(
        "INSERT OR IGNORE INTO pod_attendance (pod_id, member_id, meeting_at, asked_at) VALUES (?, ?, ?, ?)");
    insert.bind(1, static_cast<int64_t>(pod_id));
    insert.bind(2, member_id);
    insert.bind(3, static_cast<int64_t>(meeting_at));
    insert.bind(4, static_cast<int64_t>(now));
    return insert.exec() > 0;
}

std::optional<AttendanceAsk> PodAttendanceStore::latest_ask(long long pod_id, const std::string& member_id) {
    auto& query = database_.prepare("SELECT meeting_at, answer FROM pod_attendance WHERE pod_id = ? AND member_id = ? "
                                    "ORDER BY meeting_at DESC LIMIT 1");
    query.bind(1, static_cast<int64_t>(pod_id));
    query.bind(2, member_id);
    std::optional<AttendanceAsk> ask;
    if (query.executeStep()) {
        ask = AttendanceAsk{query.getColumn(0).getInt64(), std::nullopt};
        if (!query.getColumn(1).isNull()) ask->answer = query.getColumn(1).getString();
    }
    query.reset();
    return ask;
}

AttendanceAnswer PodAttendanceStore::answer(long long pod_id, const std::string& member_id, const std::string& answer,
                                            long long now) {
    auto ask = latest_ask(pod_id, member_id);
    if (!ask) return AttendanceAnswer::not_asked;
    if (ask->answer == answer) return AttendanceAnswer::same;
    auto& update = database_.prepare(
        "UPDATE pod_attendance SET answer = ?, answered_at = ? WHERE pod_id = ? AND member_id = ? AND meeting_at = ?");
    update.bind(1, answer);
    update.bind(2, static_cast<int64_t>(now));
    update.bind(3, static_cast<int64_t>(pod_id));
    update.bind(4, member_id);
    update.bind(5, static_cast<int64_t>(ask->meeting_at));
    update.exec();
    return ask->answer ? AttendanceAnswer::changed : AttendanceAnswer::recorded;
}

std::optional<long long> PodAttendanceStore::nudged_at(long long pod_id) {
    auto& query = database_.prepare("SELECT nudged_at FROM pods WHERE id = ?");
    query.bind(1, static_cast<int64_t>(pod_id));
    std::optional<long long> at;
    if (query.executeStep() && !query.getColumn(0).isNull()) at = query.getColumn(0).getInt64();
    query.reset();
    return at;
}

void PodAttendanceStore::set_nudged(long long pod_id, long long now) {
    auto& update = database_.prepare("UPDATE pods SET nudged_at = ? WHERE id = ?");
    update.bind(1, static_cast<int64_t>(now));
    update.bind(2, static_cast<int64_t>(pod_id));
    update.exec();
}

std::optional<long long> PodAttendanceStore::last_checkin(long long pod_id) {
    auto& query = database_.prepare("SELECT MAX(created_at) FROM pod_checkins WHERE pod_id = ?");
    query.bind(1, static_cast<int64_t>(pod_id));
    std::optional<long long> at;
    if (query.executeStep() && !query.getColumn(0).isNull()) at = query.getColumn(0).getInt64();
    query.reset();
    return at;
}

KindAttendance PodAttendanceStore::of_pod(long long pod_id) {
    auto& query = database_.prepare(
        "SELECT COUNT(*), COUNT(answer), COALESCE(SUM(CASE WHEN answer = 'met' THEN 1 ELSE 0 END), 0) "
        "FROM pod_attendance WHERE pod_id = ?");
    query.bind(1, static_cast<int64_t>(pod_id));
    query.executeStep();
    KindAttendance figures{query.getColumn(0).getInt(), query.getColumn(1).getInt(), query.getColumn(2).getInt()};
    query.reset();
    return figures;
}

std::map<std::string, KindAttendance> PodAttendanceStore::attendance_by_kind(long long since,
                                                                             const std::string& tenant) {
    auto& query = database_.prepare(
        "SELECT p.kind, COUNT(*), COUNT(a.answer), SUM(CASE WHEN a.answer = 'met' THEN 1 ELSE 0 END) "
        "FROM pod_attendance a JOIN pods p ON p.id = a.pod_id "
        "WHERE a.asked_at >= ? AND (? = '' OR p.tenant = ?) GROUP BY p.kind ORDER BY p.kind");
    query.bind(1, static_cast<int64_t>(since));
    query.bind(2, tenant);
    query.bind(3, tenant);
    std::map<std::string, KindAttendance> by_kind;
    while (query.executeStep())
        by_kind[query.getColumn(0).getString()] = {query.getColumn(1).getInt(), query.getColumn(2).getInt(),
                                                   query.getColumn(3).getInt()};
    return by_kind;
}

std::vector<PodHealthRow> PodAttendanceStore::active_pods(const std::string& tenant) {
    auto& query = database_.prepare(
        "SELECT p.id, p.name, p.kind, p.cadence, p.created_at, "
        "(SELECT MAX(c.created_at) FROM pod_checkins c WHERE c.pod_id = p.id), "
        "(SELECT COUNT(*) FROM pod_members m WHERE m.pod_id = p.id) AS members "
        "FROM pods p WHERE p.archived_at IS NULL AND (? = '' OR p.tenant = ?) AND members > 0 ORDER BY p.name");
    query.bind(1, tenant);
    query.bind(2, tenant);
    std::vector<PodHealthRow> rows;
    while (query.executeStep()) {
        PodHealthRow row;
        row.pod_id = query.getColumn(0).getInt64();
        row.name = query.getColumn(1).getString();
        row.kind = query.getColumn(2).getString();
        row.cadence = query.getColumn(3).getString();
        row.created_at = query.getColumn(4).getInt64();
        if (!query.getColumn(5).isNull()) row.last_checkin = query.getColumn(5).getInt64();
        row.members = query.getColumn(6).getInt();
        rows.push_back(std::move(row));
    }
    return rows;
}

int PodAttendanceStore::pairs_met_before(const std::string& tenant) {
    auto& query = database_.prepare(
        "SELECT COUNT(*) FROM pod_members a JOIN pod_members b ON a.pod_id = b.pod_id AND a.member_id < b.member_id "
        "JOIN pods p ON p.id = a.pod_id AND p.archived_at IS NULL AND p.pool_id IS NOT NULL AND p.pool_id != 0 "
        "WHERE (? = '' OR p.tenant = ?) AND EXISTS ("
        "SELECT 1 FROM pod_members c JOIN pod_members d ON c.pod_id = d.pod_id JOIN pods q ON q.id = c.pod_id "
        "WHERE q.pool_id = p.pool_id AND q.id != p.id AND q.round < p.round "
        "AND c.member_id = a.member_id AND d.member_id = b.member_id)");
    query.bind(1, tenant);
    query.bind(2, tenant);
    query.executeStep();
    int pairs = query.getColumn(0).getInt();
    query.reset();
    return pairs;
}

}  // namespace mentorbot

// Pod tables access: pods, pod_members, pod_waitlist, pod_pools, pod_signups, pod_checkins.
#include "storage/pod_store.h"

#include <initializer_list>
#include <map>

#include "model/member_id.h"

namespace mentorbot {

namespace {

constexpr const char* pod_columns =
    "id, name, COALESCE(topic, ''), kind, size, cadence, COALESCE(meeting_day, ''), COALESCE(meeting_time, ''), "
    "COALESCE(time_zone, ''), COALESCE(channel_id, ''), COALESCE(creator_id, ''), COALESCE(pool_id, 0), "
    "COALESCE(round, 0), COALESCE(explanation, ''), created_at, archived_at, COALESCE(tenant, ''), "
    "COALESCE(asked_time, meeting_time, '')";

Pod read_pod(SQLite::Statement& query) {
    Pod pod;
    pod.id = query.getColumn(0).getInt64();
    pod.name = query.getColumn(1).getString();
    pod.topic = query.getColumn(2).getString();
    pod.kind = query.getColumn(3).getString();
    pod.size = query.getColumn(4).getInt();
    pod.cadence = query.getColumn(5).getString();
    pod.meeting_day = query.getColumn(6).getString();
    pod.meeting_time = query.getColumn(7).getString();
    pod.time_zone = query.getColumn(8).getString();
    pod.channel_id = query.getColumn(9).getString();
    pod.creator_id = query.getColumn(10).getString();
    pod.pool_id = query.getColumn(11).getInt64();
    pod.round = query.getColumn(12).getInt();
    pod.explanation = query.getColumn(13).getString();
    pod.created_at = query.getColumn(14).getInt64();
    if (!query.getColumn(15).isNull()) pod.archived_at = query.getColumn(15).getInt64();
    pod.tenant = query.getColumn(16).getString();
    pod.asked_time = query.getColumn(17).getString();
    return pod;
}

std::vector<Pod> read_pods(SQLite::Statement& query) {
    std::vector<Pod> pods;
    while (query.executeStep()) pods.push_back(read_pod(query));
    return pods;
}

std::vector<std::string> read_strings(SQLite::Statement& query) {
    std::vector<std::string> values;
    while (query.executeStep()) values.push_back(query.getColumn(0).getString());
    return values;
}

void bind_text_or_null(SQLite::Statement& statement, int index, const std::string& value) {
    if (value.empty()) statement.bind(index);
    else statement.bind(index, value);
}

PodPool read_pool(SQLite::Statement& query) {
    return {query.getColumn(0).getInt64(), query.getColumn(1).getString(), query.getColumn(2).getString(),
            query.getColumn(3).getInt(),   query.getColumn(4).getInt(),    query.getColumn(5).getInt()};
}

// The tenant of the first of these ids that is a member or channel id; empty for none.
std::string tenant_of(std::initializer_list<std::string> ids) {
    for (const std::string& id : ids) {
        if (std::optional<MemberId> parsed = MemberId::parse(id)) return std::string(parsed->tenant_key());
    }
    return {};
}

constexpr const char* pool_columns = "id, topic, kind, COALESCE(size, 6), COALESCE(reform_weeks, 0), rounds_formed";

}  // namespace

long long PodStore::create(const Pod& pod) {
    auto& insert = database_.prepare(
        "INSERT INTO pods (name, topic, kind, size, cadence, meeting_day, meeting_time, time_zone, channel_id, "
        "creator_id, pool_id, round, explanation, created_at, tenant, asked_time) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, pod.name);
    bind_text_or_null(insert, 2, pod.topic);
    insert.bind(3, pod.kind);
    insert.bind(4, pod.size);
    insert.bind(5, pod.cadence);
    bind_text_or_null(insert, 6, pod.meeting_day);
    bind_text_or_null(insert, 7, pod.meeting_time);
    bind_text_or_null(insert, 8, pod.time_zone);
    bind_text_or_null(insert, 9, pod.channel_id);
    bind_text_or_null(insert, 10, pod.creator_id);
    if (pod.pool_id != 0) insert.bind(11, static_cast<int64_t>(pod.pool_id));
    else insert.bind(11);
    if (pod.pool_id != 0) insert.bind(12, pod.round);
    else insert.bind(12);
    bind_text_or_null(insert, 13, pod.explanation);
    insert.bind(14, static_cast<int64_t>(pod.created_at));
    bind_text_or_null(insert, 15, pod.tenant.empty() ? tenant_of({pod.creator_id, pod.channel_id}) : pod.tenant);
    bind_text_or_null(insert, 16, pod.asked_time);
    insert.exec();
    return database_.last_insert_id();
}

std::optional<Pod> PodStore::find(const std::string& name) {
    auto& query = database_.prepare(std::string("SELECT ") + pod_columns + " FROM pods WHERE name = ?");
    query.bind(1, name);
    if (!query.executeStep()) return std::nullopt;
    return read_pod(query);
}

std::optional<Pod> PodStore::find(long long pod_id) {
    auto& query = database_.prepare(std::string("SELECT ") + pod_columns + " FROM pods WHERE id = ?");
    query.bind(1, static_cast<int64_t>(pod_id));
    if (!query.executeStep()) return std::nullopt;
    return read_pod(query);
}

std::vector<Pod> PodStore::active(const std::string& topic) {
    // A pod nobody is in (its last member was forgotten) is not listed, though not yet archived.
    constexpr const char* meets = " FROM pods WHERE archived_at IS NULL AND EXISTS "
                                  "(SELECT 1 FROM pod_members pm WHERE pm.pod_id = pods.id)";
    if (topic.empty()) {
        auto& query = database_.prepare(std::string("SELECT ") + pod_columns + meets + " ORDER BY name");
        return read_pods(query);
    }
    auto& query = database_.prepare(std::string("SELECT ") + pod_columns + meets + " AND topic = ? ORDER BY name");
    query.bind(1, topic);
    return read_pods(query);
}

std::vector<Pod> PodStore::active_in_tenant(const std::string& tenant) {
    auto& query = database_.prepare(std::string("SELECT ") + pod_columns +
                                    " FROM pods WHERE archived_at IS NULL AND tenant = ? ORDER BY name");
    query.bind(1, tenant);
    return read_pods(query);
}

std::vector<Pod> PodStore::active_of_member(const std::string& member_id) {
    auto& query = database_.prepare(
        std::string("SELECT ") + pod_columns +
        " FROM pods WHERE archived_at IS NULL AND (id IN (SELECT pod_id FROM pod_members WHERE member_id = ?) OR "
        "id IN (SELECT pod_id FROM pod_waitlist WHERE member_id = ?)) ORDER BY name");
    query.bind(1, member_id);
    query.bind(2, member_id);
    return read_pods(query);
}

void PodStore::archive(long long pod_id, long long now) {
    auto& update = database_.prepare("UPDATE pods SET archived_at = ? WHERE id = ? AND archived_at IS NULL");
    update.bind(1, static_cast<int64_t>(now));
    update.bind(2, static_cast<int64_t>(pod_id));
    update.exec();
}

void PodStore::rename(long long pod_id, const std::string& name) {
    auto& update = database_.prepare("UPDATE pods SET name = ? WHERE id = ?");
    update.bind(1, name);
    update.bind(2, static_cast<int64_t>(pod_id));
    update.exec();
}

std::vector<std::string> PodStore::members(long long pod_id) {
    auto& query = database_.prepare("SELECT member_id FROM pod_members WHERE pod_id = ? ORDER BY joined_at, rowid");
    query.bind(1, static_cast<int64_t>(pod_id));
    return read_strings(query);
}

std::vector<PodMemberZone> PodStore::member_zones(long long pod_id) {
    auto& query = database_.prepare(
        "SELECT pm.member_id, COALESCE(m.time_zone, '') FROM pod_members pm JOIN members m ON m.id = pm.member_id "
        "WHERE pm.pod_id = ? ORDER BY pm.joined_at, pm.rowid");
    query.bind(1, static_cast<int64_t>(pod_id));
    std::vector<PodMemberZone> zones;
    while (query.executeStep()) zones.push_back({query.getColumn(0).getString(), query.getColumn(1).getString()});
    return zones;
}

bool PodStore::is_member(long long pod_id, const std::string& member_id) {
    auto& query = database_.prepare("SELECT 1 FROM pod_members WHERE pod_id = ? AND member_id = ?");
    query.bind(1, static_cast<int64_t>(pod_id));
    query.bind(2, member_id);
    return query.executeStep();
}

void PodStore::add_member(long long pod_id, const std::string& member_id, long long now) {
    auto& insert = database_.prepare("INSERT INTO pod_members (pod_id, member_id, joined_at) VALUES (?, ?, ?)");
    insert.bind(1, static_cast<int64_t>(pod_id));
    insert.bind(2, member_id);
    insert.bind(3, static_cast<int64_t>(now));
    insert.exec();
    // A pod formed from a pool has no creator: it belongs where its members are.
    const std::string tenant = tenant_of({member_id});
    if (tenant.empty()) return;
    auto& adopt = database_.prepare("UPDATE pods SET tenant = ? WHERE id = ? AND tenant IS NULL");
    adopt.bind(1, tenant);
    adopt.bind(2, static_cast<int64_t>(pod_id));
    adopt.exec();
}

bool PodStore::remove_member(long long pod_id, const std::string& member_id) {
    auto& remove = database_.prepare("DELETE FROM pod_members WHERE pod_id = ? AND member_id = ?");
    remove.bind(1, static_cast<int64_t>(pod_id));
    remove.bind(2, member_id);
    return remove.exec() > 0;
}

std::vector<std::string> PodStore::waitlist(long long pod_id) {
    auto& query = database_.prepare("SELECT member_id FROM pod_waitlist WHERE pod_id = ? ORDER BY queued_at, rowid");
    query.bind(1, static_cast<int64_t>(pod_id));
    return read_strings(query);
}

bool PodStore::is_waiting(long long pod_id, const std::string& member_id) {
    auto& query = database_.prepare("SELECT 1 FROM pod_waitlist WHERE pod_id = ? AND member_id = ?");
    query.bind(1, static_cast<int64_t>(pod_id));
    query.bind(2, member_id);
    return query.executeStep();
}

void PodStore::add_to_waitlist(long long pod_id, const std::string& member_id, long long now) {
    auto& insert = database_.prepare("INSERT INTO pod_waitlist (pod_id, member_id, queued_at) VALUES (?, ?, ?)");
    insert.bind(1, static_cast<int64_t>(pod_id));
    insert.bind(2, member_id);
    insert.bind(3, static_cast<int64_t>(now));
    insert.exec();
}

bool PodStore::remove_from_waitlist(long long pod_id, const std::string& member_id) {
    auto& remove = database_.prepare("DELETE FROM pod_waitlist WHERE pod_id = ? AND member_id = ?");
    remove.bind(1, static_cast<int64_t>(pod_id));
    remove.bind(2, member_id);
    return remove.exec() > 0;
}

long long PodStore::add_checkin(long long pod_id, const std::string& member_id, const std::string& note,
                                long long now) {
    auto& insert = database_.prepare(
        "INSERT INTO pod_checkins (pod_id, member_id, note, created_at) VALUES (?, ?, ?, ?)");
    insert.bind(1, static_cast<int64_t>(pod_id));
    insert.bind(2, member_id);
    bind_text_or_null(insert, 3, note);
    insert.bind(4, static_cast<int64_t>(now));
    insert.exec();
    return database_.last_insert_id();
}

int PodStore::checkin_count(long long pod_id) {
    auto& query = database_.prepare("SELECT COUNT(*) FROM pod_checkins WHERE pod_id = ?");
    query.bind(1, static_cast<int64_t>(pod_id));
    query.executeStep();
    return query.getColumn(0).getInt();
}

std::optional<long long> PodStore::last_checkin(long long pod_id, const std::string& member_id) {
    auto& query = database_.prepare("SELECT MAX(created_at) FROM pod_checkins WHERE pod_id = ? AND member_id = ?");
    query.bind(1, static_cast<int64_t>(pod_id));
    query.bind(2, member_id);
    query.executeStep();
    if (query.getColumn(0).isNull()) return std::nullopt;
    return query.getColumn(0).getInt64();
}

PodPool PodStore::ensure_pool(const std::string& topic, const std::string& kind, long long now) {
    if (auto pool = find_pool(topic, kind)) return *pool;
    auto& insert = database_.prepare("INSERT INTO pod_pools (topic, kind, created_at) VALUES (?, ?, ?)");
    insert.bind(1, topic);
    insert.bind(2, kind);
    insert.bind(3, static_cast<int64_t>(now));
    insert.exec();
    return *find_pool(database_.last_insert_id());
}

std::optional<PodPool> PodStore::find_pool(const std::string& topic, const std::string& kind) {
    auto& query = database_.prepare(std::string("SELECT ") + pool_columns +
                                    " FROM pod_pools WHERE topic = ? AND kind = ?");
    query.bind(1, topic);
    query.bind(2, kind);
    if (!query.executeStep()) return std::nullopt;
    return read_pool(query);
}

std::optional<PodPool> PodStore::find_pool(long long pool_id) {
    auto& query = database_.prepare(std::string("SELECT ") + pool_columns + " FROM pod_pools WHERE id = ?");
    query.bind(1, static_cast<int64_t>(pool_id));
    if (!query.executeStep()) return std::nullopt;
    return read_pool(query);
}

void PodStore::save_pool(const PodPool& pool) {
    auto& update = database_.prepare("UPDATE pod_pools SET size = ?, reform_weeks = ?, rounds_formed = ? WHERE id = ?");
    update.bind(1, pool.size);
    if (pool.reform_weeks > 0) update.bind(2, pool.reform_weeks);
    else update.bind(2);
    update.bind(3, pool.rounds_formed);
    update.bind(4, static_cast<int64_t>(pool.id));
    update.exec();
}

SignupOutcome PodStore::add_signup(long long pool_id, const std::string& member_id, long long now) {
    auto& insert = database_.prepare(
        "INSERT OR IGNORE INTO pod_signups (pool_id, member_id, created_at) VALUES (?, ?, ?)");
    insert.bind(1, static_cast<int64_t>(pool_id));
    insert.bind(2, member_id);
    insert.bind(3, static_cast<int64_t>(now));
    if (insert.exec() > 0) return SignupOutcome::added;
    auto& back = database_.prepare("UPDATE pod_signups SET left_at = NULL, skip_round = NULL, created_at = ? "
                                   "WHERE pool_id = ? AND member_id = ? AND left_at IS NOT NULL");
    back.bind(1, static_cast<int64_t>(now));
    back.bind(2, static_cast<int64_t>(pool_id));
    back.bind(3, member_id);
    return back.exec() > 0 ? SignupOutcome::came_back : SignupOutcome::already;
}

bool PodStore::leave_pool(long long pool_id, const std::string& member_id, long long now) {
    auto& update = database_.prepare(
        "UPDATE pod_signups SET left_at = ?, skip_round = NULL WHERE pool_id = ? AND member_id = ? AND left_at IS NULL");
    update.bind(1, static_cast<int64_t>(now));
    update.bind(2, static_cast<int64_t>(pool_id));
    update.bind(3, member_id);
    return update.exec() > 0;
}

void PodStore::set_skip_round(long long pool_id, const std::string& member_id, std::optional<int> round) {
    auto& update = database_.prepare("UPDATE pod_signups SET skip_round = ? WHERE pool_id = ? AND member_id = ?");
    if (round) update.bind(1, *round);
    else update.bind(1);
    update.bind(2, static_cast<int64_t>(pool_id));
    update.bind(3, member_id);
    update.exec();
}

std::vector<PoolSignup> PodStore::signups(long long pool_id, std::optional<int> round) {
    auto& query = database_.prepare(
        "SELECT s.member_id, m.level, COALESCE(m.department, ''), COALESCE(m.started_on, '') "
        "FROM pod_signups s JOIN members m ON m.id = s.member_id WHERE s.pool_id = ? AND s.left_at IS NULL "
        "AND (? IS NULL OR s.skip_round IS NULL OR s.skip_round <> ?) ORDER BY s.member_id");
    query.bind(1, static_cast<int64_t>(pool_id));
    if (round) {
        query.bind(2, *round);
        query.bind(3, *round);
    } else {
        query.bind(2);
        query.bind(3);
    }
    std::vector<PoolSignup> signups;
    while (query.executeStep()) {
        PoolSignup signup;
        signup.member_id = query.getColumn(0).getString();
        if (!query.getColumn(1).isNull()) signup.level = query.getColumn(1).getInt();
        signup.department = query.getColumn(2).getString();
        signup.started_on = query.getColumn(3).getString();
        signups.push_back(std::move(signup));
    }
    return signups;
}

int PodStore::signup_count(long long pool_id) {
    auto& query = database_.prepare("SELECT COUNT(*) FROM pod_signups WHERE pool_id = ? AND left_at IS NULL");
    query.bind(1, static_cast<int64_t>(pool_id));
    query.executeStep();
    const int count = query.getColumn(0).getInt();
    query.reset();
    return count;
}

std::vector<std::string> PodStore::skipping(long long pool_id, int round) {
    auto& query = database_.prepare(
        "SELECT member_id FROM pod_signups WHERE pool_id = ? AND left_at IS NULL AND skip_round = ? ORDER BY member_id");
    query.bind(1, static_cast<int64_t>(pool_id));
    query.bind(2, round);
    return read_strings(query);
}

namespace {

constexpr const char* standing_columns =
    "p.id, p.topic, p.kind, COALESCE(p.size, 6), COALESCE(p.reform_weeks, 0), p.rounds_formed, s.left_at, s.skip_round";

PoolStanding read_standing(SQLite::Statement& query) {
    PoolStanding standing;
    standing.pool = read_pool(query);
    standing.left = !query.getColumn(6).isNull();
    if (!query.getColumn(7).isNull()) standing.skip_round = query.getColumn(7).getInt();
    return standing;
}

}  // namespace

std::optional<PoolStanding> PodStore::standing(long long pool_id, const std::string& member_id) {
    auto& query = database_.prepare(std::string("SELECT ") + standing_columns +
                                    " FROM pod_signups s JOIN pod_pools p ON p.id = s.pool_id "
                                    "WHERE s.pool_id = ? AND s.member_id = ?");
    query.bind(1, static_cast<int64_t>(pool_id));
    query.bind(2, member_id);
    if (!query.executeStep()) return std::nullopt;
    return read_standing(query);
}

std::vector<PoolStanding> PodStore::standings(const std::string& member_id) {
    auto& query = database_.prepare(std::string("SELECT ") + standing_columns +
                                    " FROM pod_signups s JOIN pod_pools p ON p.id = s.pool_id "
                                    "WHERE s.member_id = ? ORDER BY p.topic, p.kind");
    query.bind(1, member_id);
    std::vector<PoolStanding> standings;
    while (query.executeStep()) standings.push_back(read_standing(query));
    return standings;
}

std::vector<std::vector<std::string>> PodStore::earlier_pods(long long pool_id) {
    auto& query = database_.prepare(
        "SELECT pm.pod_id, pm.member_id FROM pod_members pm JOIN pods p ON p.id = pm.pod_id "
        "WHERE p.pool_id = ? ORDER BY pm.pod_id");
    query.bind(1, static_cast<int64_t>(pool_id));
    std::map<long long, std::vector<std::string>> by_pod;
    while (query.executeStep()) by_pod[query.getColumn(0).getInt64()].push_back(query.getColumn(1).getString());
    std::vector<std::vector<std::string>> pods;
    for (auto& [pod_id, members] : by_pod) pods.push_back(std::move(members));
    return pods;
}

std::vector<Pod> PodStore::pods_of_round(long long pool_id, int round) {
    auto& query = database_.prepare(std::string("SELECT ") + pod_columns +
                                    " FROM pods WHERE pool_id = ? AND round = ? ORDER BY id");
    query.bind(1, static_cast<int64_t>(pool_id));
    query.bind(2, round);
    return read_pods(query);
}

}  // namespace mentorbot

// The last eight days of sessions read once, then kept current one row at a time as SQLite reports writes.
#include "storage/weekly_sessions_cache.h"

#include <algorithm>

namespace mentorbot {

namespace {

// Any zone's Monday 00:00 lies within the last seven days (and a daylight-saving hour): a
// day more is kept so that every mentor's week can be counted from what is kept.
constexpr long long kept_seconds = 8 * 24 * 3600;

// Sessions kept longer than this beyond what counting needs are let go, so memory stays
// that of about two weeks of sessions however long the process runs.
constexpr long long let_go_after_seconds = 7 * 24 * 3600;

}  // namespace

WeeklySessionsCache::WeeklySessionsCache(Database& database)
    : database_(database), changed_rows_(database.table_changes(), {"sessions"}, [this] { drop(); }) {}

void WeeklySessionsCache::drop() {
    sessions_.clear();
    created_by_mentor_.clear();
    recounted_.clear();
}

void WeeklySessionsCache::bring_up_to_date(Instant now) {
    database_.table_changes().catch_up();
    const long long needed_since = to_unix(now) - kept_seconds;
    // A clock set back needs sessions older than those kept.
    if (changed_rows_.must_load() || needed_since < kept_since_) {
        load(needed_since);
        return;
    }
    const auto changed = changed_rows_.take_changed();
    for (std::int64_t rowid : changed[0]) reread(rowid);
    if (needed_since - kept_since_ > let_go_after_seconds) forget_before(needed_since);
}

void WeeklySessionsCache::load(long long since) {
    drop();
    auto& query = database_.prepare(
        "SELECT id, mentor_id, created_at FROM sessions WHERE created_at >= ? AND mentor_id IS NOT NULL");
    query.bind(1, static_cast<int64_t>(since));
    while (query.executeStep()) {
        Kept kept{query.getColumn(1).getString(), query.getColumn(2).getInt64()};
        created_by_mentor_[kept.mentor_id].push_back(kept.created_at);
        sessions_.emplace(query.getColumn(0).getInt64(), std::move(kept));
    }
    query.reset();
    kept_since_ = since;
    changed_rows_.loaded();
    ++full_loads_;
}

void WeeklySessionsCache::reread(std::int64_t rowid) {
    forget(rowid);
    auto& query = database_.prepare("SELECT mentor_id, created_at FROM sessions WHERE id = ?");
    query.bind(1, static_cast<int64_t>(rowid));
    if (query.executeStep() && !query.getColumn(0).isNull() && query.getColumn(1).getInt64() >= kept_since_) {
        Kept kept{query.getColumn(0).getString(), query.getColumn(1).getInt64()};
        created_by_mentor_[kept.mentor_id].push_back(kept.created_at);
        recounted_.insert(kept.mentor_id);
        sessions_.emplace(rowid, std::move(kept));
    }
    query.reset();
}

void WeeklySessionsCache::forget(std::int64_t rowid, bool recount) {
    const auto found = sessions_.find(rowid);
    if (found == sessions_.end()) return;
    if (recount) recounted_.insert(found->second.mentor_id);
    const auto mentor = created_by_mentor_.find(found->second.mentor_id);
    if (mentor != created_by_mentor_.end()) {
        auto& times = mentor->second;
        const auto at = std::find(times.begin(), times.end(), found->second.created_at);
        if (at != times.end()) times.erase(at);
        if (times.empty()) created_by_mentor_.erase(mentor);
    }
    sessions_.erase(found);
}

void WeeklySessionsCache::forget_before(long long since) {
    std::vector<std::int64_t> old;
    for (const auto& [rowid, kept] : sessions_) {
        if (kept.created_at < since) old.push_back(rowid);
    }
    // Created before any zone's week began: no mentor's count changes.
    for (std::int64_t rowid : old) forget(rowid, false);
    kept_since_ = since;
}

int WeeklySessionsCache::count_since(const std::string& mentor_id, long long week_start) const {
    const auto found = created_by_mentor_.find(mentor_id);
    return found == created_by_mentor_.end() ? 0 : count_since(found->second, week_start);
}

int WeeklySessionsCache::count_since(const std::vector<long long>& created, long long week_start) {
    return static_cast<int>(
        std::count_if(created.begin(), created.end(), [week_start](long long at) { return at >= week_start; }));
}

}  // namespace mentorbot

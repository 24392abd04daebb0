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

// More rows written between two looks (an import) and reading all again costs less.
constexpr std::size_t most_changes_kept = 4096;

}  // namespace

WeeklySessionsCache::WeeklySessionsCache(Database& database) : database_(database) {
    database_.table_changes().on_row([this](std::string_view table, TableChanges::Kind, std::int64_t rowid) {
        if (table == "sessions") row_changed(rowid);
    });
    database_.table_changes().on_transaction({
        .began =
            [this] {
                touched_in_transaction_.clear();
                loaded_in_transaction_ = false;
            },
        .rolled_back =
            [this] {
                // Rows read as a whole after this transaction wrote may hold what is undone;
                // otherwise only the rows written since it began can have changed back.
                if (loaded_in_transaction_ || touched_in_transaction_.size() >= most_changes_kept) {
                    drop();
                    return;
                }
                if (!valid_) return;
                changed_.insert(touched_in_transaction_.begin(), touched_in_transaction_.end());
            },
        .others_committed = [this] { drop(); },
    });
}

void WeeklySessionsCache::row_changed(std::int64_t rowid) {
    if (touched_in_transaction_.size() < most_changes_kept) touched_in_transaction_.insert(rowid);
    if (!valid_) return;
    changed_.insert(rowid);
    if (changed_.size() > most_changes_kept) drop();
}

void WeeklySessionsCache::drop() {
    valid_ = false;
    sessions_.clear();
    created_by_mentor_.clear();
    changed_.clear();
}

void WeeklySessionsCache::bring_up_to_date(Instant now) {
    database_.table_changes().catch_up();
    const long long needed_since = to_unix(now) - kept_seconds;
    // A clock set back needs sessions older than those kept.
    if (!valid_ || needed_since < kept_since_) {
        load(needed_since);
        return;
    }
    std::unordered_set<std::int64_t> changed = std::move(changed_);
    changed_.clear();
    for (std::int64_t rowid : changed) reread(rowid);
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
    valid_ = true;
    ++full_loads_;
    // What was read may include rows this transaction wrote and may still undo.
    loaded_in_transaction_ = database_.table_changes().written_in_transaction();
}

void WeeklySessionsCache::reread(std::int64_t rowid) {
    forget(rowid);
    auto& query = database_.prepare("SELECT mentor_id, created_at FROM sessions WHERE id = ?");
    query.bind(1, static_cast<int64_t>(rowid));
    if (query.executeStep() && !query.getColumn(0).isNull() && query.getColumn(1).getInt64() >= kept_since_) {
        Kept kept{query.getColumn(0).getString(), query.getColumn(1).getInt64()};
        created_by_mentor_[kept.mentor_id].push_back(kept.created_at);
        sessions_.emplace(rowid, std::move(kept));
    }
    query.reset();
}

void WeeklySessionsCache::forget(std::int64_t rowid) {
    const auto found = sessions_.find(rowid);
    if (found == sessions_.end()) return;
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
    for (std::int64_t rowid : old) forget(rowid);
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

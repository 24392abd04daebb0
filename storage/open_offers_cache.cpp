// The open offers read once, then kept current one requests row at a time as SQLite reports writes.
#include "storage/open_offers_cache.h"

#include <utility>

namespace mentorbot {

OpenOffersCache::OpenOffersCache(Database& database)
    : database_(database), changed_rows_(database.table_changes(), {"requests"}, [this] { drop(); }) {}

void OpenOffersCache::drop() {
    offered_to_.clear();
    by_mentor_.clear();
    recounted_.clear();
}

int OpenOffersCache::count_of(const std::string& mentor_id) {
    bring_up_to_date();
    const auto found = by_mentor_.find(mentor_id);
    return found == by_mentor_.end() ? 0 : found->second;
}

const std::unordered_map<std::string, int>& OpenOffersCache::mentors_with_offers() {
    bring_up_to_date();
    return by_mentor_;
}

std::unordered_set<std::string> OpenOffersCache::take_recounted() {
    bring_up_to_date();
    return std::exchange(recounted_, {});
}

void OpenOffersCache::count(const std::string& mentor_id, int by) {
    auto held = by_mentor_.try_emplace(mentor_id).first;
    held->second += by;
    if (held->second == 0) by_mentor_.erase(held);
    recounted_.insert(mentor_id);
}

void OpenOffersCache::bring_up_to_date() {
    database_.table_changes().catch_up();
    if (changed_rows_.must_load()) {
        load();
        return;
    }
    if (!changed_rows_.any_changed()) return;
    const auto changed = changed_rows_.take_changed();
    for (std::int64_t rowid : changed[0]) reread(rowid);
}

void OpenOffersCache::load() {
    drop();
    auto& query = database_.prepare(
        "SELECT id, candidate_id FROM requests WHERE status = 'offered' AND candidate_id IS NOT NULL");
    while (query.executeStep()) {
        std::string mentor = query.getColumn(1).getString();
        ++by_mentor_[mentor];
        offered_to_.emplace(query.getColumn(0).getInt64(), std::move(mentor));
    }
    query.reset();
    changed_rows_.loaded();
    ++full_loads_;
}

void OpenOffersCache::reread(std::int64_t rowid) {
    forget(rowid);
    auto& query = database_.prepare(
        "SELECT candidate_id FROM requests WHERE id = ? AND status = 'offered' AND candidate_id IS NOT NULL");
    query.bind(1, static_cast<int64_t>(rowid));
    if (query.executeStep()) {
        std::string mentor = query.getColumn(0).getString();
        count(mentor, 1);
        offered_to_.emplace(rowid, std::move(mentor));
    }
    query.reset();
}

void OpenOffersCache::forget(std::int64_t rowid) {
    const auto found = offered_to_.find(rowid);
    if (found == offered_to_.end()) return;
    count(found->second, -1);
    offered_to_.erase(found);
}

}  // namespace mentorbot

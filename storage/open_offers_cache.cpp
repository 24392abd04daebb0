// The open offers read once, then kept current one requests row at a time as SQLite reports writes.
#include "storage/open_offers_cache.h"

namespace mentorbot {

OpenOffersCache::OpenOffersCache(Database& database)
    : database_(database), changed_rows_(database.table_changes(), {"requests"}, [this] { drop(); }) {}

void OpenOffersCache::drop() {
    offered_to_.clear();
    by_mentor_.clear();
    placed_layout_ = 0;
    recounted_.clear();
}

int OpenOffersCache::count_of(const std::string& mentor_id) {
    bring_up_to_date();
    const auto found = by_mentor_.find(mentor_id);
    return found == by_mentor_.end() ? 0 : found->second.offers;
}

const std::vector<std::int32_t>& OpenOffersCache::by_position(const MentorIndex& mentors) {
    bring_up_to_date();
    if (placed_layout_ != mentors.layout() || by_position_.size() != mentors.size()) {
        by_position_.assign(mentors.size(), 0);
        for (auto& [mentor_id, held] : by_mentor_) {
            if (const auto position = place(mentors, mentor_id, held)) by_position_[*position] = held.offers;
        }
        placed_layout_ = mentors.layout();
    } else {
        for (const std::string& mentor_id : recounted_) {
            const auto found = by_mentor_.find(mentor_id);
            if (found != by_mentor_.end()) {
                if (const auto position = place(mentors, mentor_id, found->second))
                    by_position_[*position] = found->second.offers;
            } else if (const auto position = mentors.position_of(mentor_id)) {
                by_position_[*position] = 0;
            }
        }
    }
    recounted_.clear();
    return by_position_;
}

std::optional<std::uint32_t> OpenOffersCache::place(const MentorIndex& mentors, const std::string& mentor_id,
                                                    Held& held) {
    // A new layout mostly keeps each mentor where they were (a mentor read again stays put):
    // comparing the id there costs less than looking it up.
    if (held.position < mentors.size() && mentors.mentors()[held.position].member_id == mentor_id) return held.position;
    const auto position = mentors.position_of(mentor_id);
    held.position = position.value_or(nowhere);
    return position;
}

void OpenOffersCache::count(const std::string& mentor_id, int by) {
    auto held = by_mentor_.try_emplace(mentor_id).first;
    held->second.offers += by;
    if (held->second.offers == 0) by_mentor_.erase(held);
    if (placed_layout_ != 0) recounted_.insert(mentor_id);
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
        ++by_mentor_[mentor].offers;
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

// The last days' direct messages read once, then kept current one outbox row at a time as SQLite reports writes.
#include "storage/recent_direct_messages_cache.h"

#include <algorithm>

namespace mentorbot {

namespace {

// Kept further back than asked: a member's own day began at most a day (and a daylight-saving
// hour) ago, and offering a request also asks about a member's last two days. Those windows
// start two days apart and are asked in turn; keeping less than both made each read the whole
// outbox again after the other had let its oldest messages go.
constexpr long long kept_before_seconds = 3 * 24 * 3600;

// Messages kept longer than this beyond what counting needs are let go, so memory stays that
// of a few days of messages however long the process runs.
constexpr long long let_go_after_seconds = 24 * 3600;

}  // namespace

RecentDirectMessagesCache::RecentDirectMessagesCache(Database& database)
    : database_(database), changed_rows_(database.table_changes(), {"outbox"}, [this] { drop(); }) {}

void RecentDirectMessagesCache::drop() {
    messages_.clear();
    queued_at_of_.clear();
    counts_.clear(0);
}

int RecentDirectMessagesCache::count_since(const std::string& member_id, long long since) {
    bring_up_to_date(since);
    const auto found = queued_at_of_.find(member_id);
    if (found == queued_at_of_.end()) return 0;
    return static_cast<int>(
        std::count_if(found->second.begin(), found->second.end(), [since](long long at) { return at >= since; }));
}

const std::unordered_set<std::string>& RecentDirectMessagesCache::members_with_at_least(long long since, int at_least) {
    bring_up_to_date(since);
    counts_.start_at(since);
    return counts_.at_least(at_least);
}

void RecentDirectMessagesCache::bring_up_to_date(long long since) {
    database_.table_changes().catch_up();
    // A moment before what is kept needs rows older than those kept.
    if (changed_rows_.must_load() || since < kept_since_) {
        load(since - kept_before_seconds);
        return;
    }
    if (changed_rows_.any_changed()) {
        const auto changed = changed_rows_.take_changed();
        for (std::int64_t rowid : changed[0]) reread(rowid);
    }
    if (since - kept_since_ > kept_before_seconds + let_go_after_seconds) forget_before(since - kept_before_seconds);
}

void RecentDirectMessagesCache::load(long long since) {
    drop();
    counts_.clear(since);
    auto& query = database_.prepare(
        "SELECT id, target, created_at FROM outbox WHERE created_at >= ? AND destination_kind = 'direct'");
    query.bind(1, static_cast<int64_t>(since));
    while (query.executeStep())
        keep(query.getColumn(0).getInt64(), {query.getColumn(1).getString(), query.getColumn(2).getInt64()});
    query.reset();
    kept_since_ = since;
    changed_rows_.loaded();
    ++full_loads_;
}

void RecentDirectMessagesCache::reread(std::int64_t rowid) {
    forget(rowid);
    auto& query = database_.prepare(
        "SELECT target, created_at FROM outbox WHERE id = ? AND destination_kind = 'direct' AND created_at >= ?");
    query.bind(1, static_cast<int64_t>(rowid));
    query.bind(2, static_cast<int64_t>(kept_since_));
    if (query.executeStep()) keep(rowid, {query.getColumn(0).getString(), query.getColumn(1).getInt64()});
    query.reset();
}

void RecentDirectMessagesCache::keep(std::int64_t rowid, Kept kept) {
    counts_.add(kept.member_id, kept.created_at);
    queued_at_of_[kept.member_id].push_back(kept.created_at);
    messages_.insert_or_assign(rowid, std::move(kept));
}

void RecentDirectMessagesCache::forget(std::int64_t rowid) {
    const auto found = messages_.find(rowid);
    if (found == messages_.end()) return;
    const Kept& kept = found->second;
    counts_.remove(kept.member_id, kept.created_at);
    const auto member = queued_at_of_.find(kept.member_id);
    if (member != queued_at_of_.end()) {
        auto& times = member->second;
        const auto at = std::find(times.begin(), times.end(), kept.created_at);
        if (at != times.end()) times.erase(at);
        if (times.empty()) queued_at_of_.erase(member);
    }
    messages_.erase(found);
}

void RecentDirectMessagesCache::forget_before(long long since) {
    std::vector<std::int64_t> old;
    for (const auto& [rowid, kept] : messages_) {
        if (kept.created_at < since) old.push_back(rowid);
    }
    for (std::int64_t rowid : old) forget(rowid);
    kept_since_ = since;
}

}  // namespace mentorbot

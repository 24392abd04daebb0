// The queued requests read once, then kept current one requests or members row at a time as SQLite reports writes.
#include "storage/queued_requests_cache.h"

#include <algorithm>
#include <tuple>

namespace mentorbot {
namespace {

constexpr std::size_t requests_table = 0;
constexpr std::size_t members_table = 1;

constexpr const char* queued_columns =
    "SELECT r.id, r.topic, r.kind, r.requester_id, m.level, r.created_at, m.rowid FROM requests r "
    "LEFT JOIN members m ON m.id = r.requester_id WHERE r.status = 'queued'";

// One request, read again after a write to it: the text is made once, not at every row.
const std::string& queued_one_sql() {
    static const std::string sql = std::string(queued_columns) + " AND r.id = ?";
    return sql;
}

bool oldest_first(const QueuedTopic& a, const QueuedTopic& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
}

}  // namespace

QueuedRequestsCache::QueuedRequestsCache(Database& database)
    : database_(database), changed_rows_(database.table_changes(), {"requests", "members"}, [this] { drop(); }) {}

void QueuedRequestsCache::drop() {
    kept_.clear();
    by_topic_.clear();
    by_requester_row_.clear();
    without_requester_row_.clear();
}

std::vector<QueuedTopic> QueuedRequestsCache::on_topics(const std::vector<std::string>& topics) {
    bring_up_to_date();
    std::vector<QueuedTopic> requests;
    for (const std::string& topic : topics) append_topic(topic, requests);
    // Each topic's queue is in order already; several are merged.
    if (topics.size() > 1) std::sort(requests.begin(), requests.end(), oldest_first);
    return requests;
}

void QueuedRequestsCache::append_topic(const std::string& topic, std::vector<QueuedTopic>& into) const {
    const auto queue = by_topic_.find(topic);
    if (queue == by_topic_.end()) return;
    for (const Order& order : queue->second) into.push_back(kept_.at(order.second).request);
}

void QueuedRequestsCache::bring_up_to_date() {
    database_.table_changes().catch_up();
    if (changed_rows_.must_load()) {
        load();
        return;
    }
    if (!changed_rows_.any_changed()) return;
    const auto changed = changed_rows_.take_changed();
    std::unordered_set<long long> to_read(changed[requests_table].begin(), changed[requests_table].end());
    // A requester's level is read with the request: a change to their row reads their requests again.
    for (std::int64_t row : changed[members_table]) {
        const auto requests = by_requester_row_.find(row);
        if (requests != by_requester_row_.end()) to_read.insert(requests->second.begin(), requests->second.end());
    }
    if (!changed[members_table].empty()) to_read.insert(without_requester_row_.begin(), without_requester_row_.end());
    for (long long id : to_read) reread(id);
}

void QueuedRequestsCache::load() {
    drop();
    auto& query = database_.prepare(queued_columns);
    while (query.executeStep()) keep_row(query);
    query.reset();
    changed_rows_.loaded();
    ++full_loads_;
}

void QueuedRequestsCache::reread(long long id) {
    forget(id);
    auto& query = database_.prepare(queued_one_sql());
    query.bind(1, static_cast<int64_t>(id));
    if (query.executeStep()) keep_row(query);
    query.reset();
}

void QueuedRequestsCache::keep_row(SQLite::Statement& query) {
    QueuedTopic request;
    request.id = query.getColumn(0).getInt64();
    request.topic = query.getColumn(1).getString();
    request.kind = query.getColumn(2).getString();
    request.requester_id = query.getColumn(3).getString();
    if (!query.getColumn(4).isNull()) request.requester_level = query.getColumn(4).getInt();
    request.created_at = query.getColumn(5).getInt64();
    keep(std::move(request), query.getColumn(6).isNull() ? 0 : query.getColumn(6).getInt64());
}

void QueuedRequestsCache::keep(QueuedTopic request, std::int64_t requester_row) {
    const long long id = request.id;
    by_topic_[request.topic].insert({request.created_at, id});
    if (requester_row != 0) {
        by_requester_row_[requester_row].insert(id);
    } else if (!request.requester_id.empty()) {
        without_requester_row_.insert(id);
    }
    kept_.emplace(id, Kept{std::move(request), requester_row});
}

void QueuedRequestsCache::forget(long long id) {
    const auto found = kept_.find(id);
    if (found == kept_.end()) return;
    const Kept& kept = found->second;
    const auto queue = by_topic_.find(kept.request.topic);
    if (queue != by_topic_.end()) {
        queue->second.erase({kept.request.created_at, id});
        if (queue->second.empty()) by_topic_.erase(queue);
    }
    if (kept.requester_row != 0) {
        const auto requests = by_requester_row_.find(kept.requester_row);
        if (requests != by_requester_row_.end()) {
            requests->second.erase(id);
            if (requests->second.empty()) by_requester_row_.erase(requests);
        }
    }
    without_requester_row_.erase(id);
    kept_.erase(found);
}

}  // namespace mentorbot

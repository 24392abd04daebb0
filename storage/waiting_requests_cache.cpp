// Waiting requests read with their requesters' levels, and dropped when a write can change which or what they are.
#include "storage/waiting_requests_cache.h"

#include <algorithm>

namespace mentorbot {

WaitingRequestsCache::WaitingRequestsCache(Database& database) : database_(database) {
    database_.table_changes().on_row(
        [this](std::string_view table, TableChanges::Kind kind, std::int64_t rowid) { row_changed(table, kind, rowid); });
    database_.table_changes().on_reset([this] { valid_ = false; });
}

void WaitingRequestsCache::row_changed(std::string_view table, TableChanges::Kind kind, std::int64_t rowid) {
    if (!valid_) return;
    if (table == "requests") {
        // A request newer than every kept one cannot join them while they all still wait;
        // one of them stopping to wait is a write to an older row.
        if (all_waiting_ || rowid <= newest_id_) valid_ = false;
    } else if (table == "members") {
        // Levels are read from the requesters' rows only.
        if (requester_rows_.contains(rowid) || (kind == TableChanges::Kind::inserted && requester_without_row_)) {
            valid_ = false;
        }
    }
}

std::vector<CompetingRequest> WaitingRequestsCache::oldest(long long except_id, int assumed_level) {
    database_.table_changes().catch_up();
    if (!valid_) load();
    std::vector<CompetingRequest> requests;
    requests.reserve(std::min(requests_.size(), weighed));
    for (const CompetingRequest& request : requests_) {
        if (requests.size() == weighed) break;
        if (request.request_id == except_id) continue;
        requests.push_back(request);
        if (requests.back().requester_level == no_level) requests.back().requester_level = assumed_level;
    }
    return requests;
}

void WaitingRequestsCache::load() {
    auto& query = database_.prepare(
        // The planner, lacking statistics, would rather sort every waiting request than
        // walk the partial index in order and stop at the limit.
        "SELECT r.id, r.requester_id, r.kind, r.topic, r.when_at, m.level, m.rowid FROM requests r "
        "INDEXED BY requests_waiting LEFT JOIN members m ON m.id = r.requester_id "
        "WHERE r.status IN ('queued', 'offered') ORDER BY r.id LIMIT ?");
    query.bind(1, static_cast<int64_t>(weighed + 1));
    std::vector<CompetingRequest> requests;
    std::unordered_set<std::int64_t> rows;
    bool without_row = false;
    while (query.executeStep()) {
        CompetingRequest request;
        request.request_id = query.getColumn(0).getInt64();
        if (!query.getColumn(1).isNull()) request.requester_id = query.getColumn(1).getString();
        const char* kind = query.getColumn(2).getText();
        request.kind = parse_request_kind(kind).value_or(RequestKind::flash);
        request.topic = query.getColumn(3).getText();
        if (!query.getColumn(4).isNull()) request.when = from_unix(query.getColumn(4).getInt64());
        request.requester_level = query.getColumn(5).isNull() ? no_level : query.getColumn(5).getInt();
        if (!query.getColumn(6).isNull()) {
            rows.insert(query.getColumn(6).getInt64());
        } else if (!request.requester_id.empty()) {
            without_row = true;
        }
        requests.push_back(std::move(request));
    }
    query.reset();
    all_waiting_ = requests.size() <= weighed;
    newest_id_ = requests.empty() ? 0 : requests.back().request_id;
    requests_ = std::move(requests);
    requester_rows_ = std::move(rows);
    requester_without_row_ = without_row;
    valid_ = true;
}

}  // namespace mentorbot

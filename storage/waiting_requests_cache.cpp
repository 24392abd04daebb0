// Waiting requests read with their requesters' levels, and dropped when a write can change which or what they are.
#include "storage/waiting_requests_cache.h"

#include <algorithm>

namespace mentorbot {

WaitingRequestsCache::WaitingRequestsCache(Database& database) : database_(database) {
    database_.table_changes().on_row([this](std::string_view table, TableChanges::Kind kind, std::int64_t rowid) {
        row_changed(table, kind, rowid);
    });
    database_.table_changes().on_reset([this] { valid_ = false; });
}

void WaitingRequestsCache::row_changed(std::string_view table, TableChanges::Kind kind, std::int64_t rowid) {
    if (!valid_) return;
    if (table == "requests") {
        if (rowid <= newest_id_) {
            valid_ = false;
        } else if (all_waiting_) {
            // Every waiting request is kept, so only newer ones may have started to wait:
            // those are read on the next look. When more wait than are kept, a newer one
            // cannot join the oldest unless one of them stops waiting, a write to an older row.
            newer_may_wait_ = true;
        }
    } else if (table == "members") {
        // Levels are read from the requesters' rows only.
        if (requester_rows_.contains(rowid) || (kind == TableChanges::Kind::inserted && requester_without_row_)) {
            valid_ = false;
        }
    }
}

std::shared_ptr<const std::vector<CompetingRequest>> WaitingRequestsCache::oldest(long long except_id,
                                                                                  int assumed_level) {
    database_.table_changes().catch_up();
    if (!valid_) {
        load();
    } else if (newer_may_wait_) {
        read_newer();
    }
    auto first = first_weighed(assumed_level);
    // Oldest first is in id order.
    auto found = std::lower_bound(first->begin(), first->end(), except_id,
                                  [](const CompetingRequest& request, long long id) {
                                      return request.request_id < id;
                                  });
    const bool among_them = found != first->end() && found->request_id == except_id;
    if (!among_them) return first;
    auto requests = std::make_shared<std::vector<CompetingRequest>>();
    requests->reserve(weighed);
    for (const CompetingRequest& request : requests_) {
        if (requests->size() == weighed) break;
        if (request.request_id == except_id) continue;
        requests->push_back(request);
        if (requests->back().requester_level == no_level) requests->back().requester_level = assumed_level;
    }
    return requests;
}

std::shared_ptr<const std::vector<CompetingRequest>> WaitingRequestsCache::first_weighed(int assumed_level) {
    if (view_ && view_level_ == assumed_level) return view_;
    auto first = std::make_shared<std::vector<CompetingRequest>>(
        requests_.begin(), requests_.begin() + static_cast<std::ptrdiff_t>(std::min(requests_.size(), weighed)));
    for (CompetingRequest& request : *first) {
        if (request.requester_level == no_level) request.requester_level = assumed_level;
    }
    view_ = std::move(first);
    view_level_ = assumed_level;
    return view_;
}

void WaitingRequestsCache::load() {
    requests_.clear();
    view_.reset();
    requester_rows_.clear();
    requester_without_row_ = false;
    all_waiting_ = true;
    newest_id_ = 0;
    read_newer();
    valid_ = true;
}

void WaitingRequestsCache::read_newer() {
    auto& query = database_.prepare(
        // The planner, lacking statistics, would rather sort every waiting request than
        // walk the partial index in order and stop at the limit.
        "SELECT r.id, r.requester_id, r.kind, r.topic, r.when_at, m.level, m.rowid FROM requests r "
        "INDEXED BY requests_waiting LEFT JOIN members m ON m.id = r.requester_id "
        "WHERE r.status IN ('queued', 'offered') AND r.id > ? ORDER BY r.id LIMIT ?");
    query.bind(1, static_cast<int64_t>(newest_id_));
    query.bind(2, static_cast<int64_t>(weighed + 1 - requests_.size()));
    std::vector<CompetingRequest> requests;
    std::vector<std::int64_t> rows;
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
            rows.push_back(query.getColumn(6).getInt64());
        } else if (!request.requester_id.empty()) {
            without_row = true;
        }
        requests.push_back(std::move(request));
    }
    query.reset();
    // Kept only once everything was read: a failed read leaves the cache to be read again.
    newer_may_wait_ = false;
    if (requests.empty()) return;
    newest_id_ = requests.back().request_id;
    for (auto& request : requests) requests_.push_back(std::move(request));
    all_waiting_ = requests_.size() <= weighed;
    requester_rows_.insert(rows.begin(), rows.end());
    requester_without_row_ = requester_without_row_ || without_row;
    view_.reset();
}

}  // namespace mentorbot

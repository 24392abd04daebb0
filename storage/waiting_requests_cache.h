// The oldest requests still waiting for a mentor, kept in memory between commands until a write touches them.
#pragma once

#include <climits>
#include <cstdint>
#include <memory>
#include <unordered_set>
#include <vector>

#include "domain/matching.h"
#include "storage/database.h"

namespace mentorbot {

// One per connection (Database::attached). Every match weighs the requests still waiting,
// and reading them (with each requester's level) cost more than the rest of a request.
//
// It keeps one request more than it hands out, so that leaving out the caller's own request
// still leaves the full number. A write to an older request than the newest kept one reads
// them all again; a write to a newer one changes nothing when that many are kept, and
// otherwise only the newer ones are read: so new requests, and offers of them, are cheap.
class WaitingRequestsCache {
public:
    // The matcher weighs the oldest ones: they are served first anyway, and they speak for the demand.
    static constexpr std::size_t weighed = 100;

    explicit WaitingRequestsCache(Database& database);

    // Up to `weighed` requests that still need a mentor (queued or offered), oldest first,
    // except `except_id`; a requester without a level gets `assumed_level`. Shared, not
    // copied, when `except_id` is not among them (a new request never is).
    std::shared_ptr<const std::vector<CompetingRequest>> oldest(long long except_id, int assumed_level);

private:
    void load();
    // Appends the waiting requests newer than `newest_id_`, up to the number kept.
    void read_newer();
    std::shared_ptr<const std::vector<CompetingRequest>> first_weighed(int assumed_level);
    void row_changed(std::string_view table, TableChanges::Kind kind, std::int64_t rowid);

    static constexpr int no_level = INT_MIN;

    Database& database_;
    bool valid_ = false;
    std::vector<CompetingRequest> requests_;  // requester_level is `no_level` when unknown
    // The first `weighed` of them as handed out, for `view_level_` as the assumed level.
    std::shared_ptr<const std::vector<CompetingRequest>> view_;
    int view_level_ = no_level;
    bool all_waiting_ = false;  // fewer than weighed + 1 wait: every waiting request is here
    long long newest_id_ = 0;
    bool newer_may_wait_ = false;                      // a newer request was written while every waiting one is kept
    std::unordered_set<std::int64_t> requester_rows_;  // rowids of the requesters' members rows
    bool requester_without_row_ = false;
};

}  // namespace mentorbot

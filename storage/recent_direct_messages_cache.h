// The direct messages queued for each member in the last days, kept in memory so a request counts them without SQL.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "storage/changed_rows.h"
#include "storage/database.h"
#include "storage/window_counts.h"

namespace mentorbot {

// One per connection (Database::attached). Each match leaves out mentors whose day is full
// of messages, which read every direct message of the last day for each request; they are
// read once and then kept current row by row as messages are queued, sent or forgotten
// (`table_changes.*`), counted as the clock moves on. A rollback reads again the rows written
// since the transaction began; another connection's commit, or a moment earlier than what
// is kept, reads everything again.
class RecentDirectMessagesCache {
public:
    explicit RecentDirectMessagesCache(Database& database);

    // Direct messages queued for the member at or after `since` (Unix seconds), sent or not.
    int count_since(const std::string& member_id, long long since);
    // Members with at least `at_least` direct messages queued at or after `since`.
    const std::unordered_set<std::string>& members_with_at_least(long long since, int at_least);

    // How often everything was read, so tests can tell a row-by-row update from a reload.
    std::uint64_t full_loads() const { return full_loads_; }

private:
    struct Kept {
        std::string member_id;
        long long created_at = 0;
    };

    void bring_up_to_date(long long since);
    void drop();  // lets go of every kept message: changed_rows_ says when
    void load(long long since);
    void reread(std::int64_t rowid);
    void keep(std::int64_t rowid, Kept kept);
    void forget(std::int64_t rowid);
    void forget_before(long long since);

    Database& database_;
    long long kept_since_ = 0;  // every direct message queued at or after this is kept
    std::uint64_t full_loads_ = 0;
    std::unordered_map<std::int64_t, Kept> messages_;                       // by rowid
    std::unordered_map<std::string, std::vector<long long>> queued_at_of_;  // by member
    WindowCounts counts_;
    ChangedRows changed_rows_;  // last: it calls drop(), which clears the members above
};

}  // namespace mentorbot

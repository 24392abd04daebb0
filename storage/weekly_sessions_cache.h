// Each mentor's recent sessions kept in memory, so a request counts this week's without reading a row.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "domain/working_hours.h"
#include "storage/changed_rows.h"
#include "storage/database.h"

namespace mentorbot {

// One per connection (Database::attached). Counting every candidate's sessions this week
// for each request costs in proportion to the mentors of the topic (thousands in a large
// organisation), so the sessions of the last days are read once and then kept current row
// by row as sessions are created, moved, called off or forgotten (`table_changes.*`).
//
// What is kept is every session created in the last eight days: any zone's week began
// within them, so counting from a mentor's own Monday needs nothing else as the clock moves
// on. A rollback reads again the rows written since the transaction began; another
// connection's commit, or a clock set back before what is kept, reads everything again.
class WeeklySessionsCache {
public:
    explicit WeeklySessionsCache(Database& database);

    // The mentor's sessions created at or after `week_start`, as `now` sees them. Call
    // `bring_up_to_date(now)` first for a batch of counts.
    int count_since(const std::string& mentor_id, long long week_start) const;
    // Creation times of the kept sessions, for each mentor who has any: in an organisation
    // of thousands of mentors few had a session in the last days, so a caller counting for
    // most of them can go through these instead.
    const std::unordered_map<std::string, std::vector<long long>>& mentors_with_sessions() const {
        return created_by_mentor_;
    }
    static int count_since(const std::vector<long long>& created, long long week_start);
    // Makes the kept sessions those of the database now, for counting up to eight days before `now`.
    void bring_up_to_date(Instant now);

    // The mentors whose kept sessions changed since the last call (call bring_up_to_date
    // first); after a full read (full_loads() moved on) every count may have.
    std::unordered_set<std::string> take_recounted() { return std::exchange(recounted_, {}); }

    // How often everything was read, so tests can tell a row-by-row update from a reload.
    std::uint64_t full_loads() const { return full_loads_; }

private:
    struct Kept {
        std::string mentor_id;
        long long created_at = 0;
    };

    void drop();  // lets go of every kept session: changed_rows_ says when
    void load(long long since);
    void reread(std::int64_t rowid);
    void forget(std::int64_t rowid, bool recount = true);
    void forget_before(long long since);

    Database& database_;
    long long kept_since_ = 0;  // every session created at or after this is kept
    std::uint64_t full_loads_ = 0;
    std::unordered_map<std::int64_t, Kept> sessions_;                            // by rowid
    std::unordered_map<std::string, std::vector<long long>> created_by_mentor_;  // creation times
    std::unordered_set<std::string> recounted_;                                  // since take_recounted()
    ChangedRows changed_rows_;  // last: it calls drop(), which clears the members above
};

}  // namespace mentorbot

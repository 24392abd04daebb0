// How many offers wait for each mentor's answer, kept in memory so a request reads no requests row for it.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "storage/changed_rows.h"
#include "storage/database.h"

namespace mentorbot {

// One per connection (Database::attached). Every match limits how many offers a mentor may
// hold unanswered, which read every open offer each time; they are read once and then kept
// current row by row as requests are offered, accepted, declined, left to lapse or withdrawn
// (`table_changes.*`). A rollback reads again the rows written since the transaction began;
// another connection's commit, or many rows written at once, reads everything again.
class OpenOffersCache {
public:
    explicit OpenOffersCache(Database& database);

    // Requests with status 'offered' to the mentor, as the database holds them now.
    int count_of(const std::string& mentor_id);
    // Every mentor holding at least one open offer, with how many, as the database holds them now.
    const std::unordered_map<std::string, int>& mentors_with_offers();
    // The mentors whose count changed since the last call, as the database holds them now;
    // after a full read (full_loads() moved on) every count may have.
    std::unordered_set<std::string> take_recounted();

    // How often everything was read, so tests can tell a row-by-row update from a reload.
    std::uint64_t full_loads() const { return full_loads_; }

private:
    void bring_up_to_date();
    void drop();  // lets go of every kept offer: changed_rows_ says when
    void load();
    void reread(std::int64_t rowid);
    void forget(std::int64_t rowid);
    void count(const std::string& mentor_id, int by);

    Database& database_;
    std::uint64_t full_loads_ = 0;
    std::unordered_map<std::int64_t, std::string> offered_to_;  // request id: the mentor it is offered to
    std::unordered_map<std::string, int> by_mentor_;            // mentors with at least one
    std::unordered_set<std::string> recounted_;                 // since the last take_recounted()
    ChangedRows changed_rows_;                                  // last: it calls drop(), which clears the members above
};

}  // namespace mentorbot

// How many offers wait for each mentor's answer, kept in memory so a request reads no requests row for it.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/matching.h"
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
    // The same for every mentor of the pool, by position in it. Kept between looks: only the
    // mentors whose count changed are placed again while the pool's layout is the same, and
    // after a change of layout each mentor's last position is checked before it is looked up.
    const std::vector<std::int32_t>& by_position(const MentorIndex& mentors);

    // How often everything was read, so tests can tell a row-by-row update from a reload.
    std::uint64_t full_loads() const { return full_loads_; }

private:
    static constexpr std::uint32_t nowhere = std::numeric_limits<std::uint32_t>::max();
    struct Held {
        int offers = 0;
        std::uint32_t position = nowhere;  // in the pool last placed in, if there
    };

    void bring_up_to_date();
    void drop();  // lets go of every kept offer: changed_rows_ says when
    void load();
    void reread(std::int64_t rowid);
    void forget(std::int64_t rowid);
    void count(const std::string& mentor_id, int by);
    std::optional<std::uint32_t> place(const MentorIndex& mentors, const std::string& mentor_id, Held& held);

    Database& database_;
    std::uint64_t full_loads_ = 0;
    std::unordered_map<std::int64_t, std::string> offered_to_;  // request id: the mentor it is offered to
    std::unordered_map<std::string, Held> by_mentor_;           // mentors with at least one
    // The counts by position in the pool of this layout, and the mentors counted since.
    std::uint64_t placed_layout_ = 0;
    std::vector<std::int32_t> by_position_;
    std::unordered_set<std::string> recounted_;
    ChangedRows changed_rows_;  // last: it calls drop(), which clears the members above
};

}  // namespace mentorbot

// Every pooled mentor's sessions this week and open offers, kept current in the pool one changed mentor at a time.
#pragma once

#include <climits>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "domain/matching.h"
#include "storage/database.h"

namespace mentorbot {

// One per connection (Database::attached). Each match reads the load of every mentor it
// weighs: of the request's topic and of the topics of the requests it competes with, which
// in a large organisation is most of the pool. Counting them all for each request cost in
// proportion to the organisation; instead every mentor's load is set once and then only for
// the mentors whose sessions or open offers changed, or who were read again, since the last
// look. All of them are counted again only when something moves every count: a whole read of
// the pool, of the sessions or of the offers, or a zone's week turning over (Monday 00:00 in
// that zone, so a mentor's count starts again at 0).
class MentorLoads {
public:
    explicit MentorLoads(Database& database) : database_(database) {}

    // The pool (MentorPoolCache) with every mentor's load: sessions created since Monday
    // 00:00 in their own zone as of `now`, and the offers waiting for their answer.
    std::shared_ptr<MentorIndex> pool_at(Instant now);

    // How often every mentor was counted, so tests can tell a narrow update from a recount.
    std::uint64_t full_counts() const { return full_counts_; }

private:
    // Whether a zone's Monday moved since the last look (or the clock went back): every
    // mentor is counted again then.
    bool weeks_turned(const MentorIndex& mentors, Instant now);
    void count_all(MentorIndex& mentors);
    void count_one(MentorIndex& mentors, const std::string& member_id);

    Database& database_;
    std::uint64_t full_counts_ = 0;
    // The whole reads of the pool, sessions and offers the loads were counted after.
    std::uint64_t pool_loads_ = UINT64_MAX;
    std::uint64_t session_loads_ = UINT64_MAX;
    std::uint64_t offer_loads_ = UINT64_MAX;
    // Each zone's Monday 00:00 (by zone number in the pool) as of `checked_at_`, and the
    // earliest next Monday among them: until then, or until the clock goes back, they hold.
    std::vector<long long> week_start_of_zone_;
    long long checked_at_ = LLONG_MIN;
    long long next_turn_ = LLONG_MIN;
};

}  // namespace mentorbot

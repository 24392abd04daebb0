// The requests of the last weeks counted by workspace, topic, kind and level, kept in memory and read on incrementally.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>

#include "domain/clock.h"
#include "domain/recent_demand.h"
#include "domain/working_hours.h"
#include "storage/database.h"

namespace mentorbot {

// One per connection (Database::attached). Matching looks ahead to the requests still to
// come, estimated from those of the last four weeks. Counting them for every request would
// read thousands of rows; so the counts are kept, each look reads only the requests made
// since the last one (by id), and those older than the window are taken off in the order
// they came. An estimate needs no exactness: a request deleted later, or one whose insert
// was rolled back, may stay counted until it leaves the window.
class RecentDemandCache {
public:
    static constexpr std::chrono::hours window{24 * 28};

    explicit RecentDemandCache(Database& database) : database_(database) {}

    // The demand in `tenant` ("slack:T1") as of `now`; valid until the next call.
    const RecentDemand& of(const std::string& tenant, Instant now);

private:
    struct Counted {
        std::int64_t created_at = 0;
        std::string tenant;
        std::string topic;
        int kind = 0;
        int level = 0;
    };

    void read_newer(Instant now);
    void forget_older_than(Instant now);
    void count(const Counted& request, int by);

    Database& database_;
    bool loaded_ = false;
    std::int64_t newest_id_ = 0;
    std::deque<Counted> counted_;  // in the order they came
    std::map<std::string, RecentDemand, std::less<>> by_tenant_;
    RecentDemand none_;
};

}  // namespace mentorbot

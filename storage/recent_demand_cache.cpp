// Counts of recent requests per workspace, topic, kind and requester level, brought up to date by reading only new
// rows.
#include "storage/recent_demand_cache.h"

#include <algorithm>

#include "model/member_id.h"

namespace mentorbot {
namespace {

// Levels the way the matcher reads them: an unknown level counts as the assumed one, 2.
constexpr int assumed_level = 2;
// A few days of requests say little about a week: until the window has filled, the counts
// are spread over at least this long, so that the first requests of a new workspace do not
// read as a flood.
constexpr std::chrono::hours shortest_span{24 * 2};

std::int64_t seconds_of(std::chrono::hours span) { return std::chrono::seconds(span).count(); }

}  // namespace

const RecentDemand& RecentDemandCache::of(const std::string& tenant, Instant now) {
    read_newer(now);
    forget_older_than(now);
    auto found = by_tenant_.find(tenant);
    if (found == by_tenant_.end()) return none_;
    RecentDemand& demand = found->second;
    // The counts cover the time since the oldest request kept (the whole window once it has filled).
    const std::int64_t oldest = counted_.empty() ? to_unix(now) : counted_.front().created_at;
    const auto span = std::max<std::int64_t>(to_unix(now) - oldest, seconds_of(shortest_span));
    demand.weeks = std::min<double>(double(span), double(seconds_of(window))) / (7.0 * 24 * 3600);
    return demand;
}

void RecentDemandCache::read_newer(Instant now) {
    auto& query = database_.prepare(
        "SELECT r.id, r.created_at, r.requester_id, r.kind, r.topic, m.level FROM requests r "
        "LEFT JOIN members m ON m.id = r.requester_id WHERE r.id > ? AND r.created_at >= ? ORDER BY r.id");
    query.bind(1, static_cast<std::int64_t>(newest_id_));
    // The first look starts at the window's beginning (by the index on created_at); later ones at the last id read.
    query.bind(2, static_cast<std::int64_t>(loaded_ ? 0 : to_unix(now) - seconds_of(window)));
    std::vector<Counted> read;
    std::int64_t newest = newest_id_;
    while (query.executeStep()) {
        newest = query.getColumn(0).getInt64();
        if (query.getColumn(2).isNull()) continue;  // the requester was forgotten
        const auto requester = MemberId::parse(query.getColumn(2).getString());
        const auto kind = parse_request_kind(query.getColumn(3).getText());
        if (!requester || !kind) continue;
        Counted request;
        request.created_at = query.getColumn(1).getInt64();
        request.tenant = std::string(requester->tenant_key());
        request.topic = query.getColumn(4).getString();
        request.kind = static_cast<int>(*kind);
        request.level = query.getColumn(5).isNull() ? assumed_level : std::clamp(query.getColumn(5).getInt(), 1, 6);
        read.push_back(std::move(request));
    }
    query.reset();
    // Kept only once everything was read: a failed read leaves the rows to be read again.
    loaded_ = true;
    newest_id_ = newest;
    for (Counted& request : read) {
        count(request, 1);
        counted_.push_back(std::move(request));
    }
}

void RecentDemandCache::forget_older_than(Instant now) {
    const std::int64_t start = to_unix(now) - seconds_of(window);
    while (!counted_.empty() && counted_.front().created_at < start) {
        count(counted_.front(), -1);
        counted_.pop_front();
    }
}

void RecentDemandCache::count(const Counted& request, int by) {
    RecentDemand& demand = by_tenant_[request.tenant];
    RecentDemand::Counts& counts = demand.by_topic[request.topic];
    counts[static_cast<std::size_t>(request.kind)][static_cast<std::size_t>(request.level)] += by;
}

}  // namespace mentorbot

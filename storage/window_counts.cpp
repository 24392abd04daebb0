// Moments in time order, with counts kept as they enter and leave the window.
#include "storage/window_counts.h"

namespace mentorbot {

void WindowCounts::clear(long long since) {
    since_ = since;
    moments_.clear();
    counts_.clear();
    at_least_.clear();
}

void WindowCounts::add(const std::string& member, long long at) {
    moments_.emplace(at, member);
    if (at >= since_) change(member, 1);
}

void WindowCounts::remove(const std::string& member, long long at) {
    const auto [first, last] = moments_.equal_range(at);
    for (auto moment = first; moment != last; ++moment) {
        if (moment->second != member) continue;
        moments_.erase(moment);
        if (at >= since_) change(member, -1);
        return;
    }
}

void WindowCounts::start_at(long long since) {
    if (since > since_) {
        // Moments now before the start leave the window.
        for (auto moment = moments_.lower_bound(since_); moment != moments_.end() && moment->first < since; ++moment)
            change(moment->second, -1);
    } else if (since < since_) {
        for (auto moment = moments_.lower_bound(since); moment != moments_.end() && moment->first < since_; ++moment)
            change(moment->second, 1);
    }
    since_ = since;
}

const std::unordered_set<std::string>& WindowCounts::at_least(int limit) {
    if (limit != limit_) {
        limit_ = limit;
        at_least_.clear();
        for (const auto& [member, count] : counts_) {
            if (count >= limit) at_least_.insert(member);
        }
    }
    return at_least_;
}

void WindowCounts::change(const std::string& member, int by) {
    auto entry = counts_.try_emplace(member, 0).first;
    const int before = entry->second;
    entry->second += by;
    const int after = entry->second;
    if (after == 0) counts_.erase(entry);
    if (!limit_) return;
    // Only a count that crosses the limit changes who has at least that many; a member whose
    // count is back to none is not counted at all.
    const int limit = *limit_;
    const bool was = before >= limit && before > 0;
    const bool is = after >= limit && after > 0;
    if (!was && is) at_least_.insert(member);
    else if (was && !is) at_least_.erase(member);
}

}  // namespace mentorbot

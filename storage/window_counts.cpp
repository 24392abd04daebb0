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
    ++moments_[{at, member}];
    if (at >= since_) change(member, 1);
}

void WindowCounts::remove(const std::string& member, long long at) {
    const auto moment = moments_.find({at, member});
    if (moment == moments_.end()) return;
    if (--moment->second == 0) moments_.erase(moment);
    if (at >= since_) change(member, -1);
}

void WindowCounts::start_at(long long since) {
    // The first moment at or after a second: every member's name sorts after the empty one.
    auto first_at = [this](long long at) { return moments_.lower_bound({at, std::string()}); };
    if (since > since_) {
        // Moments now before the start leave the window.
        for (auto moment = first_at(since_); moment != moments_.end() && moment->first.first < since; ++moment)
            change(moment->first.second, -moment->second);
    } else if (since < since_) {
        for (auto moment = first_at(since); moment != moments_.end() && moment->first.first < since_; ++moment)
            change(moment->first.second, moment->second);
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

// Per member, how many moments fall at or after a start that moves with the clock, and who has at least so many.
#pragma once

#include <climits>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace mentorbot {

// The counting part of the caches that answer "how many in the last day" for every member at
// once: moments are added and removed one by one as rows change, and moving the start only
// touches the moments it passes over, so a question costs nothing in proportion to how many
// members have any.
class WindowCounts {
public:
    // A moment the window never leaves behind (an offer still waiting for an answer).
    static constexpr long long always = LLONG_MAX;

    // Forgets every moment; the window starts at `since`.
    void clear(long long since);
    void add(const std::string& member, long long at);
    // Removes one moment added before with the same member and time.
    void remove(const std::string& member, long long at);
    // Moves the start. Every moment at or after the new start must be held.
    void start_at(long long since);
    long long since() const { return since_; }

    // Members with a moment in the window, and how many.
    const std::unordered_map<std::string, int>& counts() const { return counts_; }
    // Members with at least `limit` moments in the window: kept up to date for the last limit asked.
    const std::unordered_set<std::string>& at_least(int limit);

private:
    void change(const std::string& member, int by);

    long long since_ = 0;
    // Every moment held, in time order, with how many a member has at that second. Keyed by
    // member too: an announcement puts thousands of messages in one second, and removing
    // each of them must not walk all the others.
    std::map<std::pair<long long, std::string>, int> moments_;
    std::unordered_map<std::string, int> counts_;  // of the moments at or after since_
    std::optional<int> limit_;                     // what at_least_ holds
    std::unordered_set<std::string> at_least_;
};

}  // namespace mentorbot

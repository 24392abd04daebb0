// Replies to recent deliveries whose commands changed nothing, kept in memory for re-sends.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>

#include "model/reply.h"

namespace mentorbot {

// A command that changed nothing leaves no run-once record in the database (running
// it again would change nothing either), but a copy Slack re-sends while we run
// should still get the very answer the first one got. Bounded by total text size,
// oldest dropped first, so memory stays flat under any load; after a restart, or once
// dropped, a re-sent read simply runs again.
class RecentReplies {
public:
    explicit RecentReplies(std::size_t max_bytes = 1 << 20) : max_bytes_(max_bytes) {}

    const Reply* find(const std::string& delivery_key) const;
    void remember(const std::string& delivery_key, const Reply& reply);
    std::size_t size() const { return replies_.size(); }

private:
    static std::size_t weight(const std::string& delivery_key, const Reply& reply);

    std::size_t max_bytes_;
    std::size_t bytes_ = 0;
    std::unordered_map<std::string, Reply> replies_;
    std::deque<std::string> oldest_first_;
};

}  // namespace mentorbot

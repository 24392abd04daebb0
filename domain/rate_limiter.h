// Per-member command rate limit: a sliding one-minute window.
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/clock.h"

namespace mentorbot {

class RateLimiter {
public:
    explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}

    // Counts one command for `key` if allowed; otherwise returns the seconds to wait.
    // 0 means allowed.
    long long admit(const std::string& key, Seconds now);

private:
    // Commands per second over the last minute: at most 60 entries a member however
    // high the limit is set, so memory stays small under any load.
    struct Window {
        std::vector<std::pair<Seconds, int>> per_second;
        int total = 0;
    };
    int per_minute_;
    std::unordered_map<std::string, Window> recent_;
    Seconds last_sweep_{};
};

}  // namespace mentorbot

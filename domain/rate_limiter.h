// Per-member command rate limit: a sliding one-minute window.
#pragma once

#include <deque>
#include <string>
#include <unordered_map>

#include "domain/clock.h"

namespace mentorbot {

class RateLimiter {
public:
    explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}

    // Counts one command for `key` if allowed; otherwise returns the seconds to wait.
    // 0 means allowed.
    long long admit(const std::string& key, Seconds now);

private:
    int per_minute_;
    std::unordered_map<std::string, std::deque<Seconds>> recent_;
    Seconds last_sweep_{};
};

}  // namespace mentorbot

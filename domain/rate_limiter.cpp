// Sliding-window rate limiting; idle members are swept so memory stays bounded.
#include "domain/rate_limiter.h"

namespace mentorbot {

long long RateLimiter::admit(const std::string& key, Seconds now) {
    constexpr std::chrono::seconds window{60};
    if (now - last_sweep_ > window) {
        for (auto entry = recent_.begin(); entry != recent_.end();) {
            if (entry->second.empty() || now - entry->second.back() >= window) entry = recent_.erase(entry); else ++entry;
        }
        last_sweep_ = now;
    }
    auto& times = recent_[key];
    while (!times.empty() && now - times.front() >= window) times.pop_front();
    if (static_cast<int>(times.size()) >= per_minute_) {
        return std::max<long long>(1, (times.front() + window - now).count());
    }
    times.push_back(now);
    return 0;
}

}  // namespace mentorbot

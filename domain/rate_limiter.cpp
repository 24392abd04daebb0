// Sliding-window rate limiting; idle members are swept so memory stays bounded.
#include "domain/rate_limiter.h"

namespace mentorbot {

long long RateLimiter::admit(const std::string& key, Seconds now) {
    constexpr std::chrono::seconds window{60};
    if (now - last_sweep_ > window) {
        for (auto entry = recent_.begin(); entry != recent_.end();) {
            const auto& seconds = entry->second.per_second;
            if (seconds.empty() || now - seconds.back().first >= window) entry = recent_.erase(entry);
            else ++entry;
        }
        last_sweep_ = now;
    }
    Window& recent = recent_[key];
    auto expired = recent.per_second.begin();
    while (expired != recent.per_second.end() && now - expired->first >= window) {
        recent.total -= expired->second;
        ++expired;
    }
    recent.per_second.erase(recent.per_second.begin(), expired);
    if (recent.total >= per_minute_) {
        return std::max<long long>(1, (recent.per_second.front().first + window - now).count());
    }
    if (!recent.per_second.empty() && recent.per_second.back().first == now) {
        ++recent.per_second.back().second;
    } else {
        recent.per_second.emplace_back(now, 1);
    }
    ++recent.total;
    return 0;
}

}  // namespace mentorbot

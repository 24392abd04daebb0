// Time- and size-bounded memory of handled envelope and event ids.
#include "bot/slack/envelope_dedupe.h"

namespace mentorbot::slack {

bool EnvelopeDedupe::seen_before(const std::string& envelope_id, const std::string& event_id, Clock::time_point now) {
    forget_expired(now);
    if (!envelope_id.empty() && keys_.count("envelope:" + envelope_id) != 0) return true;
    return !event_id.empty() && keys_.count("event:" + event_id) != 0;
}

void EnvelopeDedupe::remember(const std::string& envelope_id, const std::string& event_id, Clock::time_point now) {
    forget_expired(now);
    for (std::string key : {envelope_id.empty() ? std::string() : "envelope:" + envelope_id,
                            event_id.empty() ? std::string() : "event:" + event_id}) {
        if (key.empty() || !keys_.insert(key).second) continue;
        expiry_.emplace_back(now + ttl_, std::move(key));
    }
    while (keys_.size() > capacity_ && !expiry_.empty()) {
        keys_.erase(expiry_.front().second);
        expiry_.pop_front();
    }
}

void EnvelopeDedupe::forget_expired(Clock::time_point now) {
    while (!expiry_.empty() && expiry_.front().first <= now) {
        keys_.erase(expiry_.front().second);
        expiry_.pop_front();
    }
}

}  // namespace mentorbot::slack

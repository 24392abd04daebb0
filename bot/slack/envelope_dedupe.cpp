// Time-bounded memory of handled envelope and event ids.
#include "bot/slack/envelope_dedupe.h"

namespace mentorbot::slack {

std::optional<std::string> EnvelopeDedupe::previous_ack(const std::string& envelope_id, const std::string& event_id,
                                                        Clock::time_point now) {
    forget_expired(now);
    if (!envelope_id.empty()) {
        if (auto found = acks_.find("envelope:" + envelope_id); found != acks_.end()) return found->second;
    }
    if (!event_id.empty()) {
        if (auto found = acks_.find("event:" + event_id); found != acks_.end()) return found->second;
    }
    return std::nullopt;
}

void EnvelopeDedupe::remember(const std::string& envelope_id, const std::string& event_id, std::string ack,
                              Clock::time_point now) {
    forget_expired(now);
    for (std::string key : {envelope_id.empty() ? std::string() : "envelope:" + envelope_id,
                            event_id.empty() ? std::string() : "event:" + event_id}) {
        if (key.empty()) continue;
        acks_[key] = ack;
        expiry_.emplace_back(now + ttl_, std::move(key));
    }
}

void EnvelopeDedupe::forget_expired(Clock::time_point now) {
    while (!expiry_.empty() && expiry_.front().first <= now) {
        acks_.erase(expiry_.front().second);
        expiry_.pop_front();
    }
}

}  // namespace mentorbot::slack

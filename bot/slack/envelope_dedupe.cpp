// Time- and size-bounded memory of handled envelope and event ids.
#include "bot/slack/envelope_dedupe.h"

namespace mentorbot::slack {

bool EnvelopeDedupe::seen_before(const std::string& envelope_id, const std::string& event_id, Clock::time_point now) {
    forget_expired(now);
    if (!envelope_id.empty() && envelope_ids_.contains(envelope_id)) return true;
    return !event_id.empty() && event_ids_.contains(event_id);
}

void EnvelopeDedupe::remember(const std::string& envelope_id, const std::string& event_id, Clock::time_point now) {
    forget_expired(now);
    remember_id(envelope_ids_, envelope_id, now);
    remember_id(event_ids_, event_id, now);
    while (size() > capacity_ && !expiry_.empty()) forget_oldest();
}

void EnvelopeDedupe::remember_id(std::unordered_set<std::string>& ids, const std::string& id, Clock::time_point now) {
    if (id.empty()) return;
    auto [where, added] = ids.insert(id);
    if (added) expiry_.push_back({now + ttl_, &ids, &*where});
}

void EnvelopeDedupe::forget_oldest() {
    const Entry oldest = expiry_.front();
    expiry_.pop_front();
    // Found first, then erased by position: the key lives in the node being erased.
    oldest.ids->erase(oldest.ids->find(*oldest.key));
}

void EnvelopeDedupe::forget_expired(Clock::time_point now) {
    while (!expiry_.empty() && expiry_.front().expires <= now) forget_oldest();
}

}  // namespace mentorbot::slack

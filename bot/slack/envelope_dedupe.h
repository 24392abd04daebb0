// Remembers recently handled Socket Mode envelopes so a re-sent one is recognised across connections.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <string>
#include <unordered_set>

namespace mentorbot::slack {

// Keys are envelope ids and event ids; Slack may re-send either on any of the app's
// connections. Entries live `ttl` (over Slack's 5-minute retry window) and at most
// `capacity` are kept, oldest dropped first, so memory stays flat under any load.
// Only ids are kept: the reply to a re-sent command comes from the app's durable
// run-once record, which also covers restarts and anything evicted here.
class EnvelopeDedupe {
public:
    using Clock = std::chrono::steady_clock;
    explicit EnvelopeDedupe(Clock::duration ttl = std::chrono::minutes(10), std::size_t capacity = 20000)
        : ttl_(ttl), capacity_(capacity) {}

    bool seen_before(const std::string& envelope_id, const std::string& event_id, Clock::time_point now = Clock::now());
    void remember(const std::string& envelope_id, const std::string& event_id, Clock::time_point now = Clock::now());
    std::size_t size() const { return keys_.size(); }

private:
    void forget_expired(Clock::time_point now);

    Clock::duration ttl_;
    std::size_t capacity_;
    std::unordered_set<std::string> keys_;  // "envelope:<id>" / "event:<id>"
    std::deque<std::pair<Clock::time_point, std::string>> expiry_;
};

}  // namespace mentorbot::slack

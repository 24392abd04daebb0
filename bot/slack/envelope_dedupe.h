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
    std::size_t size() const { return envelope_ids_.size() + event_ids_.size(); }

private:
    // One entry per remembered id, oldest first. The key points into its set's node,
    // which does not move: each id is stored once, and every envelope costs no copies
    // beyond that (this runs on every command).
    struct Entry {
        Clock::time_point expires;
        std::unordered_set<std::string>* ids;
        const std::string* key;
    };
    void remember_id(std::unordered_set<std::string>& ids, const std::string& id, Clock::time_point now);
    void forget_oldest();
    void forget_expired(Clock::time_point now);

    Clock::duration ttl_;
    std::size_t capacity_;
    std::unordered_set<std::string> envelope_ids_;
    std::unordered_set<std::string> event_ids_;
    std::deque<Entry> expiry_;
};

}  // namespace mentorbot::slack

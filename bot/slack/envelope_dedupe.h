// Remembers recently handled Socket Mode envelopes so a re-sent one is recognised across connections.
#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>

#include "util/key_ring.h"

namespace mentorbot::slack {

// Keys are envelope ids and event ids; Slack may re-send either on any of the app's
// connections. Entries live `ttl` (over Slack's 5-minute retry window) and at most
// `capacity` are kept, oldest dropped first, so memory stays flat under any load.
// Only ids are kept: the reply to a re-sent command comes from the app's durable
// run-once record, which also covers restarts and anything evicted here. This runs on
// every envelope: once its ring has wrapped, remembering one allocates nothing.
class EnvelopeDedupe {
public:
    using Clock = std::chrono::steady_clock;
    explicit EnvelopeDedupe(Clock::duration ttl = std::chrono::minutes(10), std::size_t capacity = 20000)
        : ttl_(ttl), capacity_(capacity) {}

    bool seen_before(std::string_view envelope_id, std::string_view event_id, Clock::time_point now = Clock::now());
    void remember(std::string_view envelope_id, std::string_view event_id, Clock::time_point now = Clock::now());
    std::size_t size() const { return ids_.size(); }

private:
    // Envelope ids and event ids share the ring; a kind letter in front of each key keeps
    // an event that happens to share an envelope's id apart from it.
    bool contains(char kind, std::string_view id) const;
    void remember_id(char kind, std::string_view id, Clock::time_point now);
    void forget_expired(Clock::time_point now);

    Clock::duration ttl_;
    std::size_t capacity_;
    // When each id expires, oldest first.
    KeyRing<Clock::time_point> ids_;
};

}  // namespace mentorbot::slack

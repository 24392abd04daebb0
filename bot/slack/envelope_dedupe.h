// Remembers recently handled Socket Mode envelopes so a re-sent one is acked again but never run twice.
#pragma once

#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

namespace mentorbot::slack {

// Keys are envelope ids and event ids; Slack may re-send either on any of the app's
// connections. Entries live `ttl` (over Slack's 5-minute retry window), then go.
class EnvelopeDedupe {
public:
    using Clock = std::chrono::steady_clock;
    explicit EnvelopeDedupe(Clock::duration ttl = std::chrono::minutes(10)) : ttl_(ttl) {}

    // The ack sent the first time, when `envelope_id` or `event_id` was seen before.
    std::optional<std::string> previous_ack(const std::string& envelope_id, const std::string& event_id,
                                            Clock::time_point now = Clock::now());
    void remember(const std::string& envelope_id, const std::string& event_id, std::string ack,
                  Clock::time_point now = Clock::now());
    std::size_t size() const { return acks_.size(); }

private:
    void forget_expired(Clock::time_point now);

    Clock::duration ttl_;
    std::unordered_map<std::string, std::string> acks_;  // "envelope:<id>" / "event:<id>" → ack
    std::deque<std::pair<Clock::time_point, std::string>> expiry_;
};

}  // namespace mentorbot::slack

// Discord REST rate limits as pure bookkeeping: when a request may go, and whether to retry it (D16).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "bot/net/retry_policy.h"

namespace mentorbot::discord {

using SteadyTime = std::chrono::steady_clock::time_point;

// The rate-limit facts of one HTTP response (headers, and for a 429 its JSON body).
struct RateLimitFacts {
    int status = 200;
    std::optional<int> remaining;       // X-RateLimit-Remaining
    std::optional<double> reset_after;  // X-RateLimit-Reset-After, fractional seconds
    std::optional<std::string> bucket;  // X-RateLimit-Bucket
    std::optional<double> retry_after;  // body retry_after, else Retry-After header
    bool global = false;                // body global:true or X-RateLimit-Global
};

struct RetryDecision {
    bool retry = false;
    std::chrono::milliseconds delay{0};
};

// A request route: its template ("POST /channels/{channel_id}/messages") and its major
// parameter (the channel, guild or webhook id it is about; empty when none).
struct RestRoute {
    std::string route;
    std::string major;
};

// Interaction responses (callbacks, and follow-ups or edits through the interaction's
// webhook) are not bound by the global rate limit: Discord exempts them, and holding a
// callback for a global pause would miss its 3-second window.
bool exempt_from_global_limit(const RestRoute& route);

class RestRateLimiter {
public:
    static constexpr int max_attempts = 5;
    // Network failures get their own, smaller budget.
    static constexpr int max_network_failures = 3;
    // When a bucket's window has ended while a request of it is still out, the others
    // wait for its answer (which says how many may follow); this bounds that wait in
    // case the answer is lost without the client noticing.
    static constexpr std::chrono::seconds answer_wait{1};
    // Buckets idle this long past their window are forgotten (their keys hold
    // interaction ids and tokens, and there is one per interaction).
    static constexpr std::chrono::seconds forget_after{60};
    // First wait before retrying a 500/502/504; doubles on each attempt.
    explicit RestRateLimiter(std::chrono::milliseconds server_error_backoff = std::chrono::milliseconds(500));

    // Discord's retry rules (D16), shared with the REST client's send loop.
    const net::RetryPolicy& policy() const { return policy_; }

    // The earliest moment a request on this route may be sent. Ask again right before
    // it leaves (a limit may have been learned meanwhile), then call sending().
    SteadyTime earliest_send(const RestRoute& route, SteadyTime now) const;
    // Call when the request leaves, so concurrent requests share the remaining count.
    void sending(const RestRoute& route, SteadyTime now);
    // Learns from the response; says whether to send it again and after how long.
    // `attempt` counts from 1 for the first try. A 429 is always waited out: it says
    // when to come back, and waiting does not use up an attempt.
    RetryDecision on_response(const RestRoute& route, const RateLimitFacts& facts, int attempt, SteadyTime now);
    // A request that left got no answer (network failure).
    void unanswered(const RestRoute& route, SteadyTime now);

    bool globally_paused(SteadyTime now) const { return global_until_ > now; }
    // Buckets with state kept (for tests of the memory bound).
    std::size_t tracked_buckets() const { return buckets_.size(); }

private:
    struct BucketState {
        // Inside a known window (known and reset_at in the future): how many more may
        // leave before reset_at. After it, or before any answer said, the bucket's size
        // is unknown: one request goes and its answer tells how many may follow.
        bool known = false;
        int remaining = 0;
        SteadyTime reset_at{};
        int in_flight = 0;  // sent, not answered yet
        // Until here a 429 holds the bucket shut, whatever answers to requests sent
        // earlier say about what is left.
        SteadyTime limited_until{};
        SteadyTime last_used{};
    };
    std::string state_key(const RestRoute& route) const;
    void answered(const std::string& key, SteadyTime now);
    void forget_idle(SteadyTime now);

    net::RetryPolicy policy_;
    std::map<std::string, std::string> bucket_of_route_;  // route template → Discord bucket id
    std::map<std::string, BucketState> buckets_;          // bucket (or route) + major → state
    SteadyTime global_until_{};
    SteadyTime last_sweep_{};
};

std::chrono::milliseconds seconds_to_milliseconds(double seconds);

}  // namespace mentorbot::discord

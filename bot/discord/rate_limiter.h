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

class RestRateLimiter {
public:
    static constexpr int max_attempts = 5;
    // Network failures get their own, smaller budget.
    static constexpr int max_network_failures = 3;
    // First wait before retrying a 500/502/504; doubles on each attempt.
    explicit RestRateLimiter(std::chrono::milliseconds server_error_backoff = std::chrono::milliseconds(500));

    // Discord's retry rules (D16), shared with the REST client's send loop.
    const net::RetryPolicy& policy() const { return policy_; }

    // The earliest moment a request on this route may be sent.
    SteadyTime earliest_send(const RestRoute& route, SteadyTime now) const;
    // Call when the request leaves, so concurrent requests share the remaining count.
    void sending(const RestRoute& route, SteadyTime now);
    // Learns from the response; says whether to send it again and after how long.
    // `attempt` counts from 1 for the first try.
    RetryDecision on_response(const RestRoute& route, const RateLimitFacts& facts, int attempt, SteadyTime now);

    bool globally_paused(SteadyTime now) const { return global_until_ > now; }

private:
    struct BucketState {
        int remaining = 1;
        SteadyTime reset_at{};
    };
    std::string state_key(const RestRoute& route) const;

    net::RetryPolicy policy_;
    std::map<std::string, std::string> bucket_of_route_;  // route template → Discord bucket id
    std::map<std::string, BucketState> buckets_;          // bucket (or route) + major → state
    SteadyTime global_until_{};
};

std::chrono::milliseconds seconds_to_milliseconds(double seconds);

}  // namespace mentorbot::discord

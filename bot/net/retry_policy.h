// When a platform HTTP call is sent again: which answers retry, how long to wait, and how many tries.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

namespace mentorbot::net {

using RetryDuration = std::chrono::steady_clock::duration;

// Exponential backoff: the first failure waits about `initial`, each further one twice
// as long, never more than `cap`. With jitter ("equal jitter") the wait is drawn from
// the upper half of that ceiling, so clients that failed together do not retry together.
struct Backoff {
    RetryDuration initial = std::chrono::milliseconds(500);
    RetryDuration cap = std::chrono::seconds(30);
    bool jitter = true;

    // The ceiling for the `failure`-th failure (counting from 1), before jitter.
    RetryDuration ceiling(int failure) const;
    // The wait after the `failure`-th failure; `random_unit` in [0, 1] picks the jitter.
    RetryDuration delay(int failure, double random_unit) const;
    // The same with a random jitter.
    RetryDuration delay(int failure) const;
};

// A Retry-After value in seconds, fractions allowed (Slack's header, S14; Discord's header
// and body `retry_after`, D16). Empty, negative or unreadable values give nullopt.
std::optional<RetryDuration> parse_retry_after(std::string_view seconds);

// What to do after one attempt.
struct RetryStep {
    bool retry = false;
    RetryDuration delay{0};
};

// One platform's retry rules. Attempts are counted per request from 1; `attempts`
// below is the number made so far, including the one that just failed.
struct RetryPolicy {
    // No request is sent more often than this for failures that count.
    int max_attempts = 6;
    // When set, network failures have their own, separate bound (and backoff index);
    // otherwise they count toward max_attempts like a retryable status.
    std::optional<int> max_network_failures;
    // False: waiting out a rate limit never uses up an attempt (the call is paused, not failed).
    bool rate_limits_count = true;
    // Statuses worth sending again; empty means every 5xx.
    std::vector<unsigned> retry_statuses;
    Backoff backoff;
    // The wait for a rate limit that did not say how long.
    RetryDuration default_retry_after = std::chrono::seconds(30);

    bool retries_status(unsigned status) const;
    // After an answer with `status` that was not a rate limit.
    RetryStep after_status(unsigned status, int attempts, double random_unit) const;
    RetryStep after_status(unsigned status, int attempts) const;
    // After a request that got no answer (connect, TLS, timeout, dropped connection).
    RetryStep after_network_failure(int network_failures, int attempts, double random_unit) const;
    RetryStep after_network_failure(int network_failures, int attempts) const;
    // After a rate limit: wait what the platform asked (or the default), as long as the
    // attempt bound allows when rate limits count.
    RetryStep after_rate_limit(std::optional<RetryDuration> retry_after, int attempts) const;
};

}  // namespace mentorbot::net

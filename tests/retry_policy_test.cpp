// The shared retry policy: which answers retry, Retry-After parsing, backoff growth and cap, the attempt bound.
#include <catch2/catch.hpp>

#include "bot/net/retry_policy.h"

using namespace mentorbot::net;
using namespace std::chrono_literals;

TEST_CASE("Retry-After is read as seconds, fractions included", "[net][retry]") {
    CHECK(parse_retry_after("1") == RetryDuration(1s));
    CHECK(parse_retry_after("0") == RetryDuration(0s));
    CHECK(parse_retry_after("0.25") == RetryDuration(250ms));
    CHECK(parse_retry_after("30") == RetryDuration(30s));
    CHECK_FALSE(parse_retry_after(""));
    CHECK_FALSE(parse_retry_after("soon"));
    CHECK_FALSE(parse_retry_after("-3"));
    CHECK_FALSE(parse_retry_after("nan"));
    // Absurd values are held to a day rather than pausing forever.
    CHECK(parse_retry_after("1e12") == RetryDuration(24h));
}

TEST_CASE("Backoff doubles from its first wait and stops at the cap", "[net][retry]") {
    const Backoff plain{100ms, 1s, /*jitter=*/false};
    CHECK(plain.delay(1, 0.7) == RetryDuration(100ms));
    CHECK(plain.delay(2, 0.7) == RetryDuration(200ms));
    CHECK(plain.delay(3, 0.7) == RetryDuration(400ms));
    CHECK(plain.delay(4, 0.7) == RetryDuration(800ms));
    CHECK(plain.delay(5, 0.7) == RetryDuration(1s));
    CHECK(plain.delay(60, 0.7) == RetryDuration(1s));
}

TEST_CASE("Jittered backoff stays in the upper half of its ceiling", "[net][retry]") {
    const Backoff jittered{100ms, 1s, /*jitter=*/true};
    CHECK(jittered.delay(1, 0.0) == RetryDuration(50ms));
    CHECK(jittered.delay(1, 1.0) == RetryDuration(100ms));
    CHECK(jittered.delay(3, 0.5) == RetryDuration(300ms));
    CHECK(jittered.delay(20, 1.0) == RetryDuration(1s));
    CHECK(jittered.delay(20, 0.0) == RetryDuration(500ms));
    for (int failure = 1; failure <= 12; ++failure) {
        const auto delay = jittered.delay(failure);
        CHECK(delay >= jittered.ceiling(failure) / 2);
        CHECK(delay <= jittered.ceiling(failure));
    }
}

TEST_CASE("Every 5xx retries by default; a status list narrows it", "[net][retry]") {
    RetryPolicy any_server_error;
    CHECK(any_server_error.retries_status(500));
    CHECK(any_server_error.retries_status(503));
    CHECK_FALSE(any_server_error.retries_status(200));
    CHECK_FALSE(any_server_error.retries_status(404));
    CHECK_FALSE(any_server_error.retries_status(429));

    RetryPolicy listed;
    listed.retry_statuses = {500, 502, 504};
    CHECK(listed.retries_status(502));
    CHECK_FALSE(listed.retries_status(503));
    CHECK_FALSE(listed.after_status(503, 1, 0.5).retry);
    CHECK_FALSE(listed.after_status(403, 1, 0.5).retry);
}

TEST_CASE("Retryable statuses stop at the attempt bound", "[net][retry]") {
    RetryPolicy policy;
    policy.max_attempts = 3;
    policy.backoff = Backoff{10ms, 1s, false};
    auto first = policy.after_status(502, 1, 0.5);
    CHECK(first.retry);
    CHECK(first.delay == RetryDuration(10ms));
    auto second = policy.after_status(502, 2, 0.5);
    CHECK(second.retry);
    CHECK(second.delay == RetryDuration(20ms));
    CHECK_FALSE(policy.after_status(502, 3, 0.5).retry);
}

TEST_CASE("Network failures share the bound, or have their own", "[net][retry]") {
    RetryPolicy shared;
    shared.max_attempts = 2;
    shared.backoff = Backoff{10ms, 1s, false};
    CHECK(shared.after_network_failure(1, 1, 0.5).retry);
    CHECK_FALSE(shared.after_network_failure(1, 2, 0.5).retry);

    RetryPolicy separate;
    separate.max_attempts = 5;
    separate.max_network_failures = 3;
    separate.backoff = Backoff{10ms, 1s, false};
    auto step = separate.after_network_failure(2, 4, 0.5);
    CHECK(step.retry);
    CHECK(step.delay == RetryDuration(20ms));  // the backoff follows the network failures
    CHECK_FALSE(separate.after_network_failure(3, 3, 0.5).retry);
}

TEST_CASE("A rate limit waits what was asked, or the default", "[net][retry]") {
    RetryPolicy counting;
    counting.max_attempts = 5;
    counting.default_retry_after = 30s;
    auto asked = counting.after_rate_limit(RetryDuration(400ms), 1);
    CHECK(asked.retry);
    CHECK(asked.delay == RetryDuration(400ms));
    auto unsaid = counting.after_rate_limit(std::nullopt, 1);
    CHECK(unsaid.retry);
    CHECK(unsaid.delay == RetryDuration(30s));
    // Counting rate limits: the bound applies.
    CHECK_FALSE(counting.after_rate_limit(RetryDuration(1s), 5).retry);

    RetryPolicy pausing = counting;
    pausing.rate_limits_count = false;
    CHECK(pausing.after_rate_limit(RetryDuration(1s), 50).retry);
}

// Sends one platform HTTP request through a connection pool, retrying as a RetryPolicy says.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "bot/net/http_client.h"
#include "bot/net/http_pool.h"
#include "bot/net/retry_policy.h"
#include "bot/net/stop_signal.h"

namespace mentorbot::net {

// A platform's reading of one answer: a rate limit, and how long it asked us to wait.
struct RateLimit {
    std::optional<RetryDuration> retry_after;
};

// What the platform client adds to the shared loop. Every hook is optional.
struct SendHooks {
    std::string transport;  // metric label and log prefix: "slack", "discord"
    std::string what;       // the call, for logs: "chat.postMessage", "POST /channels/{channel_id}/messages"
    // The earliest moment the request may go (per-method pause, per-route bucket); the
    // loop sleeps until then before every attempt, and asks again once it holds a
    // connection: a limit learned while it waited for one must still be obeyed.
    std::function<std::chrono::steady_clock::time_point()> earliest_send;
    // Sleeps until the given moment, or earlier when the limits may have changed (the
    // loop then asks earliest_send again). Without it the loop sleeps until the moment.
    std::function<boost::asio::awaitable<void>(std::chrono::steady_clock::time_point)> pause;
    // Called just before each attempt leaves, right after earliest_send allowed it (no
    // suspension in between, so concurrent calls cannot both take the last slot).
    std::function<void()> sending;
    // Called when an attempt that left got no answer (network failure).
    std::function<void()> unanswered;
    // Learns from an answer (rate-limit headers) and says whether it was a rate limit.
    // `attempt` counts from 1.
    std::function<std::optional<RateLimit>(const HttpResponse& response, int attempt)> read_answer;
};

struct SendOutcome {
    std::optional<HttpResponse> response;  // the last answer, when the last attempt got one
    std::string network_error;             // why the last attempt got no answer
    bool gave_up = false;                  // the last failure was worth retrying, but attempts ran out
    bool stopped = false;                  // the stop signal ended the call
    int attempts = 0;
};

// Sends `request` until it gets an answer that is not retried, the policy gives up, or
// `stop` is raised. Rate limits wait what the platform asked; retryable statuses and
// network failures back off. Counts requests, retries and rate limits in the global
// metrics under the hooks' transport label. After `stop`, the hooks are not called again.
boost::asio::awaitable<SendOutcome> send_with_retry(HttpPool& pool, std::shared_ptr<StopSignal> stop,
                                                    RetryPolicy policy, SendHooks hooks, HttpRequest request);

}  // namespace mentorbot::net

// The one retry loop behind the Slack Web API and Discord REST clients.
#include "bot/net/retrying_send.h"

#include <spdlog/spdlog.h>

#include "bot/metrics.h"

namespace mentorbot::net {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

long long milliseconds(RetryDuration duration) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
}

}  // namespace

asio::awaitable<SendOutcome> send_with_retry(HttpPool& pool, std::shared_ptr<StopSignal> stop, RetryPolicy policy,
                                             SendHooks hooks, HttpRequest request) {
    const MetricLabels labels{{"transport", hooks.transport}};
    SendOutcome outcome;
    int counted = 0;  // attempts that count toward policy.max_attempts
    int network_failures = 0;
    while (!stop->stopped()) {
        if (hooks.earliest_send) {
            for (auto at = hooks.earliest_send(); at > Clock::now() && !stop->stopped(); at = hooks.earliest_send()) {
                if (hooks.pause) {
                    co_await hooks.pause(at);
                } else {
                    co_await stop->sleep_until(at);
                }
            }
            if (stop->stopped()) break;
        }
        std::optional<HttpPool::Lease> lease = co_await pool.acquire();
        if (!lease) {
            outcome.stopped = true;  // the pool was shut down
            co_return outcome;
        }
        if (stop->stopped()) break;
        // Waiting for a connection takes time, in which another call may have met a 429
        // or used up the bucket: the request leaves only if it still may, else it gives
        // the connection back and waits again.
        if (hooks.earliest_send) {
            // Asked first, then compared with a later now: a free route must compare as free.
            const auto at = hooks.earliest_send();
            if (at > Clock::now()) {
                lease.reset();
                continue;
            }
        }
        if (hooks.sending) hooks.sending();
        ++outcome.attempts;
        metrics().add(metric::requests, labels);

        HttpResponse response;
        std::string network_error;
        try {
            response = co_await lease->client().send(request);
        } catch (const std::exception& error) {
            network_error = error.what();
        }
        lease.reset();
        outcome.network_error = network_error;
        if (network_error.empty()) {
            outcome.response = std::move(response);
        } else {
            outcome.response.reset();
        }
        if (stop->stopped()) break;
        const HttpResponse& answer = network_error.empty() ? *outcome.response : response;

        RetryStep step;
        if (!network_error.empty()) {
            if (hooks.unanswered) hooks.unanswered();
            ++counted;
            ++network_failures;
            step = policy.after_network_failure(network_failures, counted);
            if (!step.retry) {
                spdlog::error("{}: {} failed after {} attempts: {}", hooks.transport, hooks.what, outcome.attempts,
                              network_error);
                outcome.gave_up = true;
                break;
            }
            metrics().add(metric::retries, labels);
            spdlog::warn("{}: {} failed ({}), retrying in {} ms", hooks.transport, hooks.what, network_error,
                         milliseconds(step.delay));
        } else if (auto limit = hooks.read_answer ? hooks.read_answer(answer, outcome.attempts) : std::nullopt) {
            metrics().add(metric::rate_limited, labels);
            if (policy.rate_limits_count) ++counted;
            step = policy.after_rate_limit(limit->retry_after, counted);
            if (!step.retry) {
                outcome.gave_up = true;
                break;
            }
            spdlog::debug("{}: {} rate limited, retrying in {} ms", hooks.transport, hooks.what,
                          milliseconds(step.delay));
        } else {
            ++counted;
            step = policy.after_status(answer.status, counted);
            if (!step.retry) {
                outcome.gave_up = policy.retries_status(answer.status);
                if (outcome.gave_up) {
                    spdlog::error("{}: {} failed after {} attempts: HTTP {}", hooks.transport, hooks.what,
                                  outcome.attempts, answer.status);
                }
                break;
            }
            metrics().add(metric::retries, labels);
            spdlog::warn("{}: {} failed (HTTP {}), retrying in {} ms", hooks.transport, hooks.what, answer.status,
                         milliseconds(step.delay));
        }
        co_await stop->sleep_until(Clock::now() + step.delay);
    }
    outcome.stopped = stop->stopped();
    co_return outcome;
}

}  // namespace mentorbot::net

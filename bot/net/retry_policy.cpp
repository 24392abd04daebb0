// Retry decisions and backoff arithmetic shared by the Slack Web API and Discord REST clients.
#include "bot/net/retry_policy.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

namespace mentorbot::net {

namespace {

double random_unit() {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(random);
}

}  // namespace

RetryDuration Backoff::ceiling(int failure) const {
    RetryDuration value = initial;
    for (int i = 1; i < failure && value < cap; ++i) value *= 2;
    return std::min(value, cap);
}

RetryDuration Backoff::delay(int failure, double unit) const {
    const RetryDuration top = ceiling(failure);
    if (!jitter) return top;
    const double clamped = std::clamp(unit, 0.0, 1.0);
    const auto half = top.count() / 2;
    return top / 2 + RetryDuration(static_cast<RetryDuration::rep>(std::floor(static_cast<double>(half) * clamped)));
}

RetryDuration Backoff::delay(int failure) const { return delay(failure, jitter ? random_unit() : 0.0); }

std::optional<RetryDuration> parse_retry_after(std::string_view text) {
    if (text.empty()) return std::nullopt;
    try {
        std::size_t used = 0;
        const double seconds = std::stod(std::string(text), &used);
        if (!(seconds >= 0) || std::isinf(seconds)) return std::nullopt;
        return std::chrono::duration_cast<RetryDuration>(std::chrono::duration<double>(std::min(seconds, 86400.0)));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

bool RetryPolicy::retries_status(unsigned status) const {
    if (retry_statuses.empty()) return status >= 500 && status < 600;
    return std::find(retry_statuses.begin(), retry_statuses.end(), status) != retry_statuses.end();
}

RetryStep RetryPolicy::after_status(unsigned status, int attempts, double unit) const {
    if (!retries_status(status) || attempts >= max_attempts) return {};
    return {true, backoff.delay(attempts, unit)};
}

RetryStep RetryPolicy::after_status(unsigned status, int attempts) const {
    return after_status(status, attempts, backoff.jitter ? random_unit() : 0.0);
}

RetryStep RetryPolicy::after_network_failure(int network_failures, int attempts, double unit) const {
    if (max_network_failures) {
        if (network_failures >= *max_network_failures) return {};
        return {true, backoff.delay(network_failures, unit)};
    }
    if (attempts >= max_attempts) return {};
    return {true, backoff.delay(attempts, unit)};
}

RetryStep RetryPolicy::after_network_failure(int network_failures, int attempts) const {
    return after_network_failure(network_failures, attempts, backoff.jitter ? random_unit() : 0.0);
}

RetryStep RetryPolicy::after_rate_limit(std::optional<RetryDuration> retry_after, int attempts) const {
    if (rate_limits_count && attempts >= max_attempts) return {false, retry_after.value_or(default_retry_after)};
    return {true, retry_after.value_or(default_retry_after)};
}

}  // namespace mentorbot::net

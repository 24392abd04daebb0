// Discord REST rate-limit bookkeeping (see rate_limiter.h and docs/protocols.md D16).
#include "bot/discord/rate_limiter.h"

#include <algorithm>
#include <cmath>

#include <spdlog/spdlog.h>

namespace mentorbot::discord {

std::chrono::milliseconds seconds_to_milliseconds(double seconds) {
    if (!(seconds > 0)) return std::chrono::milliseconds(0);
    // Round up: waiting a millisecond too long is harmless, too short earns another 429.
    return std::chrono::milliseconds(static_cast<long long>(std::ceil(std::min(seconds, 86400.0) * 1000.0)));
}

RestRateLimiter::RestRateLimiter(std::chrono::milliseconds server_error_backoff) {
    policy_.max_attempts = max_attempts;
    policy_.max_network_failures = max_network_failures;
    policy_.rate_limits_count = true;  // Discord bans IPs that collect too many 429s (D16)
    policy_.retry_statuses = {500, 502, 504};
    policy_.backoff = net::Backoff{server_error_backoff, server_error_backoff * 64, /*jitter=*/false};
}

std::string RestRateLimiter::state_key(const RestRoute& route) const {
    auto bucket = bucket_of_route_.find(route.route);
    const std::string& name = bucket == bucket_of_route_.end() ? route.route : bucket->second;
    return name + "|" + route.major;
}

SteadyTime RestRateLimiter::earliest_send(const RestRoute& route, SteadyTime now) const {
    SteadyTime earliest = std::max(now, global_until_);
    auto state = buckets_.find(state_key(route));
    if (state != buckets_.end() && state->second.remaining <= 0 && state->second.reset_at > earliest) {
        earliest = state->second.reset_at;
    }
    return earliest;
}

void RestRateLimiter::sending(const RestRoute& route, SteadyTime now) {
    auto state = buckets_.find(state_key(route));
    if (state == buckets_.end()) return;
    if (state->second.reset_at <= now) return;  // the window has passed; the response will tell
    --state->second.remaining;
}

RetryDecision RestRateLimiter::on_response(const RestRoute& route, const RateLimitFacts& facts, int attempt,
                                           SteadyTime now) {
    if (facts.bucket) bucket_of_route_[route.route] = *facts.bucket;
    const std::string key = state_key(route);
    if (facts.remaining && facts.reset_after) {
        buckets_[key] = BucketState{*facts.remaining, now + seconds_to_milliseconds(*facts.reset_after)};
    }

    RetryDecision decision;
    if (facts.status == 429) {
        const auto wait = seconds_to_milliseconds(facts.retry_after.value_or(facts.reset_after.value_or(1.0)));
        if (facts.global) {
            global_until_ = std::max(global_until_, now + wait);
            spdlog::warn("discord: global rate limit, pausing all requests for {} ms", wait.count());
        } else {
            auto& state = buckets_[key];
            state.remaining = 0;
            state.reset_at = std::max(state.reset_at, now + wait);
            spdlog::warn("discord: rate limited on {} for {} ms", route.route, wait.count());
        }
        decision.retry = policy_.after_rate_limit(wait, attempt).retry;
        decision.delay = wait;
        return decision;
    }
    const net::RetryStep step = policy_.after_status(static_cast<unsigned>(facts.status), attempt);
    decision.retry = step.retry;
    decision.delay = std::chrono::duration_cast<std::chrono::milliseconds>(step.delay);
    return decision;
}

}  // namespace mentorbot::discord

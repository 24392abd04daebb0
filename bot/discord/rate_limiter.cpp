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

bool exempt_from_global_limit(const RestRoute& route) {
    return route.route.rfind("POST /interactions/", 0) == 0 ||
           route.route.find("/webhooks/{application_id}/{token}") != std::string::npos;
}

RestRateLimiter::RestRateLimiter(std::chrono::milliseconds server_error_backoff) {
    policy_.max_attempts = max_attempts;
    policy_.max_network_failures = max_network_failures;
    // A 429 is Discord saying when to come back, not a failure: the call waits it out
    // without using up an attempt (handing it back to the outbox would only delay it).
    // 429s stay rare (D16's ban threshold) because every known window is obeyed first.
    policy_.rate_limits_count = false;
    policy_.retry_statuses = {500, 502, 504};
    policy_.backoff = net::Backoff{server_error_backoff, server_error_backoff * 64, /*jitter=*/false};
}

std::string RestRateLimiter::state_key(const RestRoute& route) const {
    auto bucket = bucket_of_route_.find(route.route);
    const std::string& name = bucket == bucket_of_route_.end() ? route.route : bucket->second;
    return name + "|" + route.major;
}

SteadyTime RestRateLimiter::earliest_send(const RestRoute& route, SteadyTime now) const {
    const SteadyTime free = exempt_from_global_limit(route) ? now : std::max(now, global_until_);
    auto found = buckets_.find(state_key(route));
    if (found == buckets_.end()) return free;
    const BucketState& state = found->second;
    if (!state.known) return free;  // no limit heard of on this route
    if (state.limited_until > now) return std::max(free, state.limited_until);
    if (state.reset_at > now) return state.remaining > 0 ? free : std::max(free, state.reset_at);
    // The window is over, but a request is still out: its answer says how many may go
    // in the new one. Until then the rest wait, so they do not all leave together.
    if (state.in_flight > 0) return std::max(free, now + answer_wait);
    return free;
}

void RestRateLimiter::sending(const RestRoute& route, SteadyTime now) {
    forget_idle(now);
    BucketState& state = buckets_[state_key(route)];
    if (state.known && state.reset_at > now) --state.remaining;
    ++state.in_flight;
    state.last_used = now;
}

void RestRateLimiter::answered(const std::string& key, SteadyTime now) {
    auto found = buckets_.find(key);
    if (found == buckets_.end()) return;
    BucketState& state = found->second;
    if (state.in_flight > 0) --state.in_flight;
    state.last_used = now;
}

void RestRateLimiter::unanswered(const RestRoute& route, SteadyTime now) {
    const std::string key = state_key(route);
    answered(key, now);
    auto found = buckets_.find(key);
    if (found != buckets_.end() && !found->second.known && found->second.in_flight == 0) buckets_.erase(found);
}

void RestRateLimiter::forget_idle(SteadyTime now) {
    if (now - last_sweep_ < std::chrono::seconds(10)) return;
    last_sweep_ = now;
    std::erase_if(buckets_, [now](const auto& entry) {
        const BucketState& state = entry.second;
        return state.in_flight == 0 && now - state.last_used >= forget_after &&
               (!state.known || now - state.reset_at >= forget_after);
    });
}

RetryDecision RestRateLimiter::on_response(const RestRoute& route, const RateLimitFacts& facts, int attempt,
                                           SteadyTime now) {
    const std::string sent_key = state_key(route);
    if (facts.bucket) bucket_of_route_[route.route] = *facts.bucket;
    const std::string key = state_key(route);
    if (key != sent_key) {
        // First word of the route's Discord bucket: requests still out were counted
        // under the route's own name.
        if (auto old = buckets_.find(sent_key); old != buckets_.end()) {
            buckets_[key].in_flight += old->second.in_flight;
            buckets_.erase(old);
        }
    }
    answered(key, now);
    BucketState& state = buckets_[key];
    state.last_used = now;
    if (facts.remaining && facts.reset_after && state.limited_until <= now) {
        state.known = true;
        // Requests still out were sent before Discord counted this one, or after: either
        // way they will use some of what is left.
        state.remaining = std::max(0, *facts.remaining - state.in_flight);
        state.reset_at = now + seconds_to_milliseconds(*facts.reset_after);
    }

    RetryDecision decision;
    if (facts.status == 429) {
        const auto wait = seconds_to_milliseconds(facts.retry_after.value_or(facts.reset_after.value_or(1.0)));
        if (facts.global) {
            global_until_ = std::max(global_until_, now + wait);
            spdlog::warn("discord: global rate limit, pausing all requests for {} ms", wait.count());
        } else {
            state.known = true;
            state.remaining = 0;
            state.reset_at = now + wait;  // the newest word on this bucket
            state.limited_until = std::max(state.limited_until, now + wait);
            spdlog::warn("discord: rate limited on {} for {} ms", route.route, wait.count());
        }
        decision.retry = policy_.after_rate_limit(wait, attempt).retry;
        decision.delay = wait;
    } else {
        const net::RetryStep step = policy_.after_status(static_cast<unsigned>(facts.status), attempt);
        decision.retry = step.retry;
        decision.delay = std::chrono::duration_cast<std::chrono::milliseconds>(step.delay);
    }
    if (!state.known && state.in_flight == 0) buckets_.erase(key);  // nothing to remember
    return decision;
}

}  // namespace mentorbot::discord

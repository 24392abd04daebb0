// REST rate-limit bookkeeping: buckets per major parameter, fractional resets, global pauses, 5xx retries.
#include <catch2/catch.hpp>

#include "bot/discord/rate_limiter.h"

using namespace mentorbot::discord;
using namespace std::chrono_literals;

namespace {
const SteadyTime start{std::chrono::hours(5)};
const RestRoute channel_a{"POST /channels/{channel_id}/messages", "111"};
const RestRoute channel_b{"POST /channels/{channel_id}/messages", "222"};
const RestRoute open_dm{"POST /users/@me/channels", ""};
}  // namespace

TEST_CASE("An exhausted bucket waits for its fractional Reset-After", "[discord][ratelimit]") {
    RestRateLimiter limiter;
    CHECK(limiter.earliest_send(channel_a, start) == start);
    RateLimitFacts facts;
    facts.remaining = 0;
    facts.reset_after = 0.25;
    facts.bucket = "abcd";
    CHECK_FALSE(limiter.on_response(channel_a, facts, 1, start).retry);
    CHECK(limiter.earliest_send(channel_a, start) == start + 250ms);
    // Another channel is another major parameter: not limited.
    CHECK(limiter.earliest_send(channel_b, start) == start);
    CHECK(limiter.earliest_send(channel_a, start + 300ms) == start + 300ms);
}

TEST_CASE("Requests in flight use up the remaining count", "[discord][ratelimit]") {
    RestRateLimiter limiter;
    RateLimitFacts facts;
    facts.remaining = 1;
    facts.reset_after = 1.5;
    limiter.on_response(open_dm, facts, 1, start);
    limiter.sending(open_dm, start);
    CHECK(limiter.earliest_send(open_dm, start) == start + 1500ms);
}

TEST_CASE("A 429 waits retry_after on its bucket only", "[discord][ratelimit]") {
    RestRateLimiter limiter;
    RateLimitFacts facts;
    facts.status = 429;
    facts.retry_after = 0.4;
    auto decision = limiter.on_response(open_dm, facts, 1, start);
    CHECK(decision.retry);
    CHECK(decision.delay == 400ms);
    CHECK(limiter.earliest_send(open_dm, start) == start + 400ms);
    CHECK(limiter.earliest_send(channel_a, start) == start);
}

TEST_CASE("A global 429 pauses every route", "[discord][ratelimit]") {
    RestRateLimiter limiter;
    RateLimitFacts facts;
    facts.status = 429;
    facts.retry_after = 1.25;
    facts.global = true;
    CHECK(limiter.on_response(channel_a, facts, 1, start).retry);
    CHECK(limiter.globally_paused(start));
    CHECK(limiter.earliest_send(open_dm, start) == start + 1250ms);
    CHECK(limiter.earliest_send(channel_b, start + 2s) == start + 2s);
}

TEST_CASE("Server errors retry with growing backoff, then give up", "[discord][ratelimit]") {
    RestRateLimiter limiter(100ms);
    RateLimitFacts facts;
    facts.status = 502;
    CHECK(limiter.on_response(channel_a, facts, 1, start).delay == 100ms);
    CHECK(limiter.on_response(channel_a, facts, 2, start).delay == 200ms);
    CHECK(limiter.on_response(channel_a, facts, 3, start).delay == 400ms);
    CHECK_FALSE(limiter.on_response(channel_a, facts, RestRateLimiter::max_attempts, start).retry);
    facts.status = 403;
    CHECK_FALSE(limiter.on_response(channel_a, facts, 1, start).retry);
}

TEST_CASE("Routes sharing a bucket share its state", "[discord][ratelimit]") {
    RestRateLimiter limiter;
    const RestRoute edit{"PATCH /channels/{channel_id}/messages/{message_id}", "111"};
    RateLimitFacts facts;
    facts.bucket = "shared";
    facts.remaining = 0;
    facts.reset_after = 2.0;
    limiter.on_response(channel_a, facts, 1, start);
    facts.remaining = 0;
    limiter.on_response(edit, facts, 1, start);
    CHECK(limiter.earliest_send(edit, start) == start + 2s);
    CHECK(limiter.earliest_send(channel_a, start) == start + 2s);
}

TEST_CASE("A limit learned while a request waited for a connection still holds it back", "[discord][ratelimit]") {
    RestRateLimiter limiter;
    // Two requests were let through before any answer; one of them meets a 429.
    CHECK(limiter.earliest_send(channel_a, start) == start);
    limiter.sending(channel_a, start);
    RateLimitFacts limited;
    limited.status = 429;
    limited.retry_after = 0.5;
    limited.bucket = "messages";
    limiter.on_response(channel_a, limited, 1, start + 10ms);
    // The other asks again right before it leaves: it must wait the window out.
    CHECK(limiter.earliest_send(channel_a, start + 10ms) == start + 510ms);
}

TEST_CASE("After a window, queued requests leave one at a time as the answers allow", "[discord][ratelimit]") {
    RestRateLimiter limiter;
    RateLimitFacts limited;
    limited.status = 429;
    limited.retry_after = 0.5;
    limiter.on_response(channel_a, limited, 1, start);
    const SteadyTime after = start + 500ms;
    // The window is over, but how many may go is unknown: one goes and asks.
    CHECK(limiter.earliest_send(channel_a, after) == after);
    limiter.sending(channel_a, after);
    CHECK(limiter.earliest_send(channel_a, after) > after);
    // Its answer says two more may go in this window: two leave, the third waits.
    RateLimitFacts fine;
    fine.remaining = 2;
    fine.reset_after = 1.0;
    limiter.on_response(channel_a, fine, 1, after + 5ms);
    const SteadyTime answered = after + 5ms;
    for (int i = 0; i < 2; ++i) {
        CHECK(limiter.earliest_send(channel_a, answered) == answered);
        limiter.sending(channel_a, answered);
    }
    CHECK(limiter.earliest_send(channel_a, answered) == answered + 1s);
}

TEST_CASE("Requests still out count against what an answer says is left", "[discord][ratelimit]") {
    RestRateLimiter limiter;
    RateLimitFacts facts;
    facts.remaining = 4;
    facts.reset_after = 1.0;
    limiter.on_response(channel_a, facts, 1, start);
    for (int i = 0; i < 4; ++i) limiter.sending(channel_a, start);
    // The first answer says 4 left, but three more requests are still out.
    limiter.on_response(channel_a, facts, 1, start + 1ms);
    CHECK(limiter.earliest_send(channel_a, start + 1ms) == start + 1ms);
    limiter.sending(channel_a, start + 1ms);
    CHECK(limiter.earliest_send(channel_a, start + 1ms) == start + 1001ms);
}

TEST_CASE("A 429 never uses up an attempt", "[discord][ratelimit]") {
    RestRateLimiter limiter;
    RateLimitFacts facts;
    facts.status = 429;
    facts.retry_after = 0.1;
    CHECK(limiter.on_response(channel_a, facts, RestRateLimiter::max_attempts * 3, start).retry);
    CHECK_FALSE(limiter.policy().rate_limits_count);
}

TEST_CASE("Interaction answers are exempt from a global 429, nothing else is", "[discord][ratelimit]") {
    RestRateLimiter limiter;
    RateLimitFacts facts;
    facts.status = 429;
    facts.retry_after = 2.0;
    facts.global = true;
    limiter.on_response(channel_a, facts, 1, start);
    const RestRoute callback{"POST /interactions/{interaction_id}/{token}/callback", "1234"};
    const RestRoute edit{"PATCH /webhooks/{application_id}/{token}/messages/@original", "900/tok"};
    const RestRoute follow_up{"POST /webhooks/{application_id}/{token}", "900/tok"};
    CHECK(limiter.earliest_send(callback, start) == start);
    CHECK(limiter.earliest_send(edit, start) == start);
    CHECK(limiter.earliest_send(follow_up, start) == start);
    CHECK(limiter.earliest_send(open_dm, start) == start + 2s);
}

TEST_CASE("Rate-limit state of past interactions is forgotten", "[discord][ratelimit]") {
    RestRateLimiter limiter;
    RateLimitFacts facts;
    facts.remaining = 4;
    facts.reset_after = 1.0;
    facts.bucket = "callbacks";
    for (int i = 0; i < 100; ++i) {
        // The key holds the interaction (and for webhooks its token).
        const RestRoute callback{"POST /interactions/{interaction_id}/{token}/callback", std::to_string(i)};
        limiter.sending(callback, start);
        limiter.on_response(callback, facts, 1, start);
    }
    CHECK(limiter.tracked_buckets() == 100);
    // A route that never said a limit leaves nothing behind once answered.
    limiter.sending(open_dm, start);
    limiter.on_response(open_dm, RateLimitFacts{}, 1, start);
    CHECK(limiter.tracked_buckets() == 100);
    // A minute past their windows they are gone; only the request now out is tracked.
    limiter.sending(channel_a, start + RestRateLimiter::forget_after + 2s);
    CHECK(limiter.tracked_buckets() == 1);
}

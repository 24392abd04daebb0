// The per-member limit counts commands over a sliding minute and says how long to wait.
#include <catch2/catch.hpp>

#include "domain/rate_limiter.h"

using namespace mentorbot;

TEST_CASE("the rate limit slides: commands leave the count a minute after they came", "[rate-limit]") {
    RateLimiter limiter(3);
    const Seconds start = from_unix(1'000'000);
    auto at = [&](int second) { return start + std::chrono::seconds{second}; };
    CHECK(limiter.admit("ana", at(0)) == 0);
    CHECK(limiter.admit("ana", at(0)) == 0);
    CHECK(limiter.admit("ana", at(30)) == 0);
    // The fourth within the minute waits until the two from second 0 have left.
    CHECK(limiter.admit("ana", at(31)) == 29);
    CHECK(limiter.admit("ben", at(31)) == 0);  // others are not affected
    CHECK(limiter.admit("ana", at(60)) == 0);
    CHECK(limiter.admit("ana", at(60)) == 0);
    CHECK(limiter.admit("ana", at(61)) == 29);  // second 30 and two at 60 still count
    CHECK(limiter.admit("ana", at(90)) == 0);
}

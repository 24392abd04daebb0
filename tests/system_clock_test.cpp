// The real clock the console runs on: shifted forward by :advance, held still by :time.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "domain/clock.h"

namespace {

using namespace std::chrono_literals;

// Waits (at most a few seconds) until the system clock shows a different second than `from`.
void wait_for_next_system_second(std::chrono::sys_seconds from) {
    for (int tries = 0; tries < 400; ++tries) {
        if (std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) != from) return;
        std::this_thread::sleep_for(10ms);
    }
}

}  // namespace

TEST_CASE("a held console clock stands still between lines and moves only when advanced", "[clock][console]") {
    mentorbot::SystemClock clock;
    const mentorbot::Seconds set_time = mentorbot::from_unix(1795683600);  // Thu 26 Nov 2026 09:00 UTC
    clock.hold_at(set_time);
    wait_for_next_system_second(std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
    // A second of real time passed: a script's accept still sees the hour it set.
    CHECK(clock.now() == set_time);
    clock.advance(10min);
    CHECK(clock.now() == set_time + 10min);
    clock.hold_at(set_time - 24h);
    CHECK(clock.now() == set_time - 24h);
}

TEST_CASE("an unheld console clock follows real time shifted by what was advanced", "[clock][console]") {
    mentorbot::SystemClock clock;
    clock.advance(24h);
    const auto real = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    const mentorbot::Seconds shifted = clock.now();
    // Read after the real clock, so at least a day ahead of it, and not a second day.
    CHECK(shifted >= real + 24h);
    CHECK(shifted < real + 25h);
}

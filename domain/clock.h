// Time as a service: production reads the system clock, tests and the console move time by hand.
#pragma once

#include <atomic>
#include <chrono>
#include <limits>

namespace mentorbot {

using Seconds = std::chrono::sys_seconds;

class Clock {
public:
    virtual ~Clock() = default;
    virtual Seconds now() const = 0;
};

// The real clock, optionally shifted forward (the console's `:advance` uses this so a
// person trying the bot can watch an offer expire without waiting half an hour), or held
// at a set time (the console's `:time`, so a script replays the same way however fast the
// machine runs it: a suggested slot is "at least 30 min from now", and a second that
// passes between two lines would move it by a quarter hour).
class SystemClock final : public Clock {
public:
    Seconds now() const override {
        const long long held = held_.load();
        if (held != not_held) return Seconds{std::chrono::seconds{held}};
        return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) +
               std::chrono::seconds{offset_.load()};
    }
    void advance(std::chrono::seconds by) {
        if (held_.load() != not_held) {
            held_ += by.count();
        } else {
            offset_ += by.count();
        }
    }
    // From now on the clock stands at `at` and moves only with advance.
    void hold_at(Seconds at) { held_ = at.time_since_epoch().count(); }

private:
    static constexpr long long not_held = std::numeric_limits<long long>::min();
    // Atomic: the console's dashboard listener reads the clock on a thread of its own.
    std::atomic<long long> offset_{0};
    std::atomic<long long> held_{not_held};
};

// A clock that only moves when told to: for tests.
class ManualClock final : public Clock {
public:
    explicit ManualClock(Seconds start) : now_(start) {}
    Seconds now() const override { return now_; }
    void advance(std::chrono::seconds by) { now_ += by; }
    void set(Seconds to) { now_ = to; }

private:
    Seconds now_;
};

inline long long to_unix(Seconds time) { return time.time_since_epoch().count(); }
inline Seconds from_unix(long long seconds) { return Seconds{std::chrono::seconds{seconds}}; }

}  // namespace mentorbot

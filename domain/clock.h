// Time as a service: production reads the system clock, tests and the console move time by hand.
#pragma once

#include <atomic>
#include <chrono>

namespace mentorbot {

using Seconds = std::chrono::sys_seconds;

class Clock {
public:
    virtual ~Clock() = default;
    virtual Seconds now() const = 0;
};

// The real clock, optionally shifted forward (the console's `:advance` uses this so a
// person trying the bot can watch an offer expire without waiting half an hour).
class SystemClock final : public Clock {
public:
    Seconds now() const override {
        return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) +
               std::chrono::seconds{offset_.load()};
    }
    void advance(std::chrono::seconds by) { offset_ += by.count(); }

private:
    // Atomic: the console's dashboard listener reads the clock on a thread of its own.
    std::atomic<long long> offset_{0};
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

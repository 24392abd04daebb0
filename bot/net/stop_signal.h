// A shared "stop now" flag whose sleeps wake early when it is raised, for clients that outlive their calls.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <vector>

namespace mentorbot::net {

// Coroutines keep a shared_ptr to it, so after their client is gone they can still ask
// whether to stop (and must not touch the client when it says yes).
class StopSignal {
public:
    explicit StopSignal(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

    bool stopped() const { return stopped_; }
    // Raises the flag and wakes every sleeper.
    void stop();
    // Sleeps until `when`, or until stop() (check stopped() afterwards).
    boost::asio::awaitable<void> sleep_until(std::chrono::steady_clock::time_point when);

private:
    boost::asio::any_io_executor executor_;
    std::vector<std::weak_ptr<boost::asio::steady_timer>> sleepers_;
    bool stopped_ = false;
};

// Sleeps that end early when wake() is called: for coroutines waiting on state that
// other coroutines change (a rate-limit answer that may let them go sooner). Waking
// is a hint to look again, never a promise that the wait is over.
class WakeSignal {
public:
    explicit WakeSignal(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

    // Wakes every sleeper now.
    void wake();
    // Sleeps until `when`, or until the next wake().
    boost::asio::awaitable<void> sleep_until(std::chrono::steady_clock::time_point when);

private:
    boost::asio::any_io_executor executor_;
    std::vector<std::weak_ptr<boost::asio::steady_timer>> sleepers_;
};

}  // namespace mentorbot::net

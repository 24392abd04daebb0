// Polls a condition from the test's own thread until it holds or a time limit passes.
#pragma once

#include <chrono>
#include <thread>

namespace mentorbot::testing {

// Checks `condition` every `interval` for at most `timeout`; returns whether it held.
template <typename Condition>
bool wait_until(Condition condition, std::chrono::steady_clock::duration timeout,
                std::chrono::steady_clock::duration interval = std::chrono::milliseconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(interval);
    }
    return true;
}

}  // namespace mentorbot::testing

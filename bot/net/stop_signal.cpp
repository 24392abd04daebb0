// Interruptible sleeps for HTTP clients that shut down while calls wait.
#include "bot/net/stop_signal.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mentorbot::net {

namespace asio = boost::asio;

void StopSignal::stop() {
    stopped_ = true;
    for (auto& sleeper : sleepers_) {
        if (auto timer = sleeper.lock()) timer->cancel();
    }
    sleepers_.clear();
}

asio::awaitable<void> StopSignal::sleep_until(std::chrono::steady_clock::time_point when) {
    if (stopped_) co_return;
    auto timer = std::make_shared<asio::steady_timer>(executor_, when);
    std::erase_if(sleepers_, [](const auto& weak) { return weak.expired(); });
    sleepers_.push_back(timer);
    co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
}

void WakeSignal::wake() {
    auto sleepers = std::move(sleepers_);
    sleepers_.clear();
    for (auto& sleeper : sleepers) {
        if (auto timer = sleeper.lock()) timer->cancel();
    }
}

asio::awaitable<void> WakeSignal::sleep_until(std::chrono::steady_clock::time_point when) {
    auto timer = std::make_shared<asio::steady_timer>(executor_, when);
    std::erase_if(sleepers_, [](const auto& weak) { return weak.expired(); });
    sleepers_.push_back(timer);
    co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
}

}  // namespace mentorbot::net

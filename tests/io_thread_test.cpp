// A network thread of its own: work runs there and not on the caller's, survives a throwing handler, ends on request.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bot/net/io_thread.h"

using namespace mentorbot;
namespace asio = boost::asio;
using namespace std::chrono_literals;

TEST_CASE("work given to a network thread runs on it, not on the caller's, and finish waits for it to end",
          "[net][thread]") {
    net::IoThread thread("test-net");
    std::promise<std::thread::id> ran_on;
    asio::post(thread.executor(), [&] { ran_on.set_value(std::this_thread::get_id()); });
    auto ran = ran_on.get_future();
    REQUIRE(ran.wait_for(10s) == std::future_status::ready);
    CHECK(ran.get() != std::this_thread::get_id());

    // A short timer still pending when finish() is asked: its handler runs before the thread ends.
    std::atomic<bool> timer_fired = false;
    auto timer = std::make_shared<asio::steady_timer>(thread.executor(), 20ms);
    timer->async_wait([&, timer](boost::system::error_code error) { timer_fired = !error; });
    thread.finish(10s);
    CHECK(timer_fired);
}

TEST_CASE("a network thread goes on after a handler throws", "[net][thread]") {
    net::IoThread thread("test-net");
    asio::post(thread.executor(), [] { throw std::runtime_error("a bug in one handler"); });
    std::promise<void> later;
    asio::post(thread.executor(), [&] { later.set_value(); });
    CHECK(later.get_future().wait_for(10s) == std::future_status::ready);
}

TEST_CASE("finishing a network thread abandons a wait that nothing would end", "[net][thread]") {
    std::atomic<bool> handler_ran = false;
    {
        net::IoThread thread("test-net");
        auto timer = std::make_shared<asio::steady_timer>(thread.executor(), 1h);
        timer->async_wait([&, timer](boost::system::error_code) { handler_ran = true; });
        // Returns after the grace, not after the hour: the timer's handler is dropped unrun.
        thread.finish(50ms);
        thread.finish(50ms);  // twice is harmless
    }
    CHECK_FALSE(handler_ran);
}

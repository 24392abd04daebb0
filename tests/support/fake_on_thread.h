// A fake platform server on its own thread, for tests that run the real binary against it.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <thread>

#include "tests/support/test_ca.h"

namespace mentorbot::testing {

// `Fake` is built on this object's io_context; run() starts it and the thread, finish()
// stops both so the fake's records can be read from the test's thread.
template <typename Fake>
struct FakeOnThread {
    boost::asio::io_context io;
    Fake fake;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work = boost::asio::make_work_guard(io);
    std::thread thread;

    explicit FakeOnThread(const TestCertificates& certificates) : fake(io, certificates) {}
    // A failed REQUIRE unwinds through here: stop the thread rather than terminate.
    ~FakeOnThread() {
        if (thread.joinable()) finish();
    }
    void run() {
        fake.start();
        thread = std::thread([this] { io.run_for(std::chrono::seconds(60)); });  // bounded: never hangs the suite
    }
    void finish() {
        boost::asio::post(io, [this] { fake.stop(); });
        work.reset();
        thread.join();
    }
};

}  // namespace mentorbot::testing

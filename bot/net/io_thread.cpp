// The thread behind IoThread: runs its io_context until told to finish, surviving a handler's throw.
#include "bot/net/io_thread.h"

#include <pthread.h>

#include <spdlog/spdlog.h>

namespace mentorbot::net {

// One thread runs the io_context (others only post to it): the hint spares Asio some locking.
IoThread::IoThread(std::string name) : name_(std::move(name)), io_(1), keep_running_(io_.get_executor()) {
    thread_ = std::thread([this, name = name_] {
        pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
        // A handler that throws is a bug, but it must not take the process down with it:
        // the rest of the queue still runs.
        for (;;) {
            try {
                io_.run();
                return;
            } catch (const std::exception& error) {
                spdlog::error("{}: a network handler failed: {}", name, error.what());
            }
        }
    });
}

IoThread::~IoThread() { finish(); }

void IoThread::finish(std::chrono::milliseconds grace) {
    if (!thread_.joinable()) return;
    keep_running_.reset();
    // run() returns by itself once the last operation on this thread is over; a wait that
    // nothing will end (a rate limit's far timer) is cut short after the grace.
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (!io_.stopped() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!io_.stopped()) spdlog::warn("{}: stopping with work still waiting after {} ms", name_, grace.count());
    io_.stop();
    thread_.join();
}

}  // namespace mentorbot::net

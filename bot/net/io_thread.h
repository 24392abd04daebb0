// A thread of its own running an io_context: network work that should not queue behind commands.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace mentorbot::net {

// Whatever is bound to executor() runs on this thread only. The owner ends it with
// finish() (or the destructor) before anything bound to it goes away.
class IoThread {
public:
    // `name` shows in top and perf (at most 15 characters).
    explicit IoThread(std::string name);
    ~IoThread();
    IoThread(const IoThread&) = delete;
    IoThread& operator=(const IoThread&) = delete;

    boost::asio::any_io_executor executor() { return io_.get_executor(); }
    bool running_here() const { return std::this_thread::get_id() == thread_.get_id(); }

    // Lets the thread end once nothing is left to do on it, and waits for it; after `grace`
    // what is still waiting (a far timer, say) is abandoned. Safe to call twice.
    void finish(std::chrono::milliseconds grace = std::chrono::seconds(2));

private:
    std::string name_;
    boost::asio::io_context io_;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> keep_running_;
    std::thread thread_;
};

}  // namespace mentorbot::net

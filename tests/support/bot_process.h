// The real mentorbot binary as a child process the test can signal, kill -9 and restart.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace mentorbot::testing {

// Starts MENTORBOT_BINARY with `arguments`, the test's environment plus `environment`
// ("NAME=value" entries, which win over inherited ones), standard input from /dev/null
// and standard output and error appended to `log_path`. The destructor kills -9 a
// process that is still running, so a failing test never leaves one behind.
class BotProcess {
public:
    BotProcess(const std::vector<std::string>& arguments, const std::vector<std::string>& environment,
               const std::string& log_path);
    ~BotProcess();
    BotProcess(const BotProcess&) = delete;
    BotProcess& operator=(const BotProcess&) = delete;

    pid_t pid() const { return pid_; }
    void send_signal(int signal_number);
    // Waits at most `timeout`: the exit code, or minus the signal that ended it;
    // nullopt when it is still running.
    std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);
    // SIGKILL and reap.
    void kill_now();
    bool running() const { return pid_ > 0 && !status_; }

private:
    pid_t pid_ = -1;
    std::optional<int> status_;
};

}  // namespace mentorbot::testing

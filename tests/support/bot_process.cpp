// posix_spawn for the binary under test: no shell and no `timeout` wrapper, so the pid is the bot's own.
#include "tests/support/bot_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstring>
#include <map>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace mentorbot::testing {

BotProcess::BotProcess(const std::vector<std::string>& arguments, const std::vector<std::string>& environment,
                       const std::string& log_path) {
    std::map<std::string, std::string> variables;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string text(*entry);
        variables[text.substr(0, text.find('='))] = text;
    }
    for (const auto& text : environment) variables[text.substr(0, text.find('='))] = text;
    std::vector<std::string> argument_texts = {MENTORBOT_BINARY};
    argument_texts.insert(argument_texts.end(), arguments.begin(), arguments.end());

    std::vector<char*> argv;
    for (auto& text : argument_texts) argv.push_back(text.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& [name, text] : variables) envp.push_back(text.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    int failed = posix_spawn(&pid_, MENTORBOT_BINARY, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (failed != 0) throw std::runtime_error(std::string("cannot start mentorbot: ") + std::strerror(failed));
}

BotProcess::~BotProcess() {
    if (running()) kill_now();
}

void BotProcess::send_signal(int signal_number) {
    if (running()) ::kill(pid_, signal_number);
}

std::optional<int> BotProcess::wait_for_exit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!status_) {
        int raw = 0;
        pid_t done = ::waitpid(pid_, &raw, WNOHANG);
        if (done == pid_) {
            status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : WIFSIGNALED(raw) ? -WTERMSIG(raw) : -1;
            break;
        }
        if (done < 0 || std::chrono::steady_clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return status_;
}

void BotProcess::kill_now() {
    if (!running()) return;
    ::kill(pid_, SIGKILL);
    wait_for_exit(std::chrono::seconds(10));
}

}  // namespace mentorbot::testing

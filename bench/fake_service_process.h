// Runs a fake platform server in a child process, so a benchmark's own figures are the bot's alone.
#pragma once

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <functional>
#include <string>

namespace mentorbot::bench {

// The parent's side of the child: where the fake listens, and a pipe the child writes
// its final report to and closes when the load is over.
struct FakeServiceProcess {
    pid_t pid = -1;
    std::string address;  // what the child wrote first, e.g. the fake's API base URL
    int done_fd = -1;     // readable end: the report, then end of file

    // Waits for the child; true when it exited with status 0.
    bool wait() const {
        int status = 0;
        return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
};

// Forks; the child runs `child(address_fd, done_fd)`, which must write its address and a
// newline to `address_fd`, serve, write its report to `done_fd` and never return. Call
// before any thread starts. Exits the program if the fork fails.
inline FakeServiceProcess start_fake_service(const std::function<void(int address_fd, int done_fd)>& child) {
    int address_pipe[2];
    int done_pipe[2];
    if (pipe(address_pipe) != 0 || pipe(done_pipe) != 0) std::exit(1);
    FakeServiceProcess process;
    const pid_t parent = getpid();
    process.pid = fork();
    if (process.pid < 0) std::exit(1);
    if (process.pid == 0) {
        // A bot that dies mid-run (or is interrupted) takes its load generator with it,
        // instead of leaving it waiting for a connection that never comes back.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) std::_Exit(1);
        close(address_pipe[0]);
        close(done_pipe[0]);
        child(address_pipe[1], done_pipe[1]);
        std::_Exit(0);
    }
    close(address_pipe[1]);
    close(done_pipe[1]);
    for (char c; read(address_pipe[0], &c, 1) == 1 && c != '\n';) process.address += c;
    close(address_pipe[0]);
    process.done_fd = done_pipe[0];
    return process;
}

}  // namespace mentorbot::bench

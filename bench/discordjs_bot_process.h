// Runs the discord.js baseline bot (bench/discordjs/bot.js) under node in a child process and reads its memory and CPU
// time.
#pragma once

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace mentorbot::bench {

// Where the baseline lives in the source tree.
inline std::string discordjs_directory() { return std::string(MENTORBOT_SOURCE_DIR) + "/bench/discordjs"; }

// The node executable found on PATH; empty when there is none.
inline std::string find_node() {
    const char* path = std::getenv("PATH");
    std::stringstream entries(path ? path : "");
    for (std::string entry; std::getline(entries, entry, ':');) {
        const std::string candidate = (entry.empty() ? "." : entry) + "/node";
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return {};
}

// Why the baseline cannot run (empty when it can): node missing, or its packages not installed.
inline std::string discordjs_missing(const std::string& node) {
    if (node.empty()) return "node is not on PATH (scripts/install-deps.sh --with-tests installs it)";
    struct stat info {};
    const std::string modules = discordjs_directory() + "/node_modules/discord.js";
    if (stat(modules.c_str(), &info) != 0)
        return "bench/discordjs has no node_modules: run `npm ci --prefix bench/discordjs`";
    return {};
}

// The node process serving the baseline bot.
class DiscordjsBotProcess {
public:
    // Starts node on bot.js against `api` (the fake's base URL up to /api: discord.js adds
    // the version) with `token`, trusting the CA in `ca_file`. Its stdout goes nowhere, its
    // errors to ours. Exits the program if the fork fails.
    DiscordjsBotProcess(const std::string& node, const std::string& api, const std::string& token,
                        const std::string& ca_file) {
        const pid_t parent = getpid();
        pid_ = fork();
        if (pid_ < 0) std::exit(1);
        if (pid_ != 0) return;
        // A bench that dies takes the bot with it.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) std::_Exit(1);
        const int quiet = open("/dev/null", O_WRONLY);
        if (quiet >= 0) dup2(quiet, STDOUT_FILENO);
        setenv("DISCORD_API", api.c_str(), 1);
        setenv("DISCORD_TOKEN", token.c_str(), 1);
        setenv("NODE_EXTRA_CA_CERTS", ca_file.c_str(), 1);
        const std::string script = discordjs_directory() + "/bot.js";
        execl(node.c_str(), node.c_str(), script.c_str(), static_cast<char*>(nullptr));
        std::perror("exec node");
        std::_Exit(127);
    }
    ~DiscordjsBotProcess() { stop(); }
    DiscordjsBotProcess(const DiscordjsBotProcess&) = delete;
    DiscordjsBotProcess& operator=(const DiscordjsBotProcess&) = delete;

    pid_t pid() const { return pid_; }

    // True while node runs (a failed login ends it).
    bool running() {
        if (pid_ <= 0) return false;
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return false;
        }
        return true;
    }

    // A line of /proc/<pid>/status such as VmHWM (peak resident) or VmRSS, in KiB; -1 if unreadable.
    long status_kib(const std::string& field) const {
        std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
        for (std::string line; std::getline(status, line);) {
            if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
        }
        return -1;
    }

    // User plus system CPU time node has used since it started, in seconds.
    double cpu_seconds() const {
        std::ifstream stat_file("/proc/" + std::to_string(pid_) + "/stat");
        std::string text((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
        // Fields after the command name (which may hold spaces) start after its ')'.
        const auto close = text.rfind(')');
        if (close == std::string::npos) return -1;
        std::istringstream fields(text.substr(close + 2));
        std::string field;
        // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
        for (int i = 0; i < 11; ++i) fields >> field;
        long user = 0;
        long system = 0;
        fields >> user >> system;
        return static_cast<double>(user + system) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }

    // Asks node to leave (the bot closes its gateway connection), then waits for it.
    void stop() {
        if (pid_ <= 0) return;
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
    }

private:
    pid_t pid_ = -1;
};

}  // namespace mentorbot::bench

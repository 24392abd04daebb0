// Process runner for end-to-end tests.
#include "tests/support/run_binary.h"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace mentorbot::testing {

std::string read_text_file(const std::string& path) {
    std::ifstream file(path);
    std::stringstream content;
    content << file.rdbuf();
    return content.str();
}

BinaryRun run_mentorbot(const TempDirectory& directory, const std::string& arguments, const std::string& script,
                        const std::string& environment) {
    std::ofstream(directory.file("script.txt")) << script;
    // A bounded run: a hung binary fails the test instead of hanging the suite.
    std::string command = environment + " timeout 60 " + std::string(MENTORBOT_BINARY) + " " + arguments + " < " +
                          directory.file("script.txt") + " > " + directory.file("out.txt") + " 2> " +
                          directory.file("err.txt");
    int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text_file(directory.file("out.txt")),
            read_text_file(directory.file("err.txt"))};
}

}  // namespace mentorbot::testing

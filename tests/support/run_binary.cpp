// Process runner for end-to-end tests.
#include "tests/support/run_binary.h"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>

namespace mentorbot::testing {

namespace {

int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

}  // namespace

BinaryRun run_mentorbot(const TempDirectory& directory, const std::string& arguments, const std::string& script,
                        const std::string& environment) {
    std::ofstream(directory.file("script.txt")) << script;
    // A bounded run: a hung binary fails the test instead of hanging the suite.
    std::string command = environment + " timeout 60 " + std::string(MENTORBOT_BINARY) + " " + arguments + " < " +
                          directory.file("script.txt") + " > " + directory.file("out.txt") + " 2> " +
                          directory.file("err.txt");
    int status = std::system(command.c_str());
    return {exit_code_of(status), read_text_file(directory.file("out.txt")), read_text_file(directory.file("err.txt"))};
}

int run_mentorbot_to_file(const std::string& arguments, const std::string& input_file, const std::string& output_file) {
    // Bounded like run_mentorbot: a hung binary fails the test instead of hanging the suite.
    const std::string command = std::string("timeout 60 '") + MENTORBOT_BINARY + "' " + arguments +
                                (input_file.empty() ? " </dev/null" : " <'" + input_file + "'") + " >'" + output_file +
                                "' 2>&1";
    return exit_code_of(std::system(command.c_str()));
}

}  // namespace mentorbot::testing

// Runs the real mentorbot binary with arguments and a standard-input script, capturing its output.
#pragma once

#include <string>

#include "tests/support/temp_directory.h"

namespace mentorbot::testing {

struct BinaryRun {
    int exit_code = -1;
    std::string output;  // standard output
    std::string errors;  // standard error
};

// `arguments` are passed through the shell as written; `script` becomes standard input.
// `environment` is prefixed to the command line, e.g. "MENTORBOT_ADMINS=console:local:ana".
BinaryRun run_mentorbot(const TempDirectory& directory, const std::string& arguments, const std::string& script,
                        const std::string& environment = {});

std::string read_text_file(const std::string& path);

}  // namespace mentorbot::testing

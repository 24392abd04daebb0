// Runs the real mentorbot binary with arguments and a standard-input script, capturing its output.
#pragma once

#include <string>

#include "tests/support/temp_directory.h"
#include "tests/support/text_file.h"

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

// Runs MENTORBOT_BINARY with `arguments` (through the shell, as written), standard input
// from `input_file` (/dev/null when empty) and standard output and error both written to
// `output_file`; returns the exit code, -1 when it did not exit.
int run_mentorbot_to_file(const std::string& arguments, const std::string& input_file, const std::string& output_file);

}  // namespace mentorbot::testing

// Reads a whole file as text: a database export, a log, the output of a run.
#pragma once

#include "util/text_file.h"

namespace mentorbot::testing {

// The product's own reader (the file's bytes as they are; empty when it cannot be opened),
// declared here rather than copied: a test that uses both namespaces finds one function.
using mentorbot::read_text_file;

}  // namespace mentorbot::testing

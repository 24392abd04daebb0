// Logging setup: one line per event on standard error, level from config or flag.
#pragma once

#include <string>

namespace mentorbot {

// Returns false when `level` is not a known level name.
bool configure_logging(const std::string& level);

}  // namespace mentorbot

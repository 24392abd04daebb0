// Logging setup: one line per event on standard error, level from config or flag.
#pragma once

#include <memory>
#include <string>

#include <spdlog/formatter.h>

namespace mentorbot {

// Returns false when `level` is not a known level name.
bool configure_logging(const std::string& level);
// "time level message", the message's control characters escaped so one event is one line.
std::unique_ptr<spdlog::formatter> make_log_formatter();

}  // namespace mentorbot

// The one answer to a bug of ours: a short apology with the id of the log line.
#pragma once

#include <string>

namespace mentorbot {

// The text shown for an internal error; only the app writes it.
std::string internal_error_text(const std::string& error_id);

}  // namespace mentorbot

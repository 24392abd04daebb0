// Bugs of ours: each gets an id, written to the log and shown in the one apology the caller sees.
#pragma once

#include <string>
#include <string_view>

#include "model/reply.h"

namespace mentorbot {

// The text shown for an internal error; only the app writes it.
std::string internal_error_text(const std::string& error_id);
// The private reply carrying that text.
Reply internal_error_reply(const std::string& error_id);

// Counts and logs internal errors under fresh ids, so support can find the log line
// from the id a member quotes.
class InternalErrors {
public:
    // Logs "[id] what" as an error, counts `commands` commands that ended in it and
    // returns the id.
    std::string record(std::string_view what, long long commands = 1);
    // Commands that ended in an internal error since start.
    long long count() const { return count_; }

private:
    long long count_ = 0;
};

}  // namespace mentorbot

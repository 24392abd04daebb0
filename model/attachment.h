// A file that travels with a message where the platform allows one (a meeting's .ics event).
#pragma once

#include <cstddef>
#include <string>

namespace mentorbot {

struct Attachment {
    std::string name;        // what the reader's client shows and saves it as: "mentoring-session-12.ics"
    std::string media_type;  // "text/calendar; charset=utf-8"
    std::string bytes;

    // A message is a chat message first: a file larger than this is left off (and the links
    // in its text stand in for it), so the outbox never holds large blobs.
    static constexpr std::size_t max_bytes = 64 * 1024;
};

}  // namespace mentorbot

// Substring checks for assertions on reply, message and log text.
#pragma once

#include <string>

#include "model/mention.h"

namespace mentorbot::testing {

// Looks for `part` in the text as a member reads it: the invisible mark on the bot's own
// mentions (model/mention.h) is left out, so "Members: <@console:local:ana>" matches.
inline bool contains(const std::string& text, const std::string& part) {
    return without_mention_marks(text).find(part) != std::string::npos;
}

// The same check under the shorter name the scenario tests read with.
inline bool has(const std::string& text, const std::string& part) { return contains(text, part); }

// Looks for `part` byte for byte, mention marks included: for a part that holds a mention()
// on purpose, and for stored bytes (a database file, an export) rather than text a member reads.
inline bool has_verbatim(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace mentorbot::testing

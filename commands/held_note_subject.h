// What a held note is about, so that it is checked again on the day it goes out.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "storage/database.h"

namespace mentorbot {

// A note held for the member's next working day may be stale by then: the request found a
// mentor, the session was rated, the pairing ended. The subject names what made the note
// worth sending, and is stored with it.
struct HeldNoteSubject {
    enum class Kind {
        always,                // nothing to check: the note stays true
        request_still_waits,   // `id` is a request that has no mentor yet
        feedback_still_open,   // `id` is a session the reader has not rated in its current round
        outcome_still_open,    // `id` is a one-off session still at `slot`, with no outcome or rating yet
        pairing_still_active,  // `id` is a long-term pairing that goes on
    };
    Kind kind = Kind::always;
    long long id = 0;
    long long slot = 0;

    static HeldNoteSubject request_waits(long long request_id) { return {Kind::request_still_waits, request_id, 0}; }
    static HeldNoteSubject feedback_open(long long session_id) { return {Kind::feedback_still_open, session_id, 0}; }
    static HeldNoteSubject outcome_open(long long session_id, long long slot) {
        return {Kind::outcome_still_open, session_id, slot};
    }
    static HeldNoteSubject pairing_active(long long session_id) { return {Kind::pairing_still_active, session_id, 0}; }

    nlohmann::json to_json() const;
    // A payload held before subjects were stored reads as `always`: it goes out as written.
    static HeldNoteSubject from_json(const nlohmann::json& payload);
};

// Whether the note to `reader` about `subject` is still worth sending now.
bool is_still_due(Database& database, const HeldNoteSubject& subject, const std::string& reader);

}  // namespace mentorbot

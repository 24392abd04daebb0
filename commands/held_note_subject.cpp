// What a held note is about, so that it is checked again on the day it goes out.
#include "commands/held_note_subject.h"

#include <array>
#include <string_view>

#include "commands/session_outcomes.h"
#include "storage/feedback_store.h"
#include "storage/request_store.h"
#include "storage/session_store.h"

namespace mentorbot {

namespace {

constexpr std::array<std::pair<HeldNoteSubject::Kind, std::string_view>, 5> kind_names{{
    {HeldNoteSubject::Kind::always, "always"},
    {HeldNoteSubject::Kind::request_still_waits, "request_waits"},
    {HeldNoteSubject::Kind::feedback_still_open, "feedback_open"},
    {HeldNoteSubject::Kind::outcome_still_open, "outcome_open"},
    {HeldNoteSubject::Kind::pairing_still_active, "pairing_active"},
}};

bool request_still_waits(Database& database, long long request_id) {
    const auto request = RequestStore(database).find(request_id);
    return request && !request->requester_id.empty() &&
           (request->is(RequestStatus::fresh) || request->is(RequestStatus::offered) ||
            request->is(RequestStatus::queued));
}

bool feedback_still_open(Database& database, long long session_id, const std::string& reader) {
    const auto session = SessionStore(database).find(session_id);
    if (!session || session->mentor_id.empty() || session->mentee_id.empty()) return false;
    return !FeedbackStore(database).find(session_id, reader, session->feedback_round);
}

bool pairing_still_active(Database& database, long long session_id) {
    const auto session = SessionStore(database).find(session_id);
    return session && session->is(SessionStatus::active) && !session->mentor_id.empty() && !session->mentee_id.empty();
}

}  // namespace

nlohmann::json HeldNoteSubject::to_json() const {
    for (const auto& [known, name] : kind_names) {
        if (known == kind) return {{"kind", name}, {"id", id}, {"slot", slot}};
    }
    return {{"kind", "always"}};
}

HeldNoteSubject HeldNoteSubject::from_json(const nlohmann::json& payload) {
    HeldNoteSubject subject;
    const auto about = payload.find("about");
    if (about == payload.end() || !about->is_object()) return subject;
    const std::string name = about->value("kind", std::string("always"));
    for (const auto& [known, known_name] : kind_names) {
        if (known_name == name) subject.kind = known;
    }
    subject.id = about->value("id", 0LL);
    subject.slot = about->value("slot", 0LL);
    return subject;
}

bool is_still_due(Database& database, const HeldNoteSubject& subject, const std::string& reader) {
    switch (subject.kind) {
        case HeldNoteSubject::Kind::always: return true;
        case HeldNoteSubject::Kind::request_still_waits: return request_still_waits(database, subject.id);
        case HeldNoteSubject::Kind::feedback_still_open: return feedback_still_open(database, subject.id, reader);
        case HeldNoteSubject::Kind::outcome_still_open: {
            const auto session = SessionStore(database).find(subject.id);
            return session && outcome_still_open(database, *session, subject.slot);
        }
        case HeldNoteSubject::Kind::pairing_still_active: return pairing_still_active(database, subject.id);
    }
    return true;
}

}  // namespace mentorbot

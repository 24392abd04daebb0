// A note held for the next working day is checked again when it goes out: stale news is dropped.
#include <catch2/catch.hpp>

#include <chrono>

#include <nlohmann/json.hpp>

#include "commands/held_note_subject.h"
#include "storage/job_keys.h"
#include "storage/job_store.h"
#include "storage/member_store.h"
#include "storage/request_store.h"
#include "storage/session_store.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

// The console name of the mentor a request is offered to.
std::string mentor_of(TestChat& chat, long long request_id) {
    const auto request = RequestStore(chat.database()).find(request_id);
    REQUIRE(request);
    return request->candidate_id.substr(console_member("").size());
}

}  // namespace

TEST_CASE("news that a request waits is stale once it found a mentor", "[flash][dm-budget]") {
    TestChat chat;  // Thursday 09:00 UTC
    chat.run("ana", "/flash request kubernetes");
    const HeldNoteSubject waits = HeldNoteSubject::request_waits(1);
    CHECK(is_still_due(chat.database(), waits, console_member("ana")));
    chat.run(mentor_of(chat, 1), "/flash accept 1");
    CHECK_FALSE(is_still_due(chat.database(), waits, console_member("ana")));
    // A cancelled one has nothing to wait for either.
    chat.run("gia", "/flash request kubernetes");
    chat.run("gia", "/flash cancel 2");
    CHECK_FALSE(is_still_due(chat.database(), HeldNoteSubject::request_waits(2), console_member("gia")));
}

TEST_CASE("a feedback ask is stale for whoever rated and due for the other side", "[flash][dm-budget]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");
    const std::string mentor = mentor_of(chat, 1);
    chat.run(mentor, "/flash accept 1");
    const HeldNoteSubject feedback = HeldNoteSubject::feedback_open(1);
    chat.run("ana", "/feedback session id:1 rating:4");
    CHECK_FALSE(is_still_due(chat.database(), feedback, console_member("ana")));
    CHECK(is_still_due(chat.database(), feedback, console_member(mentor)));
}

TEST_CASE("a did-it-happen ask is stale once answered or moved", "[flash][dm-budget]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");
    const std::string mentor = mentor_of(chat, 1);
    chat.run(mentor, "/flash accept 1");
    const auto session = SessionStore(chat.database()).find(1);
    REQUIRE(session);
    REQUIRE(session->starts_at.has_value());
    const HeldNoteSubject asked = HeldNoteSubject::outcome_open(1, *session->starts_at);
    CHECK(is_still_due(chat.database(), asked, console_member("ana")));
    // An ask about another slot than the session's is about a meeting that moved.
    CHECK_FALSE(is_still_due(chat.database(), HeldNoteSubject::outcome_open(1, *session->starts_at + 3600),
                             console_member("ana")));
    chat.advance(std::chrono::hours(3));  // past the slot
    chat.run("ana", "/flash outcome 1 answer:happened");
    CHECK_FALSE(is_still_due(chat.database(), asked, console_member(mentor)));
}

TEST_CASE("a long-term check-in is stale once the pairing ended", "[flash][dm-budget][long-term]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes kind:long-term");
    chat.run(mentor_of(chat, 1), "/flash accept 1");
    const HeldNoteSubject pairing = HeldNoteSubject::pairing_active(1);
    CHECK(is_still_due(chat.database(), pairing, console_member("ana")));
    chat.run("ana", "/flash done 1");
    CHECK_FALSE(is_still_due(chat.database(), pairing, console_member("ana")));
}

TEST_CASE("a note held before subjects were stored goes out as written", "[flash][dm-budget]") {
    TestChat chat;
    const nlohmann::json old_payload = {{"member_id", console_member("ana")}, {"message", "{}"}};
    const HeldNoteSubject subject = HeldNoteSubject::from_json(old_payload);
    CHECK(subject.kind == HeldNoteSubject::Kind::always);
    CHECK(is_still_due(chat.database(), subject, console_member("ana")));
    // And a stored subject reads back as it was written.
    const nlohmann::json payload = {{"about", HeldNoteSubject::outcome_open(7, 1234).to_json()}};
    const HeldNoteSubject read = HeldNoteSubject::from_json(payload);
    CHECK(read.kind == HeldNoteSubject::Kind::outcome_still_open);
    CHECK(read.id == 7);
    CHECK(read.slot == 1234);
}

TEST_CASE("a held note naming a member who is forgotten stays a note its job can read", "[flash][dm-budget][forget]") {
    TestChat chat;
    const std::string kai = console_member("kai");
    const nlohmann::json message = {{"text", "How was your session #1 on go with <@" + kai + ">?"},
                                    {"buttons", nlohmann::json::array()}};
    const nlohmann::json payload = {{"member_id", console_member("ana")},
                                    {"message", message.dump()},
                                    {"about", {{"id", 1}, {"kind", "feedback_open"}, {"slot", 0}}}};
    JobStore(chat.database())
        .schedule(job_kind_name(JobKind::held_note), payload.dump(), 2000000000, "held-note-test", 1);
    MemberStore(chat.database()).forget(kai, 2);
    SQLite::Statement query(chat.database().connection(),
                            "SELECT payload FROM jobs WHERE dedupe_key = 'held-note-test'");
    REQUIRE(query.executeStep());
    const nlohmann::json after = nlohmann::json::parse(query.getColumn(0).getString());
    // The job reads the message as text, as send_or_hold wrote it; the name is gone from it.
    REQUIRE(after["message"].is_string());
    CHECK(after["message"].get<std::string>().find(kai) == std::string::npos);
    CHECK(nlohmann::json::parse(after["message"].get<std::string>())["text"].is_string());
}

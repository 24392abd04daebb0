// Which messages carry the meeting's .ics on Slack and Discord: the accept, a confirmed new time, each long-term
// check-in.
#include <catch2/catch.hpp>

#include <date/date.h>

#include "bot/clock_travel.h"
#include "bot/transport.h"
#include "model/mention.h"
#include "storage/database.h"
#include "storage/member_store.h"
#include "storage/outbox_store.h"
#include "storage/session_store.h"
#include "tests/support/calendar_file_reader.h"
#include "tests/support/callers.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

// Stands in for the Slack transport: keeps what the outbox hands it.
class SlackRecorder final : public Transport {
public:
    Platform platform() const override { return Platform::slack; }
    void deliver(const OutboundMessage& message, std::function<void(DeliveryOutcome)> done) override {
        delivered.push_back(message);
        done({true, false, {}});
    }
    std::vector<OutboundMessage> delivered;

    // The messages to `member` whose text has `words`.
    std::vector<Message> to(const std::string& member, const std::string& words) const {
        std::vector<Message> found;
        for (const auto& message : delivered) {
            if (message.destination.target == member && message.message.text.find(words) != std::string::npos)
                found.push_back(message.message);
        }
        return found;
    }
};

struct SlackProgram {
    TestChat chat{/*demo=*/false};
    SlackRecorder slack;
    SlackProgram() {
        chat.app().add_transport(slack);
        chat.jump(std::chrono::hours(5));  // Thursday 14:00 UTC: the Berlin mentor is at work
        run("slack:T1:U1", "Ben", "/profile set level:senior tz:Europe/Berlin");
        run("slack:T1:U1", "Ben", "/mentor offer kubernetes");
        run("slack:T1:U3", "Ana", "/profile set level:junior");
    }
    Reply run(const std::string& member_id, const std::string& name, const std::string& line) {
        Reply reply = chat.app().run(text_request(caller_of(member_id, name), line));
        settle_due_work(chat.app());
        return reply;
    }
    std::string slot_of_request(long long request_id) {
        const auto session = SessionStore(chat.database()).for_request(request_id);
        REQUIRE(session.has_value());
        REQUIRE(session->starts_at.has_value());
        return date::format("%Y%m%dT%H%M%SZ", std::chrono::sys_seconds{std::chrono::seconds{*session->starts_at}});
    }
};

}  // namespace

TEST_CASE("a confirmed new time brings the proposer the moved event with the same UID", "[calendar][reschedule]") {
    SlackProgram program;
    program.run("slack:T1:U3", "Ana", "/flash request kubernetes");
    program.run("slack:T1:U1", "Ben", "/flash accept 1");
    const auto accepted = program.slack.to("slack:T1:U3", "accepted your request");
    REQUIRE(accepted.size() == 1);
    REQUIRE(accepted[0].attachment.has_value());
    CHECK(calendar_property(accepted[0].attachment->bytes, "DTSTART") == program.slot_of_request(1));

    program.run("slack:T1:U3", "Ana", "/flash reschedule 1 when:\"2026-12-01 15:00\"");
    const Reply confirmed = program.run("slack:T1:U1", "Ben", "/flash reschedule 1 answer:confirm");
    CHECK_THAT(confirmed.response.text, Catch::Contains("Confirmed"));
    // The confirmer's reply holds the same moved event (Discord sends it; Slack's ack cannot).
    REQUIRE(confirmed.response.attachment.has_value());
    CHECK(calendar_property(confirmed.response.attachment->bytes, "UID") == "session-1@mentorbot");
    CHECK(calendar_property(confirmed.response.attachment->bytes, "DTSTART") == "20261201T150000Z");
    const auto moved = program.slack.to("slack:T1:U3", "confirmed the new time");
    REQUIRE(moved.size() == 1);
    REQUIRE(moved[0].attachment.has_value());
    CHECK(moved[0].attachment->name == "mentoring-session-1.ics");
    // Importing it replaces the first event: same UID, the new start (Ana's zone is UTC).
    CHECK(calendar_property(moved[0].attachment->bytes, "UID") == "session-1@mentorbot");
    CHECK(calendar_property(moved[0].attachment->bytes, "DTSTART") == "20261201T150000Z");
    // The messages without a meeting carry no file.
    for (const auto& ask : program.slack.to("slack:T1:U1", "proposes to move")) CHECK_FALSE(ask.attachment);
}

TEST_CASE("each long-term check-in brings both people the proposed meeting's .ics", "[calendar][long-term]") {
    SlackProgram program;
    program.run("slack:T1:U3", "Ana", "/flash request kubernetes kind:long-term every:2w");
    program.run("slack:T1:U1", "Ben", "/flash accept 1");
    program.chat.advance(std::chrono::days(10));
    for (const std::string member : {"slack:T1:U1", "slack:T1:U3"}) {
        CAPTURE(member);
        const auto check_ins = program.slack.to(member, "Check-in for your long-term mentorship");
        REQUIRE(check_ins.size() == 1);
        REQUIRE(check_ins[0].attachment.has_value());
        CHECK(check_ins[0].attachment->name == "mentoring-session-1-meeting-1.ics");
        CHECK(check_ins[0].attachment->media_type == "text/calendar; charset=utf-8");
        const std::string text = check_ins[0].attachment->bytes;
        CHECK(calendar_property(text, "UID") == "session-1-meeting-1@mentorbot");
        CHECK(calendar_property(text, "SUMMARY") == "Mentoring: kubernetes");
    }
}

TEST_CASE("on the console the file is written and its path shown, nothing attached", "[calendar][console]") {
    TestChat chat(/*demo=*/false);
    chat.jump(std::chrono::hours(5));
    chat.run("ben", "/profile set level:senior tz:Europe/Berlin");
    chat.run("ben", "/mentor offer kubernetes");
    chat.run("ana", "/profile set level:junior");
    chat.run("ana", "/flash request kubernetes");
    chat.take_deliveries();
    CHECK_THAT(chat.run("ben", "/flash accept 1").response.text, Catch::Contains("Calendar file (.ics): "));
    bool told = false;
    for (const auto& message : chat.messages_for("ana")) {
        if (message.text.find("accepted your request") == std::string::npos) continue;
        told = true;
        CHECK_THAT(message.text, Catch::Contains("Calendar file (.ics): "));
        CHECK_FALSE(message.attachment.has_value());
    }
    CHECK(told);
}

TEST_CASE("a forgotten member's name and note leave with the .ics of messages still to go", "[calendar][forget]") {
    TempDirectory directory;
    Database database(directory.file("forget.db"));
    const Attachment file{"mentoring-session-1.ics", "text/calendar; charset=utf-8",
                          "DESCRIPTION:Ana Lopez with Ben. Note: my cluster keeps restarting\r\n"};
    OutboxStore outbox(database);
    outbox.enqueue(
        {Destination::member("slack:T1:U1"), Message{"Check-in with " + mention("slack:T1:U3"), {}, {}, file}}, 100);
    outbox.enqueue({Destination::member("slack:T1:U1"), Message{"Check-in with someone else", {}, {}, file}}, 100);
    MemberStore(database).forget("slack:T1:U3", 150);
    const auto due = outbox.due(200);
    REQUIRE(due.size() == 2);
    CHECK(due[0].message.message.text == "Check-in with a former member");
    CHECK_FALSE(due[0].message.message.attachment.has_value());
    CHECK(due[1].message.message.attachment.has_value());
}

// People leave cleanly: a mentor's cancel, stop, pause or forget sends what they hold back to matching; a requester's
// cancel or forget tells the mentor.
#include <catch2/catch.hpp>

#include <chrono>

#include "storage/request_store.h"
#include "storage/session_store.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

FlashRequest request_number(TestChat& chat, long long id) { return *RequestStore(chat.database()).find(id); }

std::string only_text(const std::vector<Message>& messages) {
    REQUIRE(messages.size() == 1);
    return messages.front().text;
}

// The one message each member got since the last look.
struct Inbox {
    std::vector<OutboundMessage> all;
    std::vector<Message> operator()(const std::string& who) const {
        std::vector<Message> messages;
        for (const auto& delivery : all) {
            if (delivery.destination.target == console_member(who)) messages.push_back(delivery.message);
        }
        return messages;
    }
};

int count_of(TestChat& chat, const std::string& sql) { return chat.database().connection().execAndGet(sql).getInt(); }

int last_outbox_id(TestChat& chat) { return count_of(chat, "SELECT COALESCE(MAX(id), 0) FROM outbox"); }

// Every message queued after outbox row `after`, with whom it is for, as one text.
std::string sent_after(TestChat& chat, int after) {
    std::string text;
    SQLite::Statement outbox(chat.database().connection(), "SELECT target, message FROM outbox WHERE id > ?");
    outbox.bind(1, after);
    while (outbox.executeStep()) text += outbox.getColumn(0).getString() + " " + outbox.getColumn(1).getString() + "\n";
    return text;
}

}  // namespace

TEST_CASE("a mentor who cancels an accepted session sends the request back to matching without them",
          "[flash][leaving]") {
    TestChat chat;
    chat.jump(5h);
    chat.run("ana", "/flash request kubernetes");  // offered to kai
    chat.run("kai", "/flash accept 1");
    CHECK(has(chat.run("kai", "/mentor status").response.text, "This week: 1 of 2"));
    chat.take_deliveries();

    const std::string cancelled = chat.run("kai", "/flash cancel 1").response.text;
    CHECK(has(cancelled, "Cancelled your session for request #1 (flash, kubernetes)."));
    CHECK(has(cancelled, "goes back to matching without you"));
    const std::string to_ana = only_text(chat.messages_for("ana"));
    CHECK(has(to_ana, "Kai Müller can no longer take your kubernetes request; I am looking for another mentor."));
    CHECK(has(to_ana, "offered to " + at("ben")));
    const FlashRequest request = request_number(chat, 1);
    CHECK(request.status == "offered");
    CHECK(request.candidate_id == console_member("ben"));
    CHECK(RequestStore(chat.database()).declined_by(1).contains(console_member("kai")));
    CHECK(count_of(chat, "SELECT COUNT(*) FROM sessions") == 0);
    CHECK(has(chat.run("kai", "/mentor status").response.text, "This week: 0 of 2"));

    // Ben and Carla say no: kai, who called it off, is not asked again.
    chat.run("ben", "/flash decline 1");
    chat.run("carla", "/flash decline 1");
    CHECK(request_number(chat, 1).status == "queued");
    CHECK(chat.messages_for("kai").empty());
    // The requester can still cancel it herself.
    CHECK(has(chat.run("ana", "/flash cancel 1").response.text, "Cancelled request #1"));
}

TEST_CASE("a session already held is cancelled as before, not sent back to matching", "[flash][leaving]") {
    TestChat chat;
    chat.jump(5h);
    chat.run("ana", "/flash request kubernetes");  // offered to kai
    chat.run("kai", "/flash accept 1");
    chat.jump(48h);  // the slot has passed
    chat.take_deliveries();
    CHECK(has(chat.run("kai", "/flash cancel 1").response.text, "Cancelled request #1"));
    CHECK(request_number(chat, 1).status == "cancelled");
    CHECK(has(only_text(chat.messages_for("ana")), at("kai") + " cancelled request #1 (flash, kubernetes)."));
}

TEST_CASE("a requester who cancels tells the mentor that the offer is withdrawn or the session is off",
          "[flash][leaving]") {
    TestChat chat;
    chat.jump(5h);
    chat.run("ana", "/flash request kubernetes");  // offered to kai
    chat.take_deliveries();
    chat.run("ana", "/flash cancel 1");
    CHECK(has(only_text(chat.messages_for("kai")), "no answer needed. The offer to you is withdrawn."));

    chat.run("ana", "/flash request kubernetes");  // offered to kai
    chat.run("kai", "/flash accept 2");
    chat.take_deliveries();
    chat.run("ana", "/flash cancel 2");
    const std::string to_kai = only_text(chat.messages_for("kai"));
    CHECK(has(to_kai, at("ana") + " cancelled request #2 (flash, kubernetes); the session on "));
    CHECK(has(to_kai, " is off."));
}

TEST_CASE("/mentor stop sends waiting offers and sessions not yet held back to matching", "[flash][leaving]") {
    TestChat chat;
    chat.jump(5h);
    chat.run("ana", "/flash request kubernetes");  // offered to kai
    chat.run("kai", "/flash accept 1");
    chat.run("mo", "/flash request testing");  // only kai offers testing
    REQUIRE(request_number(chat, 2).candidate_id == console_member("kai"));
    chat.take_deliveries();

    const std::string stopped = chat.run("kai", "/mentor stop").response.text;
    CHECK(has(stopped, "Your mentor offer is withdrawn."));
    CHECK(has(stopped, "1 offer waiting for your answer and 1 session not yet held go back to matching"));
    const Inbox got{chat.take_deliveries()};
    CHECK(has(only_text(got("ana")),
              "Kai Müller can no longer take your kubernetes request; I am looking for another mentor. Request #1 "
              "(flash, kubernetes, 30 min): offered to " +
                  at("ben")));
    const std::string to_mo = only_text(got("mo"));
    CHECK(has(to_mo, "Kai Müller can no longer take your testing request; I am looking for another mentor."));
    CHECK(has(to_mo, "is queued: Nobody fits yet: nobody offers testing yet."));
    CHECK(request_number(chat, 2).status == "queued");
    CHECK(count_of(chat, "SELECT COUNT(*) FROM sessions") == 0);
    // The offer's expiry was withdrawn with it: nothing more reaches kai about it.
    chat.advance(1h);
    CHECK(chat.messages_for("kai").empty());
}

TEST_CASE("/mentor pause then resume does not leave a request stuck", "[flash][leaving]") {
    TestChat chat(false);
    chat.jump(5h);
    chat.run("zoe", "/profile set level:5 tz:Europe/Berlin name:\"Zoe Adams\"");
    chat.run("zoe", "/mentor offer topics:origami");
    chat.run("ana", "/profile set level:2 tz:Europe/Berlin");
    chat.run("ana", "/flash request origami");  // offered to zoe
    chat.take_deliveries();

    const std::string paused = chat.run("zoe", "/mentor pause").response.text;
    CHECK(has(paused, "1 offer waiting for your answer goes back to matching"));
    const std::string to_ana = only_text(chat.messages_for("ana"));
    CHECK(has(to_ana, "Zoe Adams can no longer take your origami request; I am looking for another mentor."));
    CHECK(has(to_ana, "is queued: Nobody fits yet: 1 mentor offers origami, but 1 is paused."));
    CHECK(request_number(chat, 1).status == "queued");

    chat.run("zoe", "/mentor resume");
    CHECK(has(only_text(chat.messages_for("ana")),
              "Good news: Request #1 (flash, origami, 30 min): offered to " + at("zoe")));
    CHECK(request_number(chat, 1).candidate_id == console_member("zoe"));
    CHECK(has(chat.run("zoe", "/flash accept 1").response.text, "You accepted request #1"));
}

TEST_CASE("a pause until a date keeps the sessions from that day on", "[flash][leaving]") {
    TestChat chat;
    chat.jump(5h);
    chat.run("ana", "/flash request kubernetes");  // offered to kai, slot today
    chat.run("kai", "/flash accept 1");
    chat.take_deliveries();
    CHECK(has(chat.run("kai", "/mentor pause until:2026-11-27").response.text,
              "1 session not yet held goes back to matching"));
    CHECK(has(only_text(chat.messages_for("ana")), "Kai Müller can no longer take your kubernetes request"));

    // A shadow moment after the pause ends stays with its mentor.
    chat.run("ana", "/flash cancel 1");  // ben was offered it meanwhile
    chat.run("ana", "/flash request kubernetes kind:shadow when:\"2026-12-15 10:00\"");
    const std::string mentor = request_number(chat, 2).candidate_id;
    REQUIRE(mentor == console_member("ben"));
    chat.run("ben", "/flash accept 2");
    chat.take_deliveries();
    CHECK(has(chat.run("ben", "/mentor pause until:2026-12-10").response.text,
              "Sessions you already accepted are not affected."));
    CHECK(request_number(chat, 2).status == "accepted");
    CHECK(chat.messages_for("ana").empty());
}

TEST_CASE("a long-term pairing with no agreed slot keeps its mentor over a pause until a date",
          "[flash][leaving][long-term]") {
    TestChat chat(false);
    chat.jump(5h);  // Thursday 14:00 in London, 23:00 in Tokyo
    chat.run("ben", "/profile set level:5 tz:Europe/London name:\"Ben Okafor\"");
    chat.run("ben", "/mentor offer topics:kubernetes capacity:3");
    chat.run("ana", "/profile set level:2 tz:Asia/Tokyo");
    REQUIRE(has(chat.run("ana", "/flash request kubernetes kind:long-term").response.text, "offered to"));
    // Their working days never overlap: no slot, they agree on a time between them.
    REQUIRE(has(chat.run("ben", "/flash accept 1").response.text, "agree on a time directly"));
    chat.take_deliveries();

    CHECK(has(chat.run("ben", "/mentor pause until:2026-11-30").response.text,
              "Sessions you already accepted are not affected."));
    CHECK(chat.messages_for("ana").empty());
    CHECK(request_number(chat, 1).status == "accepted");
    CHECK(request_number(chat, 1).candidate_id == console_member("ben"));
    CHECK(has(chat.run("ben", "/mentor status").response.text, "This week: 1 of 3"));

    // The pairing goes on after the pause: its first check-in reaches both.
    chat.advance(std::chrono::days(22));
    bool checked_in = false;
    for (const Message& message : chat.messages_for("ana")) {
        checked_in = checked_in || has(message.text, "Check-in for your long-term mentorship on kubernetes");
    }
    CHECK(checked_in);
}

TEST_CASE("a mentor who stops in the evening: the request waits for the next mentor's working hours",
          "[flash][leaving][hours]") {
    TestChat chat(false);
    chat.jump(10h + 30min);  // Thursday 19:30 UTC
    chat.run("sam", "/profile set level:5 tz:America/New_York name:Sam");
    chat.run("sam", "/mentor offer topics:origami");
    chat.run("tom", "/profile set level:5 tz:Europe/Berlin name:Tom");
    chat.run("tom", "/mentor offer topics:origami");
    chat.run("ana", "/profile set level:2 tz:Europe/Berlin");
    CHECK(has(chat.run("ana", "/flash request origami").response.text, "offered to " + at("sam")));
    chat.advance(30min - 1s);  // 20:00 UTC, 21:00 in Berlin
    chat.take_deliveries();

    chat.run("sam", "/mentor stop");
    const std::string to_ana = only_text(chat.messages_for("ana"));
    CHECK(has(to_ana, "Sam can no longer take your origami request; I am looking for another mentor."));
    CHECK(has(to_ana, "Tom fits best and starts work in 12 h"));
    CHECK(request_number(chat, 1).status == "queued");

    chat.advance(11h);  // Friday 07:00 UTC, 08:00 in Berlin: Tom still sleeps
    CHECK(chat.messages_for("tom").empty());
    chat.advance(1h + 1s);
    const Inbox morning{chat.take_deliveries()};
    CHECK(has(only_text(morning("tom")), "asks for flash help on origami"));
    CHECK(has(only_text(morning("ana")), "Good news: Request #1 (flash, origami, 30 min): offered to " + at("tom")));
}

TEST_CASE("a mentor who asks to be forgotten: the requester is told without their name", "[flash][leaving][forget]") {
    TestChat chat;
    chat.jump(5h);
    chat.run("ana", "/flash request kubernetes");  // offered to kai
    chat.run("kai", "/flash accept 1");
    chat.run("mo", "/flash request testing");  // offered to kai
    chat.take_deliveries();
    const int before = last_outbox_id(chat);

    chat.run("kai", "/profile forget confirm:yes");
    const Inbox got{chat.take_deliveries()};
    const std::string to_ana = only_text(got("ana"));
    CHECK(has(to_ana, "The mentor of your kubernetes request has left mentorbot; I am looking for another mentor."));
    CHECK(has(to_ana, "offered to " + at("ben")));
    CHECK(has(only_text(got("mo")), "The mentor of your testing request has left mentorbot"));
    CHECK(count_of(chat, "SELECT COUNT(*) FROM sessions") == 0);
    CHECK(request_number(chat, 2).status == "queued");
    const std::string sent = sent_after(chat, before);
    CHECK_FALSE(sent.empty());
    CHECK_FALSE(has(sent, "Kai"));
    CHECK_FALSE(has(sent, "console:local:kai"));
    // Nor does any stored explanation name them, even as a mentor who was weighed.
    CHECK(count_of(chat, "SELECT COUNT(*) FROM requests WHERE instr(COALESCE(explanation, '') || "
                         "COALESCE(explanation_detail, ''), 'Kai Müller') > 0") == 0);
}

TEST_CASE("a requester who asks to be forgotten: the mentor hears the requester withdrew", "[flash][leaving][forget]") {
    TestChat chat;
    chat.jump(5h);
    chat.run("ana", "/flash request kubernetes");  // offered to kai
    chat.run("kai", "/flash accept 1");
    chat.run("ana", "/flash request go");  // offered to ben
    REQUIRE(request_number(chat, 2).candidate_id == console_member("ben"));
    chat.take_deliveries();
    const int before = last_outbox_id(chat);

    chat.run("ana", "/profile forget confirm:yes");
    const Inbox got{chat.take_deliveries()};
    const std::string to_kai = only_text(got("kai"));
    CHECK(has(to_kai, "The requester withdrew request #1 (flash, kubernetes), so the session on "));
    CHECK(has(to_kai, "is off."));
    CHECK(has(only_text(got("ben")),
              "The requester withdrew request #2 (flash, go), so the offer to you is withdrawn. No answer needed."));
    CHECK(request_number(chat, 1).status == "cancelled");
    CHECK(request_number(chat, 2).status == "cancelled");
    CHECK(count_of(chat, "SELECT COUNT(*) FROM sessions") == 0);
    CHECK(has(chat.run("kai", "/mentor status").response.text, "This week: 0 of 2"));
    const std::string sent = sent_after(chat, before);
    CHECK_FALSE(sent.empty());
    CHECK_FALSE(has(sent, "Ana"));
    CHECK_FALSE(has(sent, "console:local:ana"));
    // The withdrawn offer's expiry says nothing later.
    chat.advance(1h);
    CHECK(chat.messages_for("ben").empty());
}

TEST_CASE("a mentor who was weighed for a request is not named in its explanation once forgotten",
          "[flash][leaving][forget]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");  // offered to kai, ahead of ben
    REQUIRE(has(chat.run("olivia", "/flash why 1 detail:yes").response.text, "Ahead of Ben Okafor"));
    chat.run("ben", "/profile forget confirm:yes");
    CHECK(count_of(chat, "SELECT COUNT(*) FROM requests WHERE instr(COALESCE(explanation, '') || "
                         "COALESCE(explanation_detail, ''), 'Ben Okafor') > 0") == 0);
    CHECK(has(chat.run("olivia", "/flash why 1 detail:yes").response.text, "Ahead of a former member"));
}

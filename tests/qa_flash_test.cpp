// Flash mentoring as a careful user tries it: the wording of offers, lists and refusals says what really happened.
#include <catch2/catch.hpp>

#include <chrono>

#include "storage/request_store.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"
#include "tests/support/message_choices.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

std::string only_text(const std::vector<Message>& messages) {
    REQUIRE(messages.size() == 1);
    return messages.front().text;
}

}  // namespace

TEST_CASE("the third mentor whose offer expires is not told it went to someone else", "[qa][flash][expiry]") {
    TestChat chat;
    chat.jump(5h);                                 // 14:00 UTC: all three mentors are at work
    chat.run("ana", "/flash request kubernetes");  // kai, then ben, then carla
    chat.take_deliveries();
    chat.advance(30min);
    CHECK(has(only_text(chat.messages_for("kai")), "expired"));
    chat.advance(30min);  // carla is offered it
    chat.take_deliveries();
    chat.advance(30min);
    const std::string to_carla = only_text(chat.messages_for("carla"));
    CHECK(has(to_carla, "The offer of request #1 (kubernetes) expired"));
    CHECK_FALSE(has(to_carla, "someone else"));
    CHECK(RequestStore(chat.database()).find(1)->status == "queued");
}

TEST_CASE("a request that waits after an unanswered offer says the mentor did not take it, not that she is full",
          "[qa][flash][expiry]") {
    TestChat chat;
    chat.run("zoe", "/profile set level:5 tz:Europe/Berlin");
    chat.run("zoe", "/mentor offer topics:origami capacity:1");
    chat.run("ana", "/flash request origami");
    chat.take_deliveries();
    chat.advance(30min);
    const std::string to_ana = only_text(chat.messages_for("ana"));
    CHECK(has(to_ana, at("zoe") + " did not answer in time."));
    CHECK(has(to_ana, "1 mentor was asked and none could take it yet, so it waits. I will ask again"));
    CHECK_FALSE(has(to_ana, "no capacity left"));
    CHECK_FALSE(has(to_ana, "declined"));
}

TEST_CASE("/flash why and /flash list read as sentences", "[qa][flash][wording]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");  // offered to kai
    chat.take_deliveries();
    const std::string why = chat.run("ana", "/flash why 1").response.text;
    CHECK(has(why, "Request #1 (flash, kubernetes, 30 min) is offered to " + at("kai") + "."));
    CHECK_FALSE(has(why, "offered, offered"));

    const std::string offered = chat.run("kai", "/flash list").response.text;
    CHECK(has(offered, "#1 flash · kubernetes · 30 min · offered · from " + at("ana")));
    chat.run("kai", "/flash accept 1");
    CHECK(has(chat.run("kai", "/flash list").response.text,
              "#1 flash · kubernetes · 30 min · accepted · from " + at("ana")));
    CHECK(has(chat.run("ana", "/flash why 1").response.text, "is accepted, with " + at("kai") + "."));
}

TEST_CASE("the mentor's /flash why names the requester and not the runner-up", "[qa][flash][privacy]") {
    TestChat chat;
    const std::string asked = chat.run("ana", "/flash request kubernetes").response.text;  // offered to kai
    // The requester reads a sentence: no scores, and nobody else is named.
    CHECK(
        has(asked, "Why: Kai Müller knows kubernetes, is one level ahead of you and shares 8 h of your working day."));
    CHECK_FALSE(has(asked, "Ben"));
    CHECK_FALSE(has(asked, "Score"));
    const std::string offered = chat.run("kai", "/flash why 1").response.text;
    CHECK(has(offered, "Request #1 (flash, kubernetes, 30 min) is offered to you, from " + at("ana") + "."));
    CHECK(has(offered, "Why: You know kubernetes, are one level ahead of the requester and share 8 h of their "
                       "working day."));
    CHECK_FALSE(has(offered, "Ben"));
    const std::string scored = chat.run("kai", "/flash why 1 detail:yes").response.text;
    CHECK(has(scored, "Kai Müller: offers kubernetes"));
    // The score is the fit less what looking ahead keeps: kai and Ben each hold seats few others offer.
    CHECK(has(scored, "Score -0.56."));
    CHECK(has(scored, "Ahead of another mentor (-0.56 vs -0.83)"));
    CHECK_FALSE(has(scored, "Ben"));
    chat.run("kai", "/flash accept 1");
    const std::string accepted = chat.run("kai", "/flash why 1").response.text;
    CHECK(has(accepted, "is accepted, from " + at("ana") + "."));
    CHECK_FALSE(has(accepted, "with " + at("kai")));
    CHECK_FALSE(has(accepted, "Ben"));
}

TEST_CASE("the detailed scoring is for the two people of a request and admins, and names others to admins only",
          "[qa][flash][privacy]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");  // offered to kai
    const std::string for_ana = chat.run("ana", "/flash why 1 detail:yes").response.text;
    CHECK(has(for_ana, "Why: Kai Müller knows kubernetes"));
    CHECK(has(for_ana, "Detailed scoring: Kai Müller: offers kubernetes"));
    CHECK(has(for_ana, "Ahead of another mentor (-0.56 vs -0.83)"));
    CHECK_FALSE(has(for_ana, "Ben"));
    CHECK(has(chat.run("ana", "/flash why 1").response.text, "/flash why 1 detail:yes"));

    const std::string for_admin = chat.run("olivia", "/flash why 1 detail:yes").response.text;
    CHECK(has(for_admin, "Ahead of Ben Okafor (-0.56 vs -0.83)"));

    for (const std::string line : {"/flash why 1 detail:yes", "/flash why 1"}) {
        const std::string refused = chat.run("mo", line).response.text;
        CHECK(has(refused, "only the people in request #1"));
        CHECK_FALSE(has(refused, "kubernetes"));
        CHECK_FALSE(has(refused, "Score"));
    }
    CHECK(has(chat.run("mo", "/flash why 1 detail:yes").response.text, "and program admins"));
    // An admin is not one of the two people: the plain answer stays theirs.
    CHECK(has(chat.run("olivia", "/flash why 1").response.text, "only the people in request #1"));
}

TEST_CASE("a mentor without a level reads as level not set, never as an assumed level", "[qa][flash][wording]") {
    TestChat chat(false);
    chat.jump(5h);
    chat.run("zoe", "/profile set tz:Europe/Berlin name:Zoe");
    chat.run("zoe", "/mentor offer topics:origami");
    chat.run("ana", "/profile set level:2 tz:Europe/Berlin");
    const std::string asked = chat.run("ana", "/flash request origami").response.text;
    CHECK(has(asked, "Why: Zoe knows origami (level not set) and shares 8 h of your working day."));
    const std::string scored = chat.run("ana", "/flash why 1 detail:yes").response.text;
    CHECK(has(scored, "level not set vs requester 2"));
    CHECK_FALSE(has(scored, "level 3"));
    CHECK(has(chat.run("zoe", "/flash why 1").response.text, "Why: You know origami (your level is not set)"));
}

TEST_CASE("request numbers read as numbers in usage lines and range errors", "[qa][flash][errors]") {
    TestChat chat;
    const std::string zero = chat.run("ana", "/flash accept 0").response.text;
    CHECK(has(zero, "id must be 1 or more (got 0)."));
    CHECK(has(zero, "Usage: /flash accept id:<number>"));
    CHECK_FALSE(has(zero, "9223372036854775807"));
    const std::string help = chat.run("ana", "/coach help flash").response.text;
    CHECK(has(help, "/flash why id:<number>"));
    CHECK_FALSE(has(help, "9223372036854775807"));
    // Bounded numbers keep their range.
    CHECK(has(chat.run("ana", "/coach help mentor").response.text, "capacity:<1–20>"));
}

TEST_CASE("a malformed quote in a known command shows that command's usage and changes nothing",
          "[qa][flash][errors]") {
    TestChat chat;
    const std::string open = chat.run("ana", "/flash request topic:\"unterminated").response.text;
    CHECK(has(open, "never closed"));
    CHECK(has(open, "Usage: /flash request topic:<text>"));
    const std::string glued = chat.run("ana", "/flash request topic:\"a\"b\"").response.text;
    CHECK(has(glued, "Put a space after the closing quote"));
    CHECK(has(glued, "Usage: /flash request topic:<text>"));
    CHECK(has(chat.run("ana", "/flash \"oops").response.text, "Usage: /flash request|accept"));
    CHECK_FALSE(RequestStore(chat.database()).find(1));
}

TEST_CASE("when the requester asked to be forgotten, the mentor's session still reads well and nothing breaks",
          "[qa][flash][forget]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");  // offered to kai
    chat.run("kai", "/flash accept 1");
    chat.jump(24h);  // the session has been held: it stays when the requester leaves
    chat.run("ana", "/profile forget confirm:yes");
    chat.take_deliveries();

    const std::string listed = chat.run("kai", "/flash list").response.text;
    CHECK(has(listed, "#1 flash · kubernetes · 30 min · accepted · from a former member"));
    CHECK_FALSE(has(listed, "<@>"));

    Reply done = chat.run("kai", "/flash done 1");
    CHECK(has(done.response.text, "Marked request #1 (flash, kubernetes) done."));
    CHECK_FALSE(has(done.response.text, "<@>"));
    CHECK(choice_count(done.response) == 0);  // there is nobody left to rate

    const std::string rated = chat.run("kai", "/feedback session id:1 rating:3").response.text;
    CHECK(has(rated, "has left mentorbot"));
    CHECK_FALSE(has(rated, "Sorry, something went wrong"));

    // No message is queued for a member who no longer exists.
    auto& nobody = chat.database().prepare("SELECT COUNT(*) FROM outbox WHERE target = ''");
    REQUIRE(nobody.executeStep());
    CHECK(nobody.getColumn(0).getInt() == 0);
    nobody.reset();
}

TEST_CASE("someone never offered a request learns nothing about it by trying to accept or decline it",
          "[qa][flash][privacy]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes kind:micro note:\"my pods keep restarting\"");  // offered to kai
    chat.take_deliveries();
    for (const std::string line : {"/flash accept 1", "/flash decline 1"}) {
        const std::string refused = chat.run("mo", line).response.text;
        CHECK(has(refused, "only the people in request #1 can act on it or see it."));
        CHECK_FALSE(has(refused, "kubernetes"));
        CHECK_FALSE(has(refused, "micro"));
    }
    CHECK(chat.take_deliveries().empty());
    CHECK(RequestStore(chat.database()).find(1)->candidate_id == console_member("kai"));
    // Once the request is taken, a mentor whose offer lapsed is told plainly it is not theirs.
    chat.advance(30min);
    chat.run("ben", "/flash accept 1");
    CHECK(has(chat.run("kai", "/flash accept 1").response.text,
              "request #1 (micro, kubernetes) is not offered to you: someone else has taken it."));
}

TEST_CASE("an offer whose mentor asked to be forgotten moves on at once instead of waiting forever",
          "[qa][flash][forget]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");  // offered to kai
    chat.take_deliveries();
    chat.run("kai", "/profile forget confirm:yes");
    const FlashRequest request = *RequestStore(chat.database()).find(1);
    CHECK(request.status == "offered");
    CHECK(request.candidate_id == console_member("ben"));
    CHECK(request.candidates_tried == 1);  // the withdrawn offer is not one of the tries
    const std::string to_ana = only_text(chat.messages_for("ana"));
    CHECK(has(to_ana, "The mentor of your kubernetes request has left mentorbot; I am looking for another mentor."));
    CHECK(has(to_ana, "offered to " + at("ben")));
    // The withdrawn offer's expiry does not fire: ben's own does, half an hour later.
    chat.advance(30min - 1s);
    CHECK(chat.messages_for("ana").empty());
}

TEST_CASE("accepting a request whose requester asked to be forgotten is refused plainly", "[qa][flash][forget]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");  // offered to kai
    chat.run("ana", "/profile forget confirm:yes");
    chat.take_deliveries();
    const std::string refused = chat.run("kai", "/flash accept 1").response.text;
    CHECK(has(refused, "has left mentorbot"));
    CHECK_FALSE(has(refused, "Sorry, something went wrong"));
    auto& sessions = chat.database().prepare("SELECT COUNT(*) FROM sessions");
    REQUIRE(sessions.executeStep());
    CHECK(sessions.getColumn(0).getInt() == 0);
    sessions.reset();
}

TEST_CASE("a mentor declining a request they already accepted is pointed to cancel", "[qa][flash][errors]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");  // offered to kai
    chat.run("kai", "/flash accept 1");
    chat.take_deliveries();
    const std::string refused = chat.run("kai", "/flash decline 1").response.text;
    CHECK(has(refused, "you already accepted request #1 (flash, kubernetes); to call it off, use /flash cancel 1."));
    CHECK(RequestStore(chat.database()).find(1)->status == "accepted");
    CHECK(chat.take_deliveries().empty());
}

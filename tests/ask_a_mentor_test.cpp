// Asking one mentor by name (mentor:@ben, only:yes) and admins assigning a waiting request by hand.
#include <catch2/catch.hpp>

#include <chrono>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/request_store.h"
#include "tests/support/callers.h"
#include "tests/support/offer_messages.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

long long request_count(TestChat& chat) {
    SQLite::Statement query(chat.database().connection(), "SELECT COUNT(*) FROM requests");
    query.executeStep();
    return query.getColumn(0).getInt64();
}

bool told(const std::vector<Message>& messages, const std::string& part) {
    for (const Message& message : messages) {
        if (has(message.text, part)) return true;
    }
    return false;
}

}  // namespace

// The demo clock starts on Thursday 09:00 UTC: Ben (London) and Kai (Berlin) are at work.
TEST_CASE("a request for a named mentor is offered to them first", "[flash][named]") {
    TestChat chat;
    const Reply asked = chat.run("ana", "/flash request kubernetes mentor:@ben");
    CHECK(has(asked.response.text, "Request #1 (flash, kubernetes, 30 min): offered to " + at("ben")));
    CHECK(has_offer_of(chat.messages_for("ben"), 1));
    CHECK(has(chat.run("ana", "/flash why 1").response.text, "Asked of " + at("ben") + " by name, first."));
    // Both lists say who was asked by name while nobody has accepted.
    CHECK(has(chat.run("ana", "/flash list").response.text, "to " + at("ben") + " · asked of " + at("ben") + " first"));
    CHECK(has(chat.run("ben", "/flash list").response.text, "from " + at("ana") + " · asked of you by name"));
    CHECK(has(chat.run("ben", "/flash accept 1").response.text, "You accepted request #1"));
    CHECK_FALSE(has(chat.run("ana", "/flash list").response.text, "asked of"));
}

TEST_CASE("a named mentor who does not fit is refused with the reason and nothing is stored",
          "[flash][named][errors]") {
    TestChat chat;
    chat.run("carla", "/mentor pause");
    CHECK(has(chat.run("ana", "/flash request kubernetes mentor:@carla").response.text,
              "cannot ask " + at("carla") +
                  ": Carla Reyes is paused. Nothing was stored; /mentor list "
                  "topic:kubernetes shows who offers it."));
    // Near-peer asks for one or two levels above ana (2); carla is 5.
    chat.run("carla", "/mentor resume");
    CHECK(has(chat.run("ana", "/flash request kubernetes kind:near-peer mentor:@carla").response.text,
              "Carla Reyes does not fit the level rule (a mentor one or two levels above the requester)"));
    CHECK(has(chat.run("ana", "/flash request figma mentor:@ben").response.text, "Ben Okafor does not offer figma"));
    CHECK(has(chat.run("ana", "/flash request kubernetes mentor:@mo").response.text,
              at("mo") + " does not offer to mentor here."));
    CHECK(has(chat.run("ana", "/flash request kubernetes mentor:@nobody").response.text,
              at("nobody") + " does not offer to mentor here."));
    CHECK(has(chat.run("ben", "/flash request kubernetes mentor:@ben").response.text, "you cannot ask yourself"));
    CHECK(has(chat.run("ana", "/flash request kubernetes only:yes").response.text, "only:yes goes with mentor:@name"));
    CHECK(request_count(chat) == 0);
    CHECK(chat.take_deliveries().empty());
}

TEST_CASE("a named mentor who lets the offer lapse hands the request to usual matching", "[flash][named][time]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes mentor:@carla");  // carla starts work at 14:00 UTC
    CHECK(RequestStore(chat.database()).find(1)->status == "queued");
    chat.advance(5h);  // 14:00 UTC, 09:00 in New York
    CHECK(has_offer_of(chat.messages_for("carla"), 1));
    CHECK(RequestStore(chat.database()).find(1)->candidate_id == console_member("carla"));
    chat.advance(31min);  // her 30 working minutes pass without an answer
    const auto request = RequestStore(chat.database()).find(1);
    CHECK(request->status == "offered");
    CHECK(request->candidate_id != console_member("carla"));
    CHECK(request->candidate_id != "");
}

TEST_CASE("a named mentor's no moves the request on and the requester hears it", "[flash][named]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes mentor:@ben");
    chat.take_deliveries();
    chat.run("ben", "/flash decline 1");
    CHECK(told(chat.messages_for("ana"), at("ben") + " cannot take your request #1 (flash, kubernetes)."));
    const auto request = RequestStore(chat.database()).find(1);
    CHECK(request->status == "offered");
    CHECK(request->candidate_id != console_member("ben"));
}

TEST_CASE("with only:yes a lapse waits for the same mentor and a no closes the request", "[flash][named][time]") {
    TestChat chat;
    const Reply asked = chat.run("ana", "/flash request kubernetes mentor:@ben only:yes");
    CHECK(has(asked.response.text, "offered to " + at("ben")));
    CHECK(
        has(chat.run("ana", "/flash why 1").response.text, "Asked of " + at("ben") + " by name, and of nobody else."));
    CHECK(has(chat.run("ana", "/flash list").response.text, "asked of " + at("ben") + " only"));
    chat.take_deliveries();

    chat.advance(31min);  // ben does not answer: nobody else is asked
    auto request = RequestStore(chat.database()).find(1);
    CHECK(request->status == "queued");
    CHECK(
        told(chat.messages_for("ana"), at("ben") + " has not answered yet, and you asked for them only, so it waits"));
    CHECK_FALSE(has_offer_of(chat.messages_for("kai"), 1));

    // His next working morning he is asked again, and only he is.
    chat.advance(23h + 40min);  // Friday 09:10 in London
    request = RequestStore(chat.database()).find(1);
    CHECK(request->status == "offered");
    CHECK(request->candidate_id == console_member("ben"));
    CHECK_FALSE(has_offer_of(chat.messages_for("kai"), 1));
    CHECK_FALSE(has_offer_of(chat.messages_for("carla"), 1));

    chat.take_deliveries();
    chat.run("ben", "/flash decline 1");
    CHECK(RequestStore(chat.database()).find(1)->status == "cancelled");
    CHECK(told(chat.messages_for("ana"), "declined it, and you asked for them only, so it is closed. To let anyone "
                                         "who fits take it: /flash request topic:kubernetes"));
    chat.advance(2h);
    CHECK_FALSE(has_offer_of(chat.messages_for("kai"), 1));
}

TEST_CASE("a mentor of another server cannot be asked by name", "[flash][named][tenancy]") {
    TestChat chat(false, serving_every_tenant());
    const Caller mentor_there = caller_of("discord:222:77", "mallory");
    const Caller member_here = caller_of("discord:111:43", "ben");
    chat.app().run(text_request(mentor_there, "/mentor offer topics:rust"));
    const Reply asked = chat.app().run(text_request(member_here, "/flash request rust mentor:<@77>"));
    CHECK(has(asked.response.text, "<@discord:111:77> does not offer to mentor here."));
    CHECK(request_count(chat) == 0);
}

TEST_CASE("an admin assigns a waiting request to a chosen mentor as a manual match", "[flash][assign]") {
    TestChat chat;
    for (const std::string mentor : {"kai", "ben", "carla"}) chat.run(mentor, "/mentor pause");
    chat.run("ana", "/flash request kubernetes");
    CHECK(RequestStore(chat.database()).find(1)->status == "queued");
    chat.take_deliveries();

    // Not an admin, no such request, a mentor who does not fit or is the requester: refused, nothing changes.
    CHECK(has(chat.run("mo", "/flash assign 1 mentor:@kai").response.text, "admin"));
    CHECK(has(chat.run("olivia", "/flash assign 1 mentor:@kai").response.text,
              "cannot assign request #1 to " + at("kai") + ": Kai Müller is paused. Nothing was changed"));
    CHECK(has(chat.run("olivia", "/flash assign 9 mentor:@kai").response.text, "there is no request #9"));
    CHECK(has(chat.run("olivia", "/flash assign 1 mentor:@ana").response.text, "cannot be their own mentor"));
    CHECK(has(chat.run("olivia", "/flash assign 1 mentor:@mo").response.text, "does not offer to mentor here"));
    CHECK_FALSE(RequestStore(chat.database()).find(1)->manual_match);
    CHECK(chat.take_deliveries().empty());

    // Carla (New York) starts work at 14:00 UTC; the admin chooses her.
    chat.run("carla", "/mentor resume");
    const Reply assigned = chat.run("olivia", "/flash assign 1 mentor:@carla");
    CHECK(has(assigned.response.text,
              "Assigned request #1 (flash, kubernetes) to " + at("carla") + " as a manual match."));
    auto request = RequestStore(chat.database()).find(1);
    CHECK(request->manual_match);
    CHECK(request->preferred_mentor == console_member("carla"));
    CHECK(has(chat.run("ana", "/flash why 1").response.text,
              "A program admin assigned it by hand to " + at("carla") + " (a manual match)."));
    // Kai is back and at work, but the request stays with the admin's choice.
    chat.run("kai", "/mentor resume");
    CHECK_FALSE(has_offer_of(chat.messages_for("kai"), 1));
    chat.advance(5h);  // 09:00 in New York
    CHECK(has_offer_of(chat.messages_for("carla"), 1));
    CHECK(has(chat.run("carla", "/flash accept 1").response.text, "You accepted request #1"));
    CHECK(has(chat.run("olivia", "/coach stats").response.text, "Assigned by hand: 1"));
    // Once taken it cannot be assigned again.
    CHECK(
        has(chat.run("olivia", "/flash assign 1 mentor:@kai").response.text, "only a waiting request can be assigned"));
}

TEST_CASE("an assigned mentor's no hands the request back to usual matching", "[flash][assign]") {
    TestChat chat;
    chat.run("kai", "/mentor pause");
    chat.run("ben", "/mentor pause");
    chat.run("ana", "/flash request kubernetes");  // held for carla's morning
    chat.run("ben", "/mentor resume");             // ben is at work: it goes to him
    chat.run("ben", "/flash decline 1");           // back to waiting for carla
    CHECK(has(chat.run("olivia", "/flash assign 1 mentor:@ben").response.text, "Ben Okafor declined this request"));
    chat.run("kai", "/mentor resume");  // offered to kai at once
    REQUIRE(RequestStore(chat.database()).find(1)->candidate_id == console_member("kai"));
    chat.run("kai", "/flash decline 1");
    chat.take_deliveries();
    const Reply assigned = chat.run("olivia", "/flash assign 1 mentor:@carla");
    CHECK(has(assigned.response.text, "as a manual match"));
    chat.advance(5h);
    CHECK(has_offer_of(chat.messages_for("carla"), 1));
    chat.run("carla", "/flash decline 1");
    // Nobody else fits now (ben and kai said no): the request waits, as any other would.
    const auto request = RequestStore(chat.database()).find(1);
    CHECK(request->status == "queued");
    CHECK(request->manual_match);
}

TEST_CASE("an admin of another server cannot assign this server's request", "[flash][assign][tenancy]") {
    TestChat chat(false, serving_every_tenant());
    const Caller member = caller_of("discord:111:42", "ana");
    const Caller admin_there = caller_of("discord:222:77", "mallory", /*platform_admin=*/true);
    chat.app().run(text_request(member, "/flash request rust"));
    const Reply refused = chat.app().run(text_request(admin_there, "/flash assign 1 mentor:<@42>"));
    CHECK(has(refused.response.text, "only program admins of this Discord server can assign its requests"));
    CHECK_FALSE(RequestStore(chat.database()).find(1)->manual_match);
}

TEST_CASE("a request for one mentor only closes when that mentor is forgotten", "[flash][named][forget]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes mentor:@ben only:yes");
    chat.take_deliveries();
    chat.run("ben", "/profile forget confirm:yes");
    const auto request = RequestStore(chat.database()).find(1);
    CHECK(request->status == "cancelled");
    CHECK(request->preferred_mentor.empty());
    CHECK(told(chat.messages_for("ana"), "The mentor of your kubernetes request has left mentorbot. Request #1 "
                                         "(flash, kubernetes, 30 min): the mentor you asked for has left mentorbot, "
                                         "and you asked for them only, so it is closed."));
    CHECK_FALSE(has_offer_of(chat.messages_for("kai"), 1));
}

TEST_CASE("typed options as Discord sends them name a mentor by user id", "[flash][named][discord]") {
    TestChat chat(false);
    const Caller mentor = caller_of("discord:111:42", "ana");
    const Caller member = caller_of("discord:111:43", "ben");
    chat.app().run(text_request(mentor, "/profile set level:senior tz:Europe/Berlin"));
    chat.app().run(text_request(member, "/profile set level:junior tz:Europe/Berlin"));
    chat.app().run(CommandRequest{mentor, "discord:interaction:1",
                                  TypedOptions{"mentor", "offer", {{"topics", "rust"}, {"bio", "Rust @everyone"}}},
                                  CommitPolicy::before_reply});
    const Reply listed = chat.app().run(
        CommandRequest{member, "discord:interaction:2",
                       TypedOptions{"mentor", "list", {{"topic", "rust"}, {"page", "1"}}}, CommitPolicy::before_reply});
    CHECK(has(listed.response.text, "1. <@discord:111:42> · level 4 (senior)"));
    CHECK(has(listed.response.text, "“Rust @everyone”"));
    const Reply asked = chat.app().run(
        CommandRequest{member, "discord:interaction:3",
                       TypedOptions{"flash", "request", {{"topic", "rust"}, {"mentor", "42"}, {"only", "true"}}},
                       CommitPolicy::before_reply});
    CHECK(has(asked.response.text, "offered to <@discord:111:42>"));
    const auto request = RequestStore(chat.database()).find(1);
    CHECK(request->preferred_mentor == "discord:111:42");
    CHECK(request->preferred_only);
}

TEST_CASE("usual matching never offers a request to a mentor of another server", "[flash][tenancy]") {
    TestChat chat(false, serving_every_tenant());
    const Caller mentor_there = caller_of("discord:222:77", "mallory");
    const Caller member_here = caller_of("discord:111:43", "ben");
    const Caller mentor_here = caller_of("discord:111:42", "ana");
    chat.app().run(text_request(mentor_there, "/profile set level:senior"));
    chat.app().run(text_request(mentor_there, "/mentor offer topics:rust"));
    chat.app().run(text_request(member_here, "/profile set level:junior"));
    const Reply asked = chat.app().run(text_request(member_here, "/flash request rust"));
    CHECK(has(asked.response.text, "nobody offers rust yet"));
    CHECK(RequestStore(chat.database()).find(1)->status == "queued");
    // A mentor of the same server who offers it later gets it; the other server's never does.
    chat.app().run(text_request(mentor_here, "/profile set level:senior"));
    chat.app().run(text_request(mentor_here, "/mentor offer topics:rust"));
    CHECK(RequestStore(chat.database()).find(1)->candidate_id == "discord:111:42");
}

TEST_CASE("a request for one mentor only closes when that mentor stops mentoring", "[flash][named]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes mentor:@ben only:yes");
    chat.take_deliveries();
    chat.run("ben", "/mentor stop");
    CHECK(RequestStore(chat.database()).find(1)->status == "cancelled");
    CHECK(told(chat.messages_for("ana"), at("ben") + " no longer offers kubernetes, and you asked for them only, so "
                                                     "it is closed."));
    CHECK_FALSE(has_offer_of(chat.messages_for("kai"), 1));
}

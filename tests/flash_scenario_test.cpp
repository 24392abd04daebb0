// Flash mentoring as people live it: requests of every kind, offers, declines, expiry, slots, feedback.
#include <catch2/catch.hpp>

#include <chrono>

#include "storage/request_store.h"
#include "storage/session_store.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"
#include "tests/support/message_choices.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

FlashRequest request_number(TestChat& chat, long long id) { return *RequestStore(chat.database()).find(id); }

// Deliveries since the last look, split by who got them.
struct Inbox {
    std::vector<OutboundMessage> all;
    std::vector<Message> for_member(const std::string& who) const {
        std::vector<Message> messages;
        for (const auto& delivery : all) {
            if (delivery.destination.target == console_member(who)) messages.push_back(delivery.message);
        }
        return messages;
    }
    Message one_for(const std::string& who) const {
        auto messages = for_member(who);
        REQUIRE(messages.size() == 1);
        return messages.front();
    }
};

Inbox inbox(TestChat& chat) { return Inbox{chat.take_deliveries()}; }

// Offers go only to mentors at work: from Thursday 09:00 UTC to 14:00 UTC, when Berlin,
// London and New York all work, for tests about something else than working hours.
void at_work_in_all_zones(TestChat& chat) { chat.jump(std::chrono::hours(5)); }

std::vector<std::string> command_lines(const Message& message) { return choice_lines(message); }

}  // namespace

TEST_CASE("ana asks for kubernetes help: ben declines, carla accepts, both see the slot, feedback is given",
          "[flash][scenario]") {
    TestChat chat;
    at_work_in_all_zones(chat);
    chat.run("kai", "/mentor pause");
    chat.take_deliveries();

    // Thursday 09:00 UTC. ana (junior, Berlin) needs kubernetes help.
    Reply asked = chat.run("ana", "/flash request kubernetes");
    CHECK(has(asked.response.text, "Request #1 (flash, kubernetes, 30 min): offered to " + at("ben")));
    CHECK(has(asked.response.text,
              "Why: Ben Okafor knows kubernetes, is two levels ahead of you and shares 7 h of your working day."));
    CHECK_FALSE(asked.is_public);
    // The scores are there for the asking: without the runner-up's name for ana, with it for admins.
    const std::string scored = chat.run("ana", "/flash why 1 detail:yes").response.text;
    CHECK(has(scored, "Ben Okafor: offers kubernetes (also a listed skill)"));
    CHECK(has(scored, "level 4 vs requester 2"));
    CHECK(has(scored, "7 h of shared working hours"));
    CHECK(has(scored, "0 of 3 sessions used this week"));
    CHECK(has(scored, "Ahead of another mentor"));
    CHECK_FALSE(has(scored, "Carla"));
    CHECK(has(chat.run("olivia", "/flash why 1 detail:yes").response.text, "Ahead of Carla Reyes"));

    // ben is offered it by direct message, with Accept and Decline buttons.
    Message offer = inbox(chat).one_for("ben");
    CHECK(has(offer.text, at("ana") + " asks for flash help on kubernetes (30 min), request #1."));
    CHECK(has(offer.text, "Why you: You know kubernetes, are two levels ahead of the requester"));
    CHECK(command_lines(offer) == std::vector<std::string>{"/flash accept 1", "/flash decline 1"});

    // ben declines; carla is next and ana hears about it.
    Reply declined = chat.run("ben", "/flash decline 1 reason:\"on call this week\"");
    CHECK(has(declined.response.text, "Declined request #1"));
    Inbox after_decline = inbox(chat);
    Message told = after_decline.one_for("ana");
    CHECK(has(told.text, at("ben") + " cannot take your request #1 (flash, kubernetes) (on call this week)."));
    CHECK(has(told.text, "offered to " + at("carla")));
    CHECK(command_lines(after_decline.one_for("carla")) ==
          std::vector<std::string>{"/flash accept 1", "/flash decline 1"});

    // carla (New York) accepts: both see the slot in their own zone and a calendar link.
    Reply accepted = chat.run("carla", "/flash accept 1");
    CHECK(has(accepted.response.text, "You accepted request #1 (flash, kubernetes) from " + at("ana")));
    CHECK(has(accepted.response.text,
              "Suggested slot: Thu 26 Nov 09:30 (America/New_York) for you, Thu 26 Nov 15:30 (Europe/Berlin) for " +
                  at("ana")));
    CHECK(has(accepted.response.text, "dates=20261126T143000Z/20261126T150000Z"));
    Message confirmed = inbox(chat).one_for("ana");
    CHECK(has(confirmed.text, at("carla") + " accepted your request #1 (flash, kubernetes), 30 min, session #1."));
    CHECK(has(confirmed.text,
              "Suggested slot: Thu 26 Nov 15:30 (Europe/Berlin) for you, Thu 26 Nov 09:30 (America/New_York) for " +
                  at("carla")));
    CHECK(has(confirmed.text, "Add to calendar: https://calendar.google.com/calendar/render?action=TEMPLATE"));
    // carla's weekly load went up by one.
    CHECK(has(chat.run("carla", "/mentor status").response.text, "This week: 1 of 2 sessions"));

    // The slot (14:30 UTC) plus 30 minutes passes: both are asked for feedback with 1–5 buttons.
    chat.advance(59min);
    CHECK(inbox(chat).all.empty());
    chat.advance(1min);
    Inbox asks = inbox(chat);
    for (const char* who : {"ana", "carla"}) {
        Message ask = asks.one_for(who);
        CHECK(has(ask.text, "How was your session #1 on kubernetes"));
        CHECK(command_lines(ask) ==
              std::vector<std::string>{"/feedback session id:1 rating:1", "/feedback session id:1 rating:2",
                                       "/feedback session id:1 rating:3", "/feedback session id:1 rating:4",
                                       "/feedback session id:1 rating:5"});
    }

    // Given and summarised: carla sees her average and the comment, not who wrote it.
    CHECK(has(chat.run("ana", "/feedback session id:1 rating:5").response.text, "rated 5/5"));
    Reply changed = chat.run("ana",
                             "/feedback session id:1 rating:5 goal:met comment:\"Clear, kind, and I fixed my pod\"");
    CHECK(has(changed.response.text, "this replaces your earlier feedback"));
    chat.run("carla", "/feedback session id:1 rating:4 goal:met");
    Reply summary = chat.run("carla", "/feedback summary");
    CHECK(has(summary.response.text, "As a mentor: 1 rating, average 5.0/5; goals met 1, partly 0, not 0."));
    CHECK(has(summary.response.text, "• Clear, kind, and I fixed my pod"));
    CHECK_FALSE(has(summary.response.text, "ana"));
    CHECK_FALSE(has(summary.response.text, "Ana"));
    CHECK(has(chat.run("ana", "/feedback summary").response.text, "Feedback you gave on sessions: 1."));

    // /flash done after the feedback was asked does not ask again.
    Reply done = chat.run("ana", "/flash done 1");
    CHECK(has(done.response.text, "Marked request #1 (flash, kubernetes) done. Thank you!"));
    CHECK(choice_count(inbox(chat).one_for("carla")) == 0);
    CHECK(request_number(chat, 1).status == "done");
}

TEST_CASE("/flash why and /flash list show the explanation to the people in the request only", "[flash][scenario]") {
    TestChat chat;
    chat.run("ana", "/flash request k8s");  // the alias resolves to kubernetes
    const std::string why = chat.run("ana", "/flash why 1").response.text;
    CHECK(has(why, "Request #1 (flash, kubernetes, 30 min) is offered to " + at("kai")));
    CHECK(has(why, "Why: Kai Müller knows kubernetes"));
    CHECK(has(chat.run("kai", "/flash why 1").response.text, "Why: You know kubernetes"));
    CHECK(has(chat.run("mo", "/flash why 1").response.text, "only the people in request #1"));
    CHECK(has(chat.run("kai", "/flash list").response.text,
              "Offered to you:\n• #1 flash · kubernetes · 30 min · offered · from " + at("ana")));
    CHECK(has(chat.run("ana", "/flash list").response.text,
              "Your requests:\n• #1 flash · kubernetes · 30 min · offered to " + at("kai")));
    CHECK(has(chat.run("mo", "/flash list").response.text, "You have no flash requests yet"));
}

TEST_CASE("micro-mentorship needs the challenge and lasts 15 minutes", "[flash][scenario][micro]") {
    TestChat chat;
    Reply refused = chat.run("ana", "/flash request kubernetes kind:micro");
    CHECK(has(refused.response.text, "a micro request needs the challenge in a note"));
    CHECK(has(refused.response.text, "Usage: /flash request topic:"));
    CHECK_FALSE(RequestStore(chat.database()).find(1));

    Reply asked = chat.run("ana", "/flash request kubernetes kind:micro note:\"my pods restart every 5 minutes\"");
    CHECK(has(asked.response.text, "Request #1 (micro, kubernetes, 15 min): offered to"));
    const std::string mentor = request_number(chat, 1).candidate_id.substr(std::string("console:local:").size());
    CHECK(has(inbox(chat).one_for(mentor).text, "Note: my pods restart every 5 minutes"));
    chat.run(mentor, "/flash accept 1");
    CHECK(has(inbox(chat).one_for("ana").text, "Note: my pods restart every 5 minutes"));
}

TEST_CASE("shadow coaching needs a moment, an opted-in mentor, and that mentor at work then",
          "[flash][scenario][shadow]") {
    TestChat chat;
    at_work_in_all_zones(chat);
    CHECK(has(chat.run("ana", "/flash request kubernetes kind:shadow").response.text,
              "a shadow request needs the moment to observe"));
    CHECK(has(chat.run("ana", "/flash request kubernetes kind:shadow when:\"2026-11-25 10:00\"").response.text,
              "when must be in the future"));
    CHECK_FALSE(RequestStore(chat.database()).find(1));

    // Friday 10:00 in Berlin is 09:00 in London (ben, opted in) and 04:00 in New York
    // (carla, opted in but asleep); kai never opted in to shadowing.
    Reply asked = chat.run("ana", "/flash request kubernetes kind:shadow when:\"2026-11-27 10:00\"");
    CHECK(has(asked.response.text, "offered to " + at("ben")));
    CHECK(has(inbox(chat).one_for("ben").text, "The moment to observe: Fri 27 Nov 10:00 (Europe/Berlin)"));
    chat.run("ben", "/flash decline 1");
    // A plain no is no news in ana's DMs; where the request stands is one /flash why away.
    CHECK(inbox(chat).for_member("ana").empty());
    CHECK(has(chat.run("ana", "/flash why 1").response.text,
              "Nobody fits yet: 3 mentors offer kubernetes, but 1 declined this request, "
              "1 has not opted in to this kind and 1 is outside working hours at that moment."));
}

TEST_CASE("shadow slot is the moment itself", "[flash][scenario][shadow]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes kind:shadow when:\"2026-11-27 10:00\"");
    Reply accepted = chat.run("ben", "/flash accept 1");
    CHECK(has(accepted.response.text,
              "Suggested slot: Fri 27 Nov 09:00 (Europe/London) for you, Fri 27 Nov 10:00 (Europe/Berlin)"));
}

TEST_CASE("reverse mentoring: a junior who opted in teaches a senior", "[flash][scenario][reverse]") {
    TestChat chat;
    at_work_in_all_zones(chat);
    // farid (principal, Sales) wants generative AI; gia (intern) opted in to reverse mentoring.
    Reply asked = chat.run("farid", "/flash request \"generative ai\" kind:reverse");
    CHECK(has(asked.response.text, "Request #1 (reverse, generative ai, 30 min): offered to " + at("gia")));
    CHECK(has(chat.run("farid", "/flash why 1 detail:yes").response.text,
              "a mentor below the requester's level who opted in to reverse mentoring"));
    // The same topic as a flash request finds nobody above a principal.
    Reply flash = chat.run("farid", "/flash request \"generative ai\"");
    CHECK(has(flash.response.text,
              "Request #2 (flash, generative ai, 30 min) is queued: Nobody fits yet: 1 mentor "
              "offers generative ai, but 1 does not fit the level rule (a mentor above the requester's level)."));
}

TEST_CASE("near-peer coaching prefers a guide one step ahead", "[flash][scenario][near-peer]") {
    TestChat chat;
    // mo (junior) wants go: kai (mid) is one level up, ben (senior) two; carla and lena do not offer go.
    Reply asked = chat.run("mo", "/flash request go kind:near-peer");
    CHECK(has(asked.response.text, "offered to " + at("kai")));
    CHECK(has(asked.response.text, "is one level ahead of you"));
    const std::string scored = chat.run("mo", "/flash why 1 detail:yes").response.text;
    CHECK(has(scored, "a mentor one or two levels above the requester"));
    CHECK(has(scored, "Ahead of another mentor"));
    CHECK(has(chat.run("olivia", "/flash why 1 detail:yes").response.text, "Ahead of Ben Okafor"));
}

TEST_CASE("peer advising stays within one level", "[flash][scenario][peer]") {
    TestChat chat;
    // ines (junior, Product) and dev (mid, Product) share product discovery.
    CHECK(has(chat.run("ines", "/flash request \"product discovery\" kind:peer").response.text,
              "offered to " + at("dev")));
    // jon (intern) asks emma (senior) for figma as a peer: three levels apart, no.
    CHECK(has(chat.run("jon", "/flash request figma kind:peer").response.text,
              "is queued: Nobody fits yet: 1 mentor offers figma, but 1 does not fit the level rule (a peer within one "
              "level of the requester)."));
}

TEST_CASE("long-term mentorship checks in every four weeks and asks for feedback every third meeting",
          "[flash][scenario][long-term]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes kind:long-term");
    const std::string mentor = request_number(chat, 1).candidate_id.substr(std::string("console:local:").size());
    Reply accepted = chat.run(mentor, "/flash accept 1");
    CHECK(has(accepted.response.text, "long-term pairing: I will check in every 4 weeks"));
    chat.advance(std::chrono::days(1));  // the first meeting, in the suggested slot
    chat.take_deliveries();

    for (int meeting = 1; meeting <= 3; ++meeting) {
        chat.advance(std::chrono::days(30));
        Inbox checkin = inbox(chat);
        for (const std::string& who : {std::string("ana"), mentor}) {
            Message message = checkin.one_for(who);
            CHECK(has(message.text, "time for meeting " + std::to_string(meeting)));
            // Every third meeting asks for a rating; the others ask whether the last meeting took place.
            CHECK(choice_count(message) == (meeting == 3 ? 5u : 2u));
        }
    }
    // ana ends the pairing: both asked for feedback, and no more check-ins.
    Reply done = chat.run("ana", "/flash done 1");
    CHECK(choice_count(done.response) == 5);
    CHECK(choice_count(inbox(chat).one_for(mentor)) == 5);
    chat.advance(std::chrono::days(60));
    CHECK(inbox(chat).all.empty());
    CHECK(SessionStore(chat.database()).find(1)->meetings == 3);
}

TEST_CASE("hard rules in the chat: never yourself, never a full mentor, never after a rating of 1-2",
          "[flash][scenario]") {
    TestChat chat;
    at_work_in_all_zones(chat);
    SECTION("ben, a kubernetes mentor himself, is never offered his own request") {
        Reply asked = chat.run("ben", "/flash request kubernetes");
        CHECK(has(asked.response.text, "offered to " + at("carla")));
    }
    SECTION("a mentor whose week is full gets no offer until the weekly reset") {
        chat.run("carla", "/mentor offer capacity:1");
        chat.run("kai", "/mentor pause");
        chat.run("ben", "/mentor pause");
        chat.run("ana", "/flash request kubernetes");
        chat.run("carla", "/flash accept 1");
        Reply second = chat.run("mo", "/flash request kubernetes");
        CHECK(has(second.response.text, "is queued: Nobody fits yet: 3 mentors offer kubernetes, but 2 are paused and "
                                        "1 has no capacity left this week."));
        chat.take_deliveries();
        // Monday 00:00 in New York carla's week starts again; she is asked at 09:00 there.
        chat.advance(std::chrono::hours(24 * 4));
        Inbox monday = inbox(chat);
        CHECK(has(monday.one_for("mo").text,
                  "Good news: Request #2 (flash, kubernetes, 30 min): offered to " + at("carla")));
        // carla was asked for feedback on Thursday's session first, a day later whether it
        // happened (nobody had rated it), then offered mo's request.
        REQUIRE(monday.for_member("carla").size() == 3);
        CHECK(has(monday.for_member("carla")[0].text, "How was your session #1"));
        CHECK(has(monday.for_member("carla")[1].text, "Did your session #1 (kubernetes)"));
        CHECK(command_lines(monday.for_member("carla").back()) ==
              std::vector<std::string>{"/flash accept 2", "/flash decline 2"});
    }
    SECTION("a pair that rated a session 1-2 is not matched again") {
        chat.run("ana", "/flash request kubernetes");
        CHECK(request_number(chat, 1).candidate_id == console_member("kai"));
        chat.run("kai", "/flash accept 1");
        Reply rated = chat.run("ana", "/feedback session id:1 rating:2 goal:not");
        CHECK(has(rated.response.text, "You two will not be matched again."));
        chat.run("ana", "/flash done 1");
        chat.run("ana", "/flash request kubernetes");
        CHECK(request_number(chat, 2).candidate_id == console_member("ben"));
    }
}

TEST_CASE("an unanswered offer moves on, waits for a mentor who starts later, and silence is asked again",
          "[flash][scenario][expiry]") {
    TestChat chat;
    // Thursday 09:00 UTC: kai (Berlin) and ben (London) are at work, carla (New York) is not.
    chat.run("ana", "/flash request kubernetes");
    CHECK(request_number(chat, 1).candidate_id == console_member("kai"));
    chat.take_deliveries();

    chat.advance(29min);
    CHECK(inbox(chat).all.empty());
    chat.advance(1min);
    Inbox first = inbox(chat);
    CHECK(has(first.one_for("kai").text, "expired. No action needed; if you can still help, /flash accept 1"));
    // Moving on to the next mentor is no news for ana: she hears when someone accepts, or
    // when the request has to wait.
    CHECK(first.for_member("ana").empty());
    CHECK(first.one_for("ben").buttons.size() == 2);

    // ben is silent too. carla fits, but it is 05:00 in New York: the request waits for her
    // instead of waking her, and ana learns when.
    chat.advance(30min);
    Inbox second = inbox(chat);
    CHECK(second.for_member("carla").empty());
    CHECK(has(second.one_for("ana").text,
              "Carla Reyes fits best and starts work in 4 h, Thu 26 Nov 15:00 (Europe/Berlin); I will ask then"));
    CHECK(request_number(chat, 1).status == "queued");

    CHECK(has(second.one_for("ana").text, "you will hear when someone accepts or if it has to wait again."));

    // 14:00 UTC, 09:00 in New York: carla is asked. A third offer is no news for ana: she
    // hears its outcome.
    chat.advance(4h);
    Inbox morning = inbox(chat);
    CHECK(command_lines(morning.one_for("carla")) == std::vector<std::string>{"/flash accept 1", "/flash decline 1"});
    CHECK(morning.for_member("ana").empty());

    // Three mentors asked, none answered: the request waits, and will be asked again.
    chat.advance(30min);
    Message waiting = inbox(chat).one_for("ana");
    CHECK(has(waiting.text, "3 mentors were asked and none could take it yet, so it waits. I will ask again in"));
    CHECK(request_number(chat, 1).status == "queued");

    // Silence is not a no: the next working day a new pass asks kai again.
    chat.advance(24h);
    bool kai_asked_again = false;
    for (const Message& message : inbox(chat).for_member("kai")) {
        if (command_lines(message) == std::vector<std::string>{"/flash accept 1", "/flash decline 1"}) {
            kai_asked_again = true;
        }
    }
    CHECK(kai_asked_again);
    CHECK(request_number(chat, 1).status != "queued");
}

TEST_CASE("a requester hears once a day that a request waits for a mentor's morning and always when a pass ends",
          "[flash][scenario][expiry]") {
    TestChat chat;
    // Three terraform mentors in Berlin, New York and Tokyo; Thursday 09:00 UTC only Berlin works.
    chat.run("yann", "/profile set level:4 tz:Europe/Berlin");
    chat.run("yann", "/mentor offer topics:terraform capacity:3");
    chat.run("zoe", "/profile set level:4 tz:America/New_York");
    chat.run("zoe", "/mentor offer topics:terraform capacity:3");
    chat.run("xia", "/profile set level:4 tz:Asia/Tokyo");
    chat.run("xia", "/mentor offer topics:terraform capacity:3");
    chat.run("ana", "/flash request terraform");
    CHECK(request_number(chat, 1).candidate_id == console_member("yann"));
    chat.take_deliveries();

    // yann is silent: the request waits for zoe's morning, and ana hears it.
    chat.advance(30min);
    CHECK(has(inbox(chat).one_for("ana").text, at("yann") + " did not answer in time."));
    CHECK(request_number(chat, 1).status == "queued");

    // zoe is asked at 09:00 New York time and is silent too: it waits for xia's morning in
    // Tokyo. The same news the same day again would be noise; /flash why has it.
    chat.advance(4h + 45min);
    CHECK(request_number(chat, 1).candidate_id == console_member("zoe"));
    chat.advance(30min);
    CHECK(inbox(chat).for_member("ana").empty());
    CHECK(request_number(chat, 1).status == "queued");
    CHECK(has(chat.run("ana", "/flash why 1").response.text, "xia knows terraform"));

    // xia is asked at 09:00 Tokyo time and lets it lapse: the pass ends, which ana always hears.
    chat.advance(9h + 30min);
    CHECK(request_number(chat, 1).candidate_id == console_member("xia"));
    chat.advance(30min);
    CHECK(has(inbox(chat).one_for("ana").text, "3 mentors were asked and none could take it yet, so it waits."));
}

TEST_CASE(
    "a request whose pass ended goes to a fitting mentor when their working day begins with nobody doing anything",
    "[flash][scenario][expiry]") {
    TestChat chat;
    // Three terraform mentors in Europe who will stay silent, and zoe in New York.
    for (const char* name : {"yann", "wim", "vera"}) {
        chat.run(name, "/profile set level:4 tz:Europe/Berlin");
        chat.run(name, "/mentor offer topics:terraform capacity:3");
    }
    chat.run("zoe", "/profile set level:4 tz:America/New_York");
    chat.run("zoe", "/mentor offer topics:terraform capacity:3");
    chat.run("ana", "/flash request terraform");
    // Thursday 09:00 UTC: the three at work are asked in turn and none answers: the pass ends.
    chat.advance(90min);
    CHECK(request_number(chat, 1).status == "queued");
    CHECK(has(inbox(chat).one_for("ana").text, "3 mentors were asked and none could take it yet, so it waits."));

    // 14:00 UTC, 09:00 in New York: zoe's working day begins and she is asked, though no
    // command ran in between.
    chat.advance(3h + 29min);
    CHECK(inbox(chat).for_member("zoe").empty());
    chat.advance(1min);
    CHECK(request_number(chat, 1).candidate_id == console_member("zoe"));
    CHECK(command_lines(inbox(chat).one_for("zoe")) == std::vector<std::string>{"/flash accept 1", "/flash decline 1"});
}

TEST_CASE("a mentor whose offer lapsed may still say yes while nobody else has taken it", "[flash][scenario][expiry]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");  // kai first
    chat.advance(30min);                           // kai is silent, ben is offered it
    CHECK(request_number(chat, 1).candidate_id == console_member("ben"));
    chat.take_deliveries();

    const Reply late = chat.run("kai", "/flash accept 1");
    CHECK(has(late.response.text, "You accepted request #1 (flash, kubernetes) from " + at("ana")));
    Inbox told = inbox(chat);
    CHECK(has(told.one_for("ben").text, at("kai") + " has taken request #1 (flash, kubernetes), so the offer to you "
                                                    "is withdrawn. No answer needed."));
    CHECK(has(told.one_for("ana").text, at("kai") + " accepted your request #1"));
    CHECK(request_number(chat, 1).status == "accepted");
    // The withdrawn offer does not expire later as if ben had been silent.
    chat.advance(1h);
    for (const Message& message : inbox(chat).for_member("ana")) CHECK_FALSE(has(message.text, "did not answer"));
    // Once taken, a second late yes is told so.
    CHECK(has(chat.run("ben", "/flash accept 1").response.text, "someone else has taken it"));
}

TEST_CASE("a mentor who declined is never asked again, a silent one is", "[flash][scenario][expiry]") {
    TestChat chat;
    chat.run("carla", "/mentor pause");
    chat.run("ana", "/flash request kubernetes");  // kai
    chat.run("kai", "/flash decline 1 reason:\"on leave\"");
    CHECK(request_number(chat, 1).candidate_id == console_member("ben"));
    chat.advance(30min);  // ben is silent: nobody is left in this pass
    chat.take_deliveries();
    chat.advance(24h);  // the next pass
    Inbox next_day = inbox(chat);
    CHECK(next_day.for_member("kai").empty());
    bool ben_asked_again = false;
    for (const Message& message : next_day.for_member("ben")) {
        if (command_lines(message) == std::vector<std::string>{"/flash accept 1", "/flash decline 1"}) {
            ben_asked_again = true;
        }
    }
    CHECK(ben_asked_again);
    CHECK(has(chat.run("kai", "/flash accept 1").response.text, "is not offered to you (any more)."));
}

TEST_CASE("a paused mentor's return re-matches queued requests", "[flash][scenario]") {
    TestChat chat;
    at_work_in_all_zones(chat);
    chat.run("emma", "/mentor pause until:2026-11-30");
    Reply asked = chat.run("jon", "/flash request figma");
    CHECK(has(asked.response.text, "is queued: Nobody fits yet: 1 mentor offers figma, but 1 is paused."));
    chat.take_deliveries();
    // Monday 00:00 in Berlin (23:00 UTC on Sunday) the pause ends; emma is asked when her working day starts.
    chat.advance(std::chrono::hours(24 * 3 + 10));
    Inbox midnight = inbox(chat);
    CHECK(midnight.for_member("jon").empty());
    CHECK(has(midnight.one_for("emma").text, "pause"));  // "your pause has ended", at midnight
    chat.advance(std::chrono::hours(8));                 // Monday 09:00 in Berlin (08:00 UTC)
    Inbox monday = inbox(chat);
    CHECK(has(monday.one_for("jon").text, "Good news: Request #1 (flash, figma, 30 min): offered to " + at("emma")));
    CHECK(command_lines(monday.one_for("emma")) == std::vector<std::string>{"/flash accept 1", "/flash decline 1"});
}

TEST_CASE("restart in the middle of an offer: the expiry that fell due while down runs once",
          "[flash][scenario][restart]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");
    CHECK(request_number(chat, 1).candidate_id == console_member("kai"));
    chat.take_deliveries();

    chat.restart();
    chat.clock().advance(2h);  // the bot was down while the 30-minute expiry fell due
    CHECK(chat.app().run_due_jobs() == 1);
    CHECK(chat.app().run_due_jobs() == 0);
    chat.app().deliver_outbox();
    Inbox after = inbox(chat);
    CHECK(after.for_member("ana").empty());  // moved on quietly to the next mentor
    CHECK(after.one_for("ben").buttons.size() == 2);
    CHECK(request_number(chat, 1).candidate_id == console_member("ben"));
    CHECK(request_number(chat, 1).candidates_tried == 2);

    // Another restart: nothing runs twice.
    chat.restart();
    CHECK(chat.app().run_due_jobs() == 0);
    chat.app().deliver_outbox();
    CHECK(inbox(chat).all.empty());
}

TEST_CASE("only the people in a request may act on it, and bad input changes nothing", "[flash][scenario][errors]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");  // offered to kai
    chat.take_deliveries();
    auto unchanged = [&] {
        const FlashRequest request = request_number(chat, 1);
        CHECK(request.status == "offered");
        CHECK(request.candidate_id == console_member("kai"));
        CHECK(request.candidates_tried == 1);
        CHECK(inbox(chat).all.empty());
    };
    CHECK(
        has(chat.run("ben", "/flash accept 1").response.text, "only the people in request #1 can act on it or see it"));
    CHECK(has(chat.run("ana", "/flash accept 1").response.text, "you cannot accept your own request #1"));
    CHECK(has(chat.run("ben", "/flash decline 1").response.text, "only the people in request #1"));
    CHECK(has(chat.run("mo", "/flash cancel 1").response.text, "only the people in request #1"));
    CHECK(has(chat.run("kai", "/flash cancel 1").response.text, "to say no, use /flash decline 1"));
    CHECK(has(chat.run("ana", "/flash done 1").response.text, "only an accepted request can be marked done"));
    CHECK(has(chat.run("ana", "/flash accept 99").response.text, "there is no request #99"));
    CHECK(has(chat.run("ana", "/flash accept").response.text, "Usage: /flash accept id:"));
    CHECK(has(chat.run("ana", "/flash why abc").response.text, "Usage: /flash why id:"));
    CHECK(has(chat.run("ana", "/flash request kubernetes minutes:20").response.text,
              "minutes must be one of 15, 30, 45, 60"));
    CHECK(has(chat.run("ana", "/flash request kubernetes kind:mentoring").response.text, "kind must be one of"));
    CHECK(has(chat.run("ana", "/flash request " + std::string(65, 'x')).response.text, "64"));
    CHECK(has(chat.run("ana", "/flash request kubernetes kind:shadow when:tomorrow").response.text, "when must be"));
    CHECK(has(chat.run("ana", "/feedback session id:1 rating:5").response.text, "there is no session #1"));
    unchanged();
    CHECK_FALSE(RequestStore(chat.database()).find(2));

    chat.run("kai", "/flash accept 1");
    chat.take_deliveries();
    CHECK(has(chat.run("ana", "/feedback session id:1 rating:7").response.text, "rating"));
    CHECK(has(chat.run("mo", "/feedback session id:1 rating:4").response.text, "only the two people in session #1"));
    CHECK(has(chat.run("ana", "/feedback session id:1 rating:4 goal:maybe").response.text, "goal must be one of"));
    CHECK(has(chat.run("kai", "/flash accept 1").response.text, "you already accepted request #1"));
    CHECK(has(chat.run("ana", "/feedback peer user:ana note:hi").response.text, "not to yourself"));
    CHECK(has(chat.run("ana", "/feedback peer user:nobody note:hi").response.text, "I don't know"));
    CHECK(has(chat.run("ana", "/feedback peer user:kai note:hi pod:nowhere").response.text,
              "there is no pod named nowhere"));
    // One feedback per person: changed within 24 h, refused after.
    chat.run("ana", "/feedback session id:1 rating:4");
    chat.advance(std::chrono::hours(25));
    chat.take_deliveries();
    CHECK(has(chat.run("ana", "/feedback session id:1 rating:1").response.text,
              "more than 24 hours ago; that rating stands"));
    CHECK_FALSE(SessionStore(chat.database()).rated_badly_with(console_member("ana")).count(console_member("kai")));
}

TEST_CASE("peer feedback is a note with an invitation to send one back", "[flash][scenario][feedback]") {
    TestChat chat;
    Reply sent = chat.run("mo", "/feedback peer user:hugo note:\"Thanks for the CRM walkthrough — très utile 👍\"");
    CHECK(has(sent.response.text, "Sent your note to " + at("hugo")));
    Message note = inbox(chat).one_for("hugo");
    CHECK(has(note.text, at("mo") + " sent you peer feedback: \"Thanks for the CRM walkthrough — très utile 👍\""));
    CHECK(has(note.text, "Send one back: /feedback peer user:" + at("mo")));
    CHECK(has(chat.run("hugo", "/feedback summary").response.text, "Peer notes you received: 1."));
}

TEST_CASE("cancelling: the candidate is told, an accepted session gives the week back", "[flash][scenario]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");
    chat.take_deliveries();
    CHECK(has(chat.run("ana", "/flash cancel 1").response.text, "Cancelled request #1"));
    CHECK(has(inbox(chat).one_for("kai").text, "cancelled request #1 (flash, kubernetes); no answer needed."));
    CHECK(has(chat.run("kai", "/flash accept 1").response.text, "it was cancelled"));
    // No expiry fires for a cancelled offer.
    chat.advance(1h);
    CHECK(inbox(chat).all.empty());

    chat.run("ana", "/flash request kubernetes");
    chat.run("kai", "/flash accept 2");
    CHECK(has(chat.run("kai", "/mentor status").response.text, "This week: 1 of 2"));
    chat.take_deliveries();
    chat.run("kai", "/flash cancel 2");
    // The mentor's cancel sends the request back to matching: it is not cancelled for ana.
    CHECK(has(inbox(chat).one_for("ana").text,
              "Kai Müller can no longer take your kubernetes request; I am looking for another mentor."));
    CHECK(has(chat.run("kai", "/mentor status").response.text, "This week: 0 of 2"));
    CHECK(has(chat.run("ana", "/flash cancel 2").response.text, "Cancelled request #2"));
    CHECK(has(chat.run("ana", "/flash cancel 2").response.text, "already cancelled"));
}

TEST_CASE("scarcity in the chat: the only senior is kept for the request only she can serve",
          "[flash][scenario][scarcity]") {
    TestChat chat(false);
    at_work_in_all_zones(chat);
    chat.run("sam", "/profile set level:5 tz:Europe/Berlin dept:Platform");
    chat.run("sam", "/mentor offer topics:kubernetes capacity:1");
    chat.run("mia", "/profile set level:3 tz:Europe/Berlin dept:Sales");
    chat.run("mia", "/mentor offer topics:kubernetes capacity:1");
    chat.run("ana", "/profile set level:2 tz:Europe/Berlin dept:Sales");
    chat.run("bea", "/profile set level:4 tz:Europe/Berlin dept:Sales");
    // Both mentors are away until Monday; ana asks first, then bea.
    chat.run("sam", "/mentor pause until:2026-11-30");
    chat.run("mia", "/mentor pause until:2026-11-30");
    CHECK(has(chat.run("ana", "/flash request kubernetes").response.text, "is queued"));
    CHECK(has(chat.run("bea", "/flash request kubernetes").response.text, "is queued"));
    chat.take_deliveries();

    // Monday: both come back at once, and are asked when their day starts in Berlin. On paper
    // sam fits ana better (a new connection across departments), but only sam is above bea's
    // level: ana gets mia and both are served.
    chat.advance(std::chrono::hours(24 * 3 + 18));
    Inbox monday = inbox(chat);
    const std::string to_ana = monday.one_for("ana").text;
    CHECK(has(to_ana, "Good news: Request #1 (flash, kubernetes, 30 min): offered to " + at("mia")));
    CHECK_FALSE(has(to_ana, "sam"));
    CHECK(has(chat.run("ana", "/flash why 1 detail:yes").response.text,
              "Scarcity decided it: another mentor fits slightly better on paper (4.25 vs 4.00), but 1 waiting "
              "request can only be served by them, so that time is kept for them."));
    CHECK(has(chat.run("olivia", "/flash why 1 detail:yes").response.text,
              "Scarcity decided it: sam fits slightly better on paper (4.25 vs 4.00), but 1 waiting request "
              "can only be served by sam, so that time is kept for them."));
    CHECK(
        has(monday.one_for("bea").text, "Good news: Request #2 (flash, kubernetes, 30 min): offered to " + at("sam")));
}

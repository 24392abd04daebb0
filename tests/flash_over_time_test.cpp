// Flash mentoring over days: evening requests wait for the morning, limits per member, and ratings that count.
#include <catch2/catch.hpp>

#include <chrono>
#include <optional>

#include "commands/home_view.h"
#include "config/config.h"
#include "storage/request_store.h"
#include "tests/support/callers.h"
#include "tests/support/offer_messages.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"
#include "tests/support/message_choices.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

// kai as the only mentor of kubernetes, with room for five sessions a week.
void leave_kai_alone_on_kubernetes(TestChat& chat) {
    chat.run("ben", "/mentor stop");
    chat.run("carla", "/mentor stop");
    chat.run("kai", "/mentor offer topics:kubernetes capacity:5");
}

}  // namespace

TEST_CASE("a request made in the evening waits for the mentor's morning instead of waking them",
          "[flash][time][hours]") {
    TestChat chat;
    chat.run("carla", "/mentor pause");  // New York is still at work at 21:18 UTC
    chat.jump(12h + 18min);              // Thursday 21:18 UTC: 22:18 in Berlin, 21:18 in London
    const Reply asked = chat.run("ana", "/flash request kubernetes");
    CHECK(has(asked.response.text, "Kai Müller fits best and starts work in 10 h, Fri 27 Nov 09:00 (Europe/Berlin); "
                                   "I will ask then, and tell you."));
    CHECK(RequestStore(chat.database()).find(1)->status == "queued");

    // The night passes without a DM to any mentor.
    chat.advance(10h + 41min);  // Friday 07:59 UTC
    CHECK_FALSE(has_offer_of(chat.messages_for("kai"), 1));
    chat.advance(1min);  // 09:00 in Berlin
    const auto deliveries = chat.take_deliveries();
    bool kai_asked = false;
    bool ana_told = false;
    for (const auto& delivery : deliveries) {
        if (delivery.destination.target == console_member("kai") && choice_count(delivery.message) > 0)
            kai_asked = true;
        if (delivery.destination.target == console_member("ana") &&
            has(delivery.message.text, "Good news: Request #1 (flash, kubernetes, 30 min): offered to " + at("kai"))) {
            ana_told = true;
        }
    }
    CHECK(kai_asked);
    CHECK(ana_told);
    CHECK(has(chat.run("kai", "/flash accept 1").response.text, "You accepted request #1"));
}

TEST_CASE("an offer made late in the day keeps its working minutes overnight", "[flash][time][hours]") {
    TestChat chat;
    chat.run("ben", "/mentor pause");
    chat.run("carla", "/mentor pause");
    chat.jump(6h + 50min);  // Thursday 15:50 UTC, 16:50 in Berlin: kai has 10 minutes of his day left
    chat.run("ana", "/flash request kubernetes");
    CHECK(has_offer_of(chat.messages_for("kai"), 1));
    const std::string to_kai_later = "expired";
    // Not expired overnight: the remaining 20 minutes run from 09:00 Berlin on Friday.
    chat.advance(16h + 19min);  // Friday 08:09 UTC
    for (const Message& message : chat.messages_for("kai")) CHECK_FALSE(has(message.text, to_kai_later));
    CHECK(RequestStore(chat.database()).find(1)->status == "offered");
    chat.advance(12min);  // 08:21 UTC, 09:21 in Berlin
    bool expired = false;
    for (const Message& message : chat.messages_for("kai")) expired = expired || has(message.text, to_kai_later);
    CHECK(expired);
}

TEST_CASE("a mentor's status tells sessions used from offers waiting for an answer", "[flash][time][capacity]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");  // offered to kai
    CHECK(has(chat.run("kai", "/mentor status").response.text,
              "This week: 0 of 2 sessions, 1 offer waiting for an answer"));
    chat.run("kai", "/flash accept 1");
    CHECK(has(chat.run("kai", "/mentor status").response.text, "This week: 1 of 2 sessions\n"));
}

TEST_CASE("one member may have three requests waiting and is warned about a second on one topic", "[flash][limits]") {
    TestChat chat;
    for (const std::string mentor : {"kai", "ben", "carla"}) chat.run(mentor, "/mentor pause");
    CHECK_FALSE(has(chat.run("mo", "/flash request kubernetes").response.text, "already have"));
    CHECK(has(chat.run("mo", "/flash request kubernetes").response.text,
              "Note: you already have a request on kubernetes waiting (see /flash list)"));
    chat.run("mo", "/flash request go");
    const Reply refused = chat.run("mo", "/flash request rust");
    CHECK(has(refused.response.text, "you already have 3 requests waiting for a mentor"));
    CHECK_FALSE(RequestStore(chat.database()).find(4));
    // Cancelling one makes room.
    chat.run("mo", "/flash cancel 1");
    CHECK(has(chat.run("mo", "/flash request rust").response.text, "Request #4"));
}

TEST_CASE("a rated session counts as completed, and /flash done afterwards does not ask for a rating again",
          "[flash][time][outcome]") {
    TestChat chat;
    chat.run("ana", "/flash request kubernetes");  // kai
    chat.run("kai", "/flash accept 1");
    chat.advance(2h);  // past the slot: both are asked for feedback
    chat.take_deliveries();
    chat.run("ana", "/feedback session id:1 rating:5 goal:met");
    chat.run("kai", "/feedback session id:1 rating:5");
    const std::string stats = chat.run("olivia", "/coach stats").response.text;
    CHECK(has(stats, "Sessions completed: 1"));

    const Reply done = chat.run("ana", "/flash done 1");
    CHECK(has(done.response.text, "Marked request #1 (flash, kubernetes) done. Thank you!"));
    CHECK(done.response.buttons.empty());
    for (const Message& message : chat.messages_for("kai")) CHECK_FALSE(has(message.text, "How was your session"));
    CHECK(has(chat.run("olivia", "/coach stats").response.text, "Sessions completed: 1"));
}

TEST_CASE("a request that finds nobody for three working days gets an honest update with choices, once",
          "[flash][time][waiting]") {
    TestChat chat;
    chat.run("emma", "/mentor pause");
    // Thursday 09:00 UTC, 10:00 in Berlin: ana asks for figma help; the only figma mentor is paused.
    CHECK(has(chat.run("ana", "/flash request figma").response.text, "is queued"));
    chat.take_deliveries();
    // Three of ana's working days (Berlin, Monday to Friday): Thursday, Friday, Monday, and
    // Tuesday's first hour. Nothing before that.
    chat.advance(24h * 5 - 1min);  // Tuesday 08:59 UTC
    CHECK(chat.messages_for("ana").empty());
    chat.advance(1min);
    const auto update = chat.messages_for("ana");
    REQUIRE(update.size() == 1);
    CHECK(has(update.front().text, "Request #1 (flash, figma) has waited 3 working days without a mentor."));
    CHECK(has(update.front().text, "1 is paused"));
    REQUIRE(update.front().buttons.size() == 2);
    CHECK(update.front().buttons[1].command_line == "/flash cancel 1");
    // Once only.
    chat.advance(24h * 7);
    for (const Message& message : chat.messages_for("ana")) CHECK_FALSE(has(message.text, "has waited"));
}

TEST_CASE("a mentor who let an offer lapse is asked again on their next working day, not offer after offer",
          "[flash][time][silence]") {
    TestChat chat;
    chat.run("ben", "/mentor stop");
    chat.run("carla", "/mentor stop");
    chat.jump(5h);  // Thursday 14:00 UTC, 15:00 in Berlin: kai is the only kubernetes mentor
    chat.run("ana", "/flash request kubernetes");
    CHECK(has_offer_of(chat.messages_for("kai"), 1));
    chat.advance(31min);  // kai stays silent and the offer lapses

    // A second request on the topic the same afternoon is not sent to kai: he is away from his desk.
    const Reply second = chat.run("gia", "/flash request kubernetes");
    CHECK(has(second.response.text, "Nobody fits yet: 1 mentor offers kubernetes, but 1 left another offer "
                                    "unanswered today, so it waits. I will ask again"));
    chat.advance(2h);
    CHECK_FALSE(has_offer_of(chat.messages_for("kai"), 2));
    CHECK(has(chat.run("olivia", "/coach stats").response.text,
              "kubernetes 2 (1 declined or unanswered by every fitting mentor, 1 fitting mentors left an offer "
              "unanswered today)"));

    // Friday morning in Berlin kai is asked again; once he has answered, so is gia's request.
    chat.advance(15h + 30min);  // Friday 08:01 UTC, 09:01 in Berlin
    CHECK(has_offer_of(chat.messages_for("kai"), 1));
    CHECK(has(chat.run("kai", "/flash accept 1").response.text, "You accepted request #1"));
    chat.advance(6h);  // Friday 14:01 UTC: gia's morning in New York
    CHECK(has_offer_of(chat.messages_for("kai"), 2));
}

TEST_CASE("a mentor's second session is not suggested on top of the first", "[flash][time][slot]") {
    TestChat chat;
    chat.run("ben", "/mentor pause");
    chat.run("carla", "/mentor pause");
    chat.jump(5h);  // Thursday 14:00 UTC
    chat.run("ana", "/flash request kubernetes");
    const std::string first = chat.run("kai", "/flash accept 1").response.text;
    chat.run("mo", "/profile set level:1");
    chat.run("mo", "/flash request kubernetes");
    const std::string second = chat.run("kai", "/flash accept 2").response.text;
    CHECK(has(first, "Suggested slot: Thu 26 Nov 15:30 (Europe/Berlin) for you"));
    CHECK(has(second, "Suggested slot: Thu 26 Nov 16:00 (Europe/Berlin) for you"));
}

TEST_CASE("a mentor gets at most the day's share of offers, and the rest the next day", "[flash][time][limits]") {
    Config config = default_config();
    config.max_offers_per_day = 2;
    config.max_open_requests = 5;
    TestChat chat(true, config);
    leave_kai_alone_on_kubernetes(chat);
    chat.jump(5h);  // Thursday 14:00 UTC: kai is at work in Berlin
    for (const char* requester : {"ana", "mo", "ines"}) chat.run(requester, "/flash request kubernetes");
    CHECK(has_offer_of(chat.messages_for("kai"), 1));
    chat.run("kai", "/flash accept 1");
    CHECK(has_offer_of(chat.messages_for("kai"), 2));
    chat.run("kai", "/flash accept 2");
    // Two offers today: the third request waits for tomorrow, and says why.
    chat.advance(1h);
    CHECK_FALSE(has_offer_of(chat.messages_for("kai"), 3));
    CHECK(has(chat.run("ines", "/flash why 3").response.text, "1 had enough offers for one day"));
    CHECK(has(chat.run("olivia", "/coach stats").response.text,
              "kubernetes 1 (fitting mentors had enough offers today)"));
    chat.advance(19h);  // Friday 10:00 UTC, 11:00 in Berlin
    CHECK(has_offer_of(chat.messages_for("kai"), 3));
}

TEST_CASE("a pass over waiting requests counts its own offers against a mentor's day and open offers",
          "[flash][time][limits]") {
    // kai may hold three open offers but be offered only two a day: when he resumes, the
    // pass over the three waiting requests offers him two, and the third waits on.
    Config config = default_config();
    config.max_offers_per_day = 2;
    config.max_pending_offers = 3;
    TestChat chat(true, config);
    leave_kai_alone_on_kubernetes(chat);
    chat.run("kai", "/mentor pause");
    chat.jump(5h);  // Thursday 14:00 UTC: kai is at work in Berlin
    for (const char* requester : {"ana", "mo", "ines"}) {
        CHECK(has(chat.run(requester, "/flash request kubernetes").response.text, "is queued"));
    }
    chat.run("kai", "/mentor resume");
    const auto offers = chat.messages_for("kai");
    CHECK(has_offer_of(offers, 1));
    CHECK(has_offer_of(offers, 2));
    CHECK_FALSE(has_offer_of(offers, 3));
    CHECK(RequestStore(chat.database()).find(3)->status == "queued");

    // The same with room for one open offer only: the pass offers him one.
    Config one_open = default_config();
    one_open.max_pending_offers = 1;
    TestChat second(true, one_open);
    leave_kai_alone_on_kubernetes(second);
    second.run("kai", "/mentor pause");
    second.jump(5h);
    for (const char* requester : {"ana", "mo"}) second.run(requester, "/flash request kubernetes");
    second.run("kai", "/mentor resume");
    const auto one_offer = second.messages_for("kai");
    CHECK(has_offer_of(one_offer, 1));
    CHECK_FALSE(has_offer_of(one_offer, 2));
    CHECK(RequestStore(second.database()).find(2)->status == "queued");
}

TEST_CASE("after an accept the pass offers the mentor the oldest waiting request he can take past one he never could",
          "[flash][time][capacity]") {
    // kai (level 3) holds one open offer at a time. While he answers gia's, carla (level 5,
    // whom a level 3 cannot mentor) and then ana (level 2) wait on kubernetes, and mo on a
    // topic nobody offers. His accept frees him: ana's request goes to him, the others wait on.
    Config config = default_config();
    config.max_pending_offers = 1;
    TestChat chat(true, config);
    leave_kai_alone_on_kubernetes(chat);
    chat.jump(5h);  // Thursday 14:00 UTC: kai is at work in Berlin
    CHECK(has(chat.run("gia", "/flash request kubernetes").response.text, "offered to " + at("kai")));
    CHECK(has(chat.run("carla", "/flash request kubernetes").response.text, "is queued"));
    CHECK(has(chat.run("ana", "/flash request kubernetes").response.text, "is queued"));
    CHECK(has(chat.run("mo", "/flash request terraform").response.text, "is queued"));
    chat.run("kai", "/flash accept 1");
    CHECK(has_offer_of(chat.messages_for("kai"), 3));
    CHECK_FALSE(has_offer_of(chat.messages_for("kai"), 2));
    RequestStore requests(chat.database());
    CHECK(requests.find(2)->status == "queued");
    CHECK(requests.find(3)->status == "offered");
    CHECK(requests.find(4)->status == "queued");
}

TEST_CASE("after an accept the pass offers the mentor neither her own waiting request nor another server's",
          "[flash][time][capacity][tenancy]") {
    // Two Discord servers. zoe (server 111) is the only mentor of rust and holds one open offer
    // at a time. While she answers ana's, a member of server 222, zoe herself and then ben wait
    // on rust. Her accept frees her: ben's request goes to her, and the two older ones wait on.
    Config config = serving_every_tenant();
    config.max_pending_offers = 1;
    TestChat chat(false, config);
    const auto run = [&](const Caller& caller, const std::string& line) {
        return chat.app().run(text_request(caller, line)).response.text;
    };
    const Caller zoe = caller_of("discord:111:1", "zoe");
    const Caller ana = caller_of("discord:111:2", "ana");
    const Caller ben = caller_of("discord:111:3", "ben");
    const Caller mallory = caller_of("discord:222:9", "mallory");
    for (const Caller* member : {&ana, &ben, &mallory}) run(*member, "/profile set level:2");
    run(zoe, "/profile set level:5");
    run(zoe, "/mentor offer topics:rust capacity:5");
    CHECK(has(run(ana, "/flash request rust"), "offered to"));
    CHECK(has(run(mallory, "/flash request rust"), "is queued"));
    CHECK(has(run(zoe, "/flash request rust"), "is queued"));
    CHECK(has(run(ben, "/flash request rust"), "is queued"));
    CHECK(has(run(zoe, "/flash accept 1"), "You accepted request #1"));
    RequestStore requests(chat.database());
    CHECK(requests.find(2)->status == "queued");
    CHECK(requests.find(3)->status == "queued");
    CHECK(requests.find(4)->status == "offered");
    CHECK(requests.find(4)->candidate_id == "discord:111:1");
}

TEST_CASE("a request whose only mentor stays silent is asked again each working day and says so on the Home",
          "[flash][time][waiting][home]") {
    TestChat chat;
    chat.run("ben", "/mentor stop");
    chat.run("carla", "/mentor pause");
    // Thursday 09:00 UTC, 10:00 in Berlin: kai is at work and the only mentor left who fits.
    CHECK(has(chat.run("gia", "/flash request kubernetes kind:long-term every:2w").response.text,
              "offered to " + at("kai")));
    chat.take_deliveries();
    chat.advance(31min);  // kai's 30 working minutes pass without an answer
    CHECK(RequestStore(chat.database()).find(1)->status == "queued");

    // The Home does not say it waits for someone's working hours: kai was asked and is asked
    // again on his next working morning (03:00 in New York).
    const std::optional<HomeView> home = chat.app().home_view(member(console_member("gia")));
    REQUIRE(home.has_value());
    std::string requests;
    for (const HomeSection& section : home->sections) {
        if (section.title != "Your requests") continue;
        for (const Message& entry : section.entries) requests += entry.text + "\n";
    }
    CHECK(has(requests, "1 mentor asked, no answer yet: I ask again on Fri 27 Nov 03:00 (America/New_York)"));
    CHECK_FALSE(has(requests, "held for a mentor's working hours"));

    // A week passes: silence is no refusal, so kai is offered it again on each of his
    // working days (Friday, Monday to Thursday), never at the weekend.
    int offered_again = 0;
    for (int day = 0; day < 7; ++day) {
        chat.advance(24h);
        if (has_offer_of(chat.messages_for("kai"), 1)) ++offered_again;
    }
    CHECK(offered_again == 5);
    CHECK(RequestStore(chat.database()).find(1)->status == "queued");
}

TEST_CASE("a mentor in Sydney paused until Monday is offered a waiting request when her Monday begins there",
          "[flash][time][pause]") {
    TestChat chat;
    chat.run("ben", "/mentor stop");
    chat.run("carla", "/mentor stop");
    chat.run("kai", "/profile set tz:Australia/Sydney");
    // Thursday 09:00 UTC, 20:00 in Sydney: kai is away until Monday.
    CHECK(has(chat.run("kai", "/mentor pause until:2026-11-30").response.text, "until 2026-11-30"));
    CHECK(has(chat.run("ana", "/mentor list kubernetes").response.text, "paused until 2026-11-30"));
    CHECK(has(chat.run("ana", "/flash request kubernetes").response.text, "1 is paused"));
    chat.take_deliveries();

    // His Monday begins on Sunday 13:00 UTC: the pause is over then, and his working day starts
    // at 09:00 Sydney, Sunday 22:00 UTC, two hours before Monday begins in UTC.
    chat.advance(3 * 24h + 4h + 1min);  // Sunday 13:01 UTC, Monday 00:01 in Sydney
    bool told = false;
    for (const Message& message : chat.messages_for("kai")) told = told || has(message.text, "pause has ended");
    CHECK(told);
    chat.advance(8h + 58min);  // Sunday 21:59 UTC, 08:59 in Sydney: not yet at work
    CHECK_FALSE(has_offer_of(chat.messages_for("kai"), 1));
    chat.advance(2min);  // 09:01 in Sydney
    CHECK(has_offer_of(chat.messages_for("kai"), 1));
    CHECK(has(chat.run("kai", "/flash accept 1").response.text, "You accepted request #1"));

    // The day someone is back is their own: at 01:00 on Friday in Sydney (still Thursday in
    // UTC), Friday is today there, not a day in the future.
    chat.jump(3 * 24h + 16h);  // Thursday 3 December 14:01 UTC
    CHECK(has(chat.run("kai", "/mentor pause until:2026-12-04").response.text, "in the future"));
}

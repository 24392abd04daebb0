// Scenario tests for pod attendance over weeks: "Did your pod meet?" after each meeting, nudges to quiet pods, /coach
// stats.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "commands/pod_scheduling.h"
#include "domain/working_hours.h"
#include "storage/outbox_store.h"
#include "tests/support/row_count.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

struct Note {
    std::string person;
    Message message;
};

// Moves the clock an hour at a time for `hours`, collecting the asks (📋) and nudges (👋)
// each person gets, and checking each arrives inside their working hours when they are known.
std::vector<Note> run_hours(TestChat& chat, int hours, const std::vector<std::string>& people,
                            std::map<std::string, std::vector<Note>>& nudges) {
    std::vector<Note> asks;
    for (int hour = 0; hour < hours; ++hour) {
        chat.advance(std::chrono::hours{1});
        for (const auto& delivery : chat.take_deliveries())
            for (const auto& person : people) {
                if (delivery.destination.target != console_member(person)) continue;
                const bool ask = contains(delivery.message.text, "📋"), nudge = contains(delivery.message.text, "👋");
                if (!ask && !nudge) continue;
                if (auto schedule = known_working_schedule(chat.database(), console_member(person))) {
                    INFO(person << " at " << to_unix(chat.clock().now()) << ": " << delivery.message.text);
                    REQUIRE(is_inside_working_hours(*schedule, chat.clock().now()));
                }
                (ask ? asks : nudges[person]).push_back({person, delivery.message});
            }
    }
    return asks;
}

std::size_t asks_for(const std::vector<Note>& asks, const std::string& person) {
    std::size_t count = 0;
    for (const Note& note : asks) count += note.person == person ? 1 : 0;
    return count;
}

}  // namespace

TEST_CASE("each member is asked once after each meeting, inside their working hours, and nudged once per quiet "
          "stretch",
          "[pod][attendance]") {
    TestChat chat;  // Thursday 2026-11-26 09:00 UTC
    // Thursdays 11:00 Berlin (10:00 UTC): 10:00 in London, 05:00 in New York.
    chat.run("ana", "/pod create readers day:thu time:11:00");
    chat.run("ben", "/pod join readers");
    chat.run("carla", "/pod join readers confirm:yes");
    const std::vector<std::string> people = {"ana", "ben", "carla"};
    chat.take_deliveries();
    std::map<std::string, std::vector<Note>> nudges;

    // The meeting is at 10:00 UTC; an hour later Ana and Ben are asked, Carla at 09:00 her time.
    auto asks = run_hours(chat, 2, people, nudges);  // to 11:00 UTC
    REQUIRE(asks_for(asks, "ana") == 1);
    REQUIRE(asks_for(asks, "ben") == 1);
    REQUIRE(asks_for(asks, "carla") == 0);
    REQUIRE(contains(asks[0].message.text, "Did your pod readers meet on Thu 26 Nov"));
    REQUIRE(asks[0].message.buttons.at(0).label == "We met");
    REQUIRE(asks[0].message.buttons.at(0).command_line == "/pod met readers answer:met");
    REQUIRE(asks[0].message.buttons.at(1).command_line == "/pod met readers answer:skipped");
    asks = run_hours(chat, 3, people, nudges);  // to 14:00 UTC: 09:00 in New York
    REQUIRE(asks_for(asks, "carla") == 1);
    REQUIRE(contains(asks[0].message.text, "Thu 26 Nov 05:00 (America/New_York)"));

    // The buttons feed attendance; "we met" is a check-in too, once.
    REQUIRE(contains(chat.run("ana", "/pod met readers answer:met").response.text, "Thanks: pod readers met on"));
    REQUIRE(contains(chat.run("ana", "/pod met readers answer:met").response.text, "you already said pod readers met"));
    REQUIRE(contains(chat.run("ben", "/pod met readers answer:skipped").response.text,
                     "Noted: pod readers skipped its meeting"));
    REQUIRE(contains(chat.run("dev", "/pod met readers answer:met").response.text, "only members of pod readers"));
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pod_checkins") == 1);
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pod_attendance WHERE answer = 'met'") == 1);
    REQUIRE(contains(chat.run("carla", "/pod show readers").response.text,
                     "Attendance: 1 \"we met\" of 2 answered (3 asked)"));

    // Nobody checks in again. Two weeks after Ana's check-in the pod has gone quiet: the
    // reminder of Thursday 17 Dec brings one nudge each, Carla's at the start of her day.
    run_hours(chat, 20 * 24, people, nudges);  // to Wed 16 Dec
    REQUIRE(nudges.empty());
    run_hours(chat, 2 * 24, people, nudges);  // to Fri 18 Dec
    for (const auto& person : people) {
        INFO(person);
        REQUIRE(nudges[person].size() == 1);
        REQUIRE(contains(nudges[person][0].message.text, "👋 Pod readers has not recorded a meeting since Thu 26 Nov"));
    }
    // Still quiet a week later: no second nudge in the same stretch.
    asks = run_hours(chat, 7 * 24, people, nudges);  // to Fri 25 Dec
    for (const auto& person : people) REQUIRE(nudges[person].size() == 1);
    // One ask per member per meeting: five meetings so far.
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pod_attendance") == 3 * 5);

    // They meet again (Ben answers the ask after Thursday 24 Dec's meeting on Friday), then go
    // quiet once more: a new stretch, a new nudge.
    REQUIRE(contains(chat.run("ben", "/pod met readers answer:met").response.text, "Thanks"));
    run_hours(chat, 21 * 24, people, nudges);  // to Fri 15 Jan
    for (const auto& person : people) {
        INFO(person);
        REQUIRE(nudges[person].size() == 2);
        REQUIRE(contains(nudges[person][1].message.text, "since Fri 25 Dec"));
    }
}

TEST_CASE("/coach stats gives attendance per pod kind, average pod size, pairs that met before and pods going quiet",
          "[pod][attendance][stats]") {
    TestChat chat;  // Thursday 2026-11-26 09:00 UTC
    for (const auto& person : {"ana", "ben", "dev", "emma"}) chat.run(person, "/pod signup go");
    chat.run("olivia", "/pod form go size:2 day:thu time:10:00");
    chat.run("hugo", "/pod create chatters kind:circle day:thu time:10:00");
    chat.run("ines", "/pod join chatters");
    chat.run("mo", "/pod join chatters");
    chat.advance(std::chrono::hours{2});  // 11:00: everyone is asked about the 10:00 meeting
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pod_attendance") == 7);

    chat.run("ana", "/pod met go-learning-1-1 answer:met");
    chat.run("ana", "/pod met go-learning-1-2 answer:met");  // only one of these is her pod
    for (const auto& [person, answer] : std::vector<std::pair<std::string, std::string>>{
             {"ben", "met"}, {"dev", "skipped"}, {"hugo", "met"}, {"ines", "skipped"}}) {
        for (const char* pod : {"go-learning-1-1", "go-learning-1-2", "chatters"})
            chat.run(person, std::string("/pod met ") + pod + " answer:" + answer);
    }
    // A cohort formed twice from the same three people: three pairs meet again.
    for (const auto& person : {"carla", "farid", "gia"}) chat.run(person, "/pod signup rust kind:cohort");
    chat.run("olivia", "/pod form rust kind:cohort size:3");
    chat.run("olivia", "/pod form rust kind:cohort size:3 confirm:yes");

    std::string stats = chat.run("olivia", "/coach stats").response.text;
    INFO(stats);
    REQUIRE(contains(stats, "Pod attendance (\"Did your pod meet?\" answers): circle 50% (1 met of 2 answered, 3 "
                            "asked), learning 67% (2 met of 3 answered, 4 asked)"));
    REQUIRE(contains(stats, "Average pod size: 2.5 (10 members in 4 pods)"));
    REQUIRE(contains(stats, "Pairs that met before (in an earlier round's pod): 3"));
    REQUIRE(contains(stats, "Pods going quiet (no meeting for two of their cadences): none"));

    // Fifteen days on, only Dev's pod has met again.
    chat.advance(std::chrono::hours{15 * 24});
    const std::string dev_pod = [&] {
        auto& query = chat.database().prepare(
            "SELECT p.name FROM pods p JOIN pod_members m ON m.pod_id = p.id WHERE m.member_id = ? AND p.archived_at "
            "IS NULL");
        query.bind(1, console_member("dev"));
        query.executeStep();
        std::string name = query.getColumn(0).getString();
        query.reset();
        return name;
    }();
    REQUIRE(contains(chat.run("dev", "/pod checkin " + dev_pod).response.text, "Check-in recorded"));
    const std::string ana_pod = dev_pod == "go-learning-1-1" ? "go-learning-1-2" : "go-learning-1-1";
    stats = chat.run("olivia", "/coach stats").response.text;
    REQUIRE(contains(stats, "Pods going quiet (no meeting for two of their cadences): chatters (last met Thu 26 Nov "));
    REQUIRE(contains(stats, ", " + ana_pod + " (last met Thu 26 Nov "));
    REQUIRE(contains(stats, ", rust-cohort-2-1 (never met)"));
    REQUIRE_FALSE(contains(stats, dev_pod + " ("));
}

TEST_CASE("an ask held for working hours is dropped when the member leaves the pod meanwhile", "[pod][attendance]") {
    TestChat chat;  // Thursday 2026-11-26 09:00 UTC
    chat.run("ana", "/pod create readers day:thu time:11:00");
    chat.run("carla", "/pod join readers confirm:yes");
    chat.take_deliveries();
    std::map<std::string, std::vector<Note>> nudges;
    auto asks = run_hours(chat, 2, {"ana", "carla"}, nudges);  // 11:00 UTC: 06:00 in New York
    REQUIRE(asks_for(asks, "ana") == 1);
    REQUIRE(asks_for(asks, "carla") == 0);
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM jobs WHERE kind = 'pod.member_note' AND status = "
                                        "'pending'") == 1);
    chat.run("carla", "/pod leave readers");
    asks = run_hours(chat, 6, {"ana", "carla"}, nudges);  // past 09:00 in New York
    REQUIRE(asks.empty());
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pod_attendance") == 1);
    // An answer from someone never asked changes nothing.
    REQUIRE(contains(chat.run("ana", "/pod met readers answer:met").response.text, "Thanks"));
    chat.run("ben", "/pod join readers");
    REQUIRE(contains(chat.run("ben", "/pod met readers answer:met").response.text, "has not asked you"));
}

TEST_CASE("a member whose day is already full of messages is asked whether the pod met on their next working day",
          "[pod][attendance][dm-budget]") {
    TestChat chat;  // Thursday 2026-11-26 09:00 UTC
    chat.run("ana", "/pod create readers day:thu time:11:00");
    chat.run("ben", "/pod join readers");
    const std::vector<std::string> people = {"ana", "ben"};
    chat.take_deliveries();
    // Ben's Thursday is busy: half of a day's ten direct messages have already reached him.
    for (int i = 0; i < 5; ++i) {
        OutboxStore(chat.database())
            .enqueue({Destination::member(console_member("ben")), {"busy day " + std::to_string(i), {}}},
                     to_unix(chat.clock().now()));
    }
    std::map<std::string, std::vector<Note>> nudges;
    auto asks = run_hours(chat, 2, people, nudges);  // the meeting at 10:00 UTC, asks at 11:00
    CHECK(asks_for(asks, "ana") == 1);
    CHECK(asks_for(asks, "ben") == 0);
    // Friday 09:00 in London: his ask comes with his next working day, once.
    asks = run_hours(chat, 21, people, nudges);  // to Fri 08:00 UTC
    CHECK(asks_for(asks, "ben") == 0);
    asks = run_hours(chat, 2, people, nudges);
    REQUIRE(asks_for(asks, "ben") == 1);
    CHECK(contains(asks[0].message.text, "Did your pod readers meet on Thu 26 Nov"));
    CHECK(asks_for(run_hours(chat, 24, people, nudges), "ben") == 0);
}

TEST_CASE("after the bot was down over pod meetings members are asked about the latest one only", "[pod][attendance]") {
    TestChat chat;  // Thursday 2026-11-26 09:00 UTC
    // Thursdays 11:00 Berlin (10:00 UTC), in Ana's and Ben's working hours.
    chat.run("ana", "/pod create readers day:thu time:11:00");
    chat.run("ben", "/pod join readers");
    chat.take_deliveries();

    // Down from now until Wednesday 16 December 14:00 UTC: three meetings passed unseen.
    chat.jump(std::chrono::hours(20 * 24 + 5));
    std::vector<std::string> asks, reminders;
    for (const auto& delivery : chat.take_deliveries()) {
        if (contains(delivery.message.text, "📋")) asks.push_back(delivery.message.text);
        if (contains(delivery.message.text, "⏰")) reminders.push_back(delivery.message.text);
    }
    CHECK(reminders.empty());   // a reminder of a meeting that is over helps nobody
    REQUIRE(asks.size() == 2);  // one each, about Thursday 10 December
    for (const auto& ask : asks) {
        INFO(ask);
        CHECK(contains(ask, "Did your pod readers meet on Thu 10 Dec"));
    }
    CHECK(count_rows(chat.database(), "SELECT COUNT(*) FROM pod_attendance") == 2);

    // The rhythm goes on: Thursday's reminder comes before its meeting, the ask after it.
    chat.advance(std::chrono::hours(22));  // to Thursday 17 December 12:00 UTC
    asks.clear();
    reminders.clear();
    for (const auto& delivery : chat.take_deliveries()) {
        if (contains(delivery.message.text, "📋")) asks.push_back(delivery.message.text);
        if (contains(delivery.message.text, "⏰")) reminders.push_back(delivery.message.text);
    }
    CHECK(reminders.size() == 2);
    REQUIRE(asks.size() == 2);
    CHECK(contains(asks[0], "meet on Thu 17 Dec"));
}

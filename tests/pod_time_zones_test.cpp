// Scenario tests for pods across time zones: formation meets inside members' hours, lists who cannot, and /pod join
// warns.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "tests/support/row_count.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

std::map<std::string, std::string> pod_message_for(TestChat& chat, const std::vector<std::string>& people) {
    std::map<std::string, std::string> texts;
    for (const auto& delivery : chat.take_deliveries())
        for (const auto& person : people)
            if (delivery.destination.target == console_member(person) && contains(delivery.message.text, "🫂"))
                texts[person] = delivery.message.text;
    return texts;
}

}  // namespace

TEST_CASE("a circle asked for 08:00 London meets inside New York's and Berlin's hours", "[pod][hours]") {
    TestChat chat;  // Thursday 2026-11-26 09:00 UTC; olivia, the admin, lives in London
    // New York works 14:00-22:00 UTC, Berlin 08:00-16:00 UTC: 14:00-16:00 UTC is shared.
    const std::vector<std::string> people = {"carla", "farid", "gia", "ana", "dev", "emma"};
    for (const auto& person : people) chat.run(person, "/pod signup design-thinking kind:circle");
    chat.take_deliveries();

    Reply formed = chat.run("olivia", "/pod form topic:design-thinking kind:circle size:3 time:08:00");
    INFO(formed.response.text);
    REQUIRE(contains(formed.response.text,
                     "Pods meet every Wednesday at 14:00 (Europe/London), the nearest time to 08:00 inside every "
                     "member's working hours."));
    REQUIRE_FALSE(contains(formed.response.text, "outside their working hours"));
    auto told = pod_message_for(chat, people);
    REQUIRE(told.size() == people.size());
    REQUIRE(contains(told["carla"], "first meeting Wed  2 Dec 09:00 (America/New_York)"));
    REQUIRE(contains(told["ana"], "first meeting Wed  2 Dec 15:00 (Europe/Berlin)"));
    for (const auto& [person, text] : told) REQUIRE_FALSE(contains(text, "⚠️"));
}

TEST_CASE("far apart zones meet in pods of their own, and who fits nowhere is listed with the reason", "[pod][hours]") {
    TestChat chat;
    // Two in Tokyo (00:00-08:00 UTC), four in New York (14:00-22:00 UTC), one in Auckland
    // whose 09-17 (20:00-04:00 UTC) meets Tokyo's mornings only.
    for (const auto& person : {"yui", "ken"}) chat.run(person, "/profile set tz:Asia/Tokyo");
    chat.run("mia", "/profile set tz:Pacific/Auckland");
    const std::vector<std::string> people = {"yui", "ken", "carla", "farid", "gia", "jon", "mia"};
    for (const auto& person : people) chat.run(person, "/pod signup sql kind:learning");
    chat.take_deliveries();

    Reply formed = chat.run("olivia", "/pod form sql size:3 time:15:00");
    INFO(formed.response.text);
    REQUIRE(contains(formed.response.text, "7 signups → 2 pods of about 3."));
    // Tokyo and Auckland share 00:00-04:00 UTC; New York shares no hour with them, and its
    // pod meets at the time asked for.
    REQUIRE(contains(formed.response.text,
                     "Pods meet every Wednesday at 15:00 (Europe/London). 1 of 2 pods meet at another time, the "
                     "nearest to it inside all their members' working hours (shown below)."));
    REQUIRE(contains(formed.response.text, " · meets every Wednesday at 00:00 (Europe/London)"));
    REQUIRE_FALSE(contains(formed.response.text, "outside their working hours"));
    auto told = pod_message_for(chat, people);
    REQUIRE(told.size() == people.size());
    for (const auto& [person, text] : told) REQUIRE_FALSE(contains(text, "⚠️"));
    REQUIRE(contains(told["yui"], "(Asia/Tokyo)"));
    const std::string tokyo_pod = told["yui"].substr(0, told["yui"].find(" ("));
    REQUIRE(tokyo_pod == told["ken"].substr(0, told["ken"].find(" (")));
    REQUIRE(tokyo_pod == told["mia"].substr(0, told["mia"].find(" (")));

    // A lone Sydney member in a pool of New Yorkers fits no pod's hours: the admin reads why,
    // and she is warned in her own message.
    chat.run("zoe", "/profile set tz:Australia/Sydney");
    const std::vector<std::string> second = {"zoe", "carla", "farid", "gia"};
    for (const auto& person : second) chat.run(person, "/pod signup sales kind:learning");
    chat.take_deliveries();
    Reply lonely = chat.run("olivia", "/pod form sales size:2");
    INFO(lonely.response.text);
    REQUIRE(contains(lonely.response.text, "⚠️ 1 member meets outside their working hours, in the nearest pod"));
    REQUIRE(contains(lonely.response.text, "<@console:local:zoe> works 09:00-17:00 (Australia/Sydney)"));
    REQUIRE(contains(lonely.response.text, "nobody else in the pool works during their hours."));
    auto warned = pod_message_for(chat, second);
    REQUIRE(
        contains(warned["zoe"], "⚠️ This pod meets outside your working hours (09:00-17:00 (Australia/Sydney))"));
    REQUIRE_FALSE(contains(warned["carla"], "⚠️"));
}

TEST_CASE("/pod join warns before joining a pod that meets outside the member's hours", "[pod][hours]") {
    TestChat chat;
    // Thursdays 08:00 London: 03:00 in New York.
    chat.run("ben", "/pod create early-birds day:thu time:08:00");
    Reply warned = chat.run("carla", "/pod join early-birds");
    REQUIRE(contains(warned.response.text, "⚠️ Pod early-birds meets outside your working hours (09:00-17:00, "
                                           "America/New_York): its next meeting is Thu  3 Dec 03:00 "
                                           "(America/New_York). Nothing changed."));
    REQUIRE(warned.response.buttons.at(0).command_line == "/pod join name:early-birds confirm:yes");
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pod_members") == 1);

    // Joining anyway is the member's call.
    Reply joined = chat.run("carla", warned.response.buttons.at(0).command_line);
    REQUIRE(contains(joined.response.text, "You joined pod early-birds (2 of 6)"));
    // 09:00 in Berlin: Ana joins without a question; so does a newcomer whose time zone (and
    // so whose hours) nobody knows.
    REQUIRE(contains(chat.run("ana", "/pod join early-birds").response.text, "You joined pod early-birds (3 of 6)"));
    REQUIRE(
        contains(chat.run("newcomer", "/pod join early-birds").response.text, "You joined pod early-birds (4 of 6)"));
}

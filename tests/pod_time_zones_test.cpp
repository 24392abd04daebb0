// Scenario tests for pods across time zones: formation meets inside members' hours, lists who cannot, and /pod join
// warns.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "commands/pod_scheduling.h"
#include "domain/pod_schedule.h"
#include "domain/working_hours.h"
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
    // Everyone's first meetings are inside their hours. Only London's clock change on 28 March
    // (the pod keeps London time) takes Tokyo's meeting to 08:00, and the two are told now.
    REQUIRE_FALSE(contains(formed.response.text, "meets Wed  2 Dec"));
    REQUIRE(contains(formed.response.text, "<@console:local:ken> works 09:00-17:00 (Asia/Tokyo); pod "));
    REQUIRE(contains(formed.response.text, " meets Wed 31 Mar 08:00 (Asia/Tokyo): a clock change moves the meeting "
                                           "there (the ones before are inside their hours)."));
    REQUIRE_FALSE(contains(formed.response.text, "<@console:local:mia> works"));
    auto told = pod_message_for(chat, people);
    REQUIRE(told.size() == people.size());
    for (const auto& [person, text] : told) {
        REQUIRE_FALSE(contains(text, "⚠️ This pod meets outside your working hours"));
        REQUIRE(contains(text, "⚠️ When the clocks change") == (person == "yui" || person == "ken"));
    }
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

TEST_CASE("a meeting a clock change moves out of someone's hours is found with its date", "[pod][hours]") {
    // Wednesdays 09:00 in Berlin: 16:00 in Tokyo while Berlin keeps summer time, 17:00 (the end
    // of a 09-17 day) once Berlin's clocks go back on Sunday 2026-10-25.
    MeetingRhythm berlin_mornings{Cadence::weekly, 2, 9 * 60, "Europe/Berlin", from_unix(1792566000)};
    const WorkingSchedule tokyo{"Asia/Tokyo", {9 * 60, 17 * 60}};
    const long long first = 1792566000;  // Wed 2026-10-21 09:00 Berlin (07:00 UTC)
    REQUIRE(is_inside_working_hours(tokyo, from_unix(first)));
    auto moved = first_meeting_outside_hours(berlin_mornings, tokyo, first, first + 8 * 7 * 24 * 3600);
    REQUIRE(moved);
    CHECK(format_in_zone(from_unix(*moved), "Asia/Tokyo") == "Wed 28 Oct 17:00 (Asia/Tokyo)");
    // Checked only up to the week before the change: nothing to say yet.
    CHECK_FALSE(first_meeting_outside_hours(berlin_mornings, tokyo, first, first + 6 * 24 * 3600));
    // Someone in Berlin's own zone keeps the same local time through the change.
    CHECK_FALSE(first_meeting_outside_hours(berlin_mornings, {"Europe/Berlin", {9 * 60, 17 * 60}}, first,
                                            first + 8 * 7 * 24 * 3600));
}

TEST_CASE("pod members are told at formation when a clock change will take a meeting out of their hours",
          "[pod][hours]") {
    TestChat chat;
    // Monday 2027-03-22: New York is on summer time since 14 March, London and Berlin change on
    // the 28th. 13:00 London is 09:00 in New York until then, and 08:00 after.
    chat.jump(std::chrono::seconds(1805706000 - to_unix(chat.clock().now())));
    const std::vector<std::string> people = {"carla", "gia", "ana", "kai"};
    for (const auto& person : people) chat.run(person, "/pod signup testing kind:learning");
    chat.take_deliveries();

    Reply formed = chat.run("olivia", "/pod form topic:testing size:4 time:13:00");
    INFO(formed.response.text);
    REQUIRE(contains(formed.response.text, "meet outside their working hours"));
    REQUIRE(contains(formed.response.text, "<@console:local:carla> works 09:00-17:00 (America/New_York)"));
    REQUIRE(contains(formed.response.text, "a clock change moves the meeting there"));
    REQUIRE_FALSE(contains(formed.response.text, "<@console:local:ana> works"));
    auto told = pod_message_for(chat, people);
    REQUIRE(told.size() == people.size());
    for (const auto& person : {"carla", "gia"}) {
        INFO(told[person]);
        CHECK(contains(told[person], "first meeting Wed 24 Mar 09:00 (America/New_York)"));
        CHECK(contains(told[person], "⚠️ When the clocks change, this pod's meeting on Wed 31 Mar 08:00 "
                                     "(America/New_York) falls outside your working hours"));
    }
    for (const auto& person : {"ana", "kai"}) CHECK_FALSE(contains(told[person], "⚠️"));

    // A round formed after the change meets at 13:00 London = 08:00 New York from the start,
    // so formation moves it into everyone's hours and there is nothing to warn about.
    chat.jump(std::chrono::hours(24 * 8));
    for (const auto& person : people) chat.run(person, "/pod signup review kind:learning");
    chat.take_deliveries();
    Reply later = chat.run("olivia", "/pod form topic:review size:4 time:13:00");
    INFO(later.response.text);
    CHECK_FALSE(contains(later.response.text, "outside their working hours"));
}

// Scenario tests for /pod: create, join, wait list, leave, list, show, signup, form, checkin, archive, reminders.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "commands/pod_jobs.h"
#include "storage/pod_store.h"
#include "tests/support/row_count.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

// Moves the clock in one-hour steps (running due jobs at each), as a running bot would.
void advance_hours(TestChat& chat, int hours) {
    for (int hour = 0; hour < hours; ++hour) chat.advance(std::chrono::hours{1});
}

std::vector<OutboundMessage> reminders_in(const std::vector<OutboundMessage>& deliveries) {
    std::vector<OutboundMessage> reminders;
    for (const auto& delivery : deliveries)
        if (contains(delivery.message.text, "⏰")) reminders.push_back(delivery);
    return reminders;
}

}  // namespace

TEST_CASE("members create, join, wait for and leave a pod", "[pod]") {
    TestChat chat;
    Reply created = chat.run("ana", "/pod create rust-readers topic:Rust size:2 day:fri time:18:30");
    REQUIRE(contains(created.response.text, "Pod rust-readers created (learning, rust, room for 2)"));
    REQUIRE(contains(created.response.text, "every Friday at 18:30 (Europe/Berlin)"));

    // Friday 18:30 in Berlin is 17:30 in London, after Ben's working day: he joins knowingly.
    REQUIRE(contains(chat.run("ben", "/pod join rust-readers").response.text, "meets outside your working hours"));
    REQUIRE(contains(chat.run("ben", "/pod join rust-readers confirm:yes").response.text,
                     "You joined pod rust-readers (2 of 2)"));
    REQUIRE(contains(chat.run("carla", "/pod join rust-readers").response.text, "number 1 on its wait list"));
    REQUIRE(contains(chat.run("dev", "/pod join RUST-READERS confirm:yes").response.text, "number 2 on its wait list"));

    std::string listed = chat.run("emma", "/pod list").response.text;
    REQUIRE(contains(listed, "rust-readers — learning, rust, 2/2 (+2 waiting), weekly fri 18:30"));
    REQUIRE(contains(chat.run("emma", "/pod list rust").response.text, "rust-readers"));
    REQUIRE(contains(chat.run("emma", "/pod list topic:go").response.text, "There are no pods on go yet"));
    chat.take_deliveries();

    // A leave lets the first waiter in, who is told by direct message.
    Reply left = chat.run("ben", "/pod leave rust-readers");
    REQUIRE(
        contains(left.response.text, "You left pod rust-readers. <@console:local:carla> moved up from the wait list."));
    auto for_carla = chat.messages_for("carla");
    REQUIRE(for_carla.size() == 1);
    REQUIRE(contains(for_carla[0].text, "A place opened in pod rust-readers: you are in."));
    REQUIRE(contains(for_carla[0].text, "(America/New_York)"));

    std::string shown = chat.run("ana", "/pod show rust-readers").response.text;
    REQUIRE(contains(shown, "Members (2/2): <@console:local:ana> <@console:local:carla>"));
    REQUIRE(contains(shown, "Wait list: <@console:local:dev>"));
    REQUIRE(contains(shown, "Created by <@console:local:ana>"));

    REQUIRE(contains(chat.run("dev", "/pod leave rust-readers").response.text,
                     "You left the wait list of pod rust-readers."));
    REQUIRE_FALSE(contains(chat.run("ana", "/pod show rust-readers").response.text, "Wait list"));
}

TEST_CASE("pod mistakes get a clear answer and change nothing", "[pod]") {
    TestChat chat;
    chat.run("ana", "/pod create rust-readers size:2");

    REQUIRE(contains(chat.run("ben", "/pod create Rust-Readers").response.text, "already exists"));
    REQUIRE(contains(chat.run("ben", "/pod create all").response.text, "`all` is reserved"));
    REQUIRE(contains(chat.run("ben", "/pod create solo size:1").response.text, "size must be between 2 and 50"));
    REQUIRE(contains(chat.run("ben", "/pod create x size:0").response.text, "size must be between 2 and 50"));
    REQUIRE(contains(chat.run("ben", "/pod create x day:someday").response.text, "day must be one of"));
    REQUIRE(contains(chat.run("ben", "/pod create x time:25:00").response.text, "⚠️"));
    REQUIRE(contains(chat.run("ben", "/pod create x kind:party").response.text, "kind must be one of"));
    REQUIRE(contains(chat.run("ben", "/pod join nowhere").response.text, "there is no pod called `nowhere`"));
    REQUIRE(contains(chat.run("ana", "/pod join rust-readers").response.text, "you are already in pod rust-readers"));
    REQUIRE(contains(chat.run("ben", "/pod leave rust-readers").response.text, "you are not in pod rust-readers"));
    REQUIRE(contains(chat.run("ben", "/pod checkin rust-readers").response.text, "only members of pod rust-readers"));
    REQUIRE(contains(chat.run("ben", "/pod archive rust-readers").response.text,
                     "only the pod's creator or a program admin"));
    REQUIRE(contains(chat.run("ben", "/pod form rust").response.text, "/pod form is for program admins only"));
    REQUIRE(
        contains(chat.run("olivia", "/pod form rust").response.text, "nobody has signed up for rust learning pods"));
    REQUIRE(contains(chat.run("ben", "/pod leave").response.text, "Usage: /pod leave name:"));
    // Without a name, /pod join offers the pods to pick from and joins none.
    REQUIRE(contains(chat.run("ben", "/pod join").response.text, "Which pod?"));

    // Only the one pod exists and it still has only its creator.
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods") == 1);
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pod_members") == 1);
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pod_pools") == 0);
}

TEST_CASE("check-ins are recorded and archiving stops a pod", "[pod]") {
    TestChat chat;
    chat.run("ana", "/pod create rust-readers");
    chat.run("ben", "/pod join rust-readers");
    Reply checked = chat.run("ben", "/pod checkin rust-readers note:\"ownership, borrowing — 借用\"");
    REQUIRE(contains(checked.response.text, "Check-in recorded for pod rust-readers (1 so far)"));
    {
        SQLite::Statement note(chat.database().connection(), "SELECT note FROM pod_checkins");
        REQUIRE(note.executeStep());
        REQUIRE(note.getColumn(0).getString() == "ownership, borrowing — 借用");
    }
    REQUIRE(contains(chat.run("ben", "/pod checkin rust-readers").response.text, "you already recorded this meeting"));
    REQUIRE(contains(chat.run("ana", "/pod checkin rust-readers").response.text, "(2 so far)"));
    chat.advance(std::chrono::hours{13});
    REQUIRE(contains(chat.run("ben", "/pod checkin rust-readers").response.text, "(3 so far)"));
    REQUIRE(contains(chat.run("ana", "/pod show rust-readers").response.text, "Check-ins so far: 3"));
    chat.take_deliveries();

    REQUIRE(contains(chat.run("ana", "/pod archive rust-readers").response.text, "is archived"));
    auto for_ben = chat.messages_for("ben");
    REQUIRE(for_ben.size() == 1);
    REQUIRE(contains(for_ben[0].text, "was archived by <@console:local:ana>"));
    REQUIRE(contains(chat.run("carla", "/pod join rust-readers").response.text, "is archived"));
    REQUIRE(contains(chat.run("ana", "/pod archive rust-readers").response.text, "is archived"));
    REQUIRE(contains(chat.run("ana", "/pod list").response.text, "There are no pods yet"));

    // An admin may archive any pod.
    chat.run("ben", "/pod create go-club");
    REQUIRE(contains(chat.run("olivia", "/pod archive go-club").response.text, "Pod go-club is archived"));
}

TEST_CASE("members are reminded an hour before each meeting, in their own time zone", "[pod][reminders]") {
    TestChat chat;  // Thursday 2026-11-26 09:00 UTC
    // Ana lives in Berlin: 11:00 there is 10:00 UTC, so the first reminder is due now.
    chat.run("ana", "/pod create rust-readers day:thu time:11:00");
    chat.run("ben", "/pod join rust-readers");                // London
    chat.run("carla", "/pod join rust-readers confirm:yes");  // New York: 05:00, outside her hours
    chat.take_deliveries();
    chat.advance(std::chrono::seconds{0});
    // The reminder was sent when the pod was created (due at once); joining later does not resend it.
    REQUIRE(reminders_in(chat.take_deliveries()).empty());
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM jobs WHERE kind = 'pod.reminder' AND status = 'done'") ==
            1);

    // Next week's reminder: Thursday 3 Dec 09:00 UTC, one per member, each in their zone.
    advance_hours(chat, 7 * 24);
    auto reminders = reminders_in(chat.take_deliveries());
    REQUIRE(reminders.size() == 3);
    std::map<std::string, std::string> text_for;
    for (const auto& reminder : reminders) {
        REQUIRE(reminder.destination.kind == Destination::Kind::direct_message);
        text_for[reminder.destination.target] = reminder.message.text;
    }
    REQUIRE(contains(text_for[console_member("ana")], "meets in an hour: Thu  3 Dec 11:00 (Europe/Berlin)"));
    REQUIRE(contains(text_for[console_member("ben")], "Thu  3 Dec 10:00 (Europe/London)"));
    REQUIRE(contains(text_for[console_member("carla")], "Thu  3 Dec 05:00 (America/New_York)"));
    REQUIRE(reminders[0].message.buttons.at(0).command_line == "/pod checkin rust-readers");

    // Archived: no more reminders.
    chat.run("ana", "/pod archive rust-readers");
    advance_hours(chat, 8 * 24);
    REQUIRE(reminders_in(chat.take_deliveries()).empty());
}

TEST_CASE("a pod with a channel is reminded there, with the time in every member's zone", "[pod][reminders]") {
    TestChat chat;
    chat.run("ben", "/pod create go-club day:mon time:12:00 cadence:biweekly channel:#go-club");
    chat.run("carla", "/pod join go-club confirm:yes");  // 07:00 in New York
    chat.take_deliveries();
    advance_hours(chat, 28 * 24);
    auto reminders = reminders_in(chat.take_deliveries());
    // Biweekly from the week of creation: Mon 7 Dec and Mon 21 Dec.
    REQUIRE(reminders.size() == 2);
    for (const auto& reminder : reminders) {
        REQUIRE(reminder.destination.kind == Destination::Kind::channel);
        REQUIRE(reminder.destination.target == "console:local:#go-club");
        REQUIRE(contains(reminder.message.text, "(Europe/London)"));
        REQUIRE(contains(reminder.message.text, "(America/New_York)"));
        REQUIRE(contains(reminder.message.text, "<@console:local:carla>"));
    }
    REQUIRE(contains(reminders[0].message.text, "Mon  7 Dec 12:00 (Europe/London)"));
    REQUIRE(contains(reminders[1].message.text, "Mon 21 Dec 07:00 (America/New_York)"));
}

TEST_CASE("reminders due while the bot was down are sent once after a restart", "[pod][reminders]") {
    TestChat chat;
    chat.run("ana", "/pod create rust-readers day:fri time:12:00");  // Fri 27 Nov 11:00 UTC
    chat.run("ben", "/pod join rust-readers");
    chat.take_deliveries();

    // The bot stops; time passes the reminder's due time (10:00 UTC) but not the meeting.
    chat.restart();
    chat.clock().set(chat.clock().now() + std::chrono::hours{25} + std::chrono::minutes{30});  // Fri 10:30 UTC
    chat.restart();
    REQUIRE(chat.app().run_due_jobs() == 1);
    chat.app().deliver_outbox();
    auto reminders = reminders_in(chat.take_deliveries());
    REQUIRE(reminders.size() == 2);
    REQUIRE(contains(reminders[0].message.text, "meets in 30 minutes"));

    // Another restart runs nothing twice and the next meeting's reminder is waiting.
    chat.restart();
    REQUIRE(chat.app().run_due_jobs() == 0);
    chat.app().deliver_outbox();
    REQUIRE(reminders_in(chat.take_deliveries()).empty());
    REQUIRE(count_rows(chat.database(),
                       "SELECT COUNT(*) FROM jobs WHERE kind = 'pod.reminder' AND status = 'pending'") == 1);
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM outbox WHERE message LIKE '%⏰%'") == 2);

    // A reminder whose meeting is already over when the bot comes back is not sent late.
    chat.clock().set(chat.clock().now() + std::chrono::days{7} + std::chrono::hours{2});  // after Fri 4 Dec 11:00
    chat.restart();
    // The reminder, and the "Did your pod meet?" ask of Fri 27 Nov that also fell due meanwhile.
    REQUIRE(chat.app().run_due_jobs() == 2);
    chat.app().deliver_outbox();
    REQUIRE(reminders_in(chat.take_deliveries()).empty());
    REQUIRE(count_rows(chat.database(),
                       "SELECT COUNT(*) FROM jobs WHERE kind = 'pod.reminder' AND status = 'pending'") == 1);
}

TEST_CASE("an admin forms signed-up members into pods that explain themselves", "[pod][form]") {
    TestChat chat;
    const std::vector<std::string> people = {"ana", "ben",  "carla", "dev", "emma", "farid",
                                             "gia", "hugo", "ines",  "jon", "kai",  "lena"};
    for (const auto& person : people)
        REQUIRE(contains(chat.run(person, "/pod signup leadership kind:circle").response.text, "You are signed up"));
    REQUIRE(contains(chat.run("ana", "/pod signup leadership kind:circle").response.text, "already signed up"));
    chat.take_deliveries();

    Reply formed = chat.run("olivia", "/pod form leadership kind:circle size:4 day:tue time:15:00");
    REQUIRE(
        contains(formed.response.text, "Formed round 1 of leadership circle pods: 12 signups → 3 pods of about 4."));
    INFO(formed.response.text);
    REQUIRE(contains(formed.response.text, "• leadership-circle-1-1 (4): "));
    REQUIRE(contains(formed.response.text, "departments"));

    // Everyone is in exactly one pod and was told which, with the reason.
    auto deliveries = chat.take_deliveries();
    REQUIRE(deliveries.size() == people.size());
    std::set<std::string> told;
    for (const auto& delivery : deliveries) {
        told.insert(delivery.destination.target);
        REQUIRE(contains(delivery.message.text, "Why this pod: "));
        REQUIRE(contains(delivery.message.text, "Meets every Tuesday at 15:00 (Europe/London)"));
    }
    REQUIRE(told.size() == people.size());
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pod_members") == 12);
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(DISTINCT member_id) FROM pod_members") == 12);
    // Five departments over three pods: the demo's four engineers are spread out.
    REQUIRE(
        count_rows(chat.database(),
                   "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM pod_members pm JOIN members m ON m.id = pm.member_id "
                   "WHERE m.department = 'Engineering' GROUP BY pm.pod_id)") <= 2);
    REQUIRE(contains(chat.run("ana", "/pod show leadership-circle-1-2").response.text, "Why this pod: "));

    // Re-forming while round 1 meets asks first and changes nothing.
    Reply asked = chat.run("olivia", "/pod form leadership kind:circle size:4");
    REQUIRE(contains(asked.response.text,
                     "Round 1 of leadership circle pods still meets: 3 pods (leadership-circle-1-1, "
                     "leadership-circle-1-2, leadership-circle-1-3) with 12 members. Forming round "
                     "2 now ends them"));
    REQUIRE(contains(asked.response.text, "Nothing changed yet."));
    REQUIRE(asked.response.buttons.at(0).command_line == "/pod form topic:leadership kind:circle size:4 confirm:yes");
    REQUIRE(chat.take_deliveries().empty());
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE archived_at IS NULL") == 3);

    // A second round keeps earlier pod-mates apart where it can and archives the first.
    Reply again = chat.run("olivia", asked.response.buttons.at(0).command_line);
    REQUIRE(contains(again.response.text, "Formed round 2"));
    // It meets as round 1 did: the admin gave no day or time this time.
    REQUIRE(contains(again.response.text, "Pods meet every Tuesday at 15:00 (Europe/London)."));
    REQUIRE(contains(again.response.text, "Earlier pod-mates kept apart: "));
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE archived_at IS NULL") == 3);
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE round = 1 AND archived_at IS NOT NULL") == 3);
    long long repeated = count_rows(
        chat.database(),
        "SELECT COUNT(*) FROM pod_members a JOIN pod_members b ON a.pod_id = b.pod_id AND a.member_id < b.member_id "
        "JOIN pods p ON p.id = a.pod_id AND p.round = 2 WHERE EXISTS ("
        "SELECT 1 FROM pod_members c JOIN pod_members d ON c.pod_id = d.pod_id JOIN pods q ON q.id = c.pod_id AND q.round = 1 "
        "WHERE c.member_id = a.member_id AND d.member_id = b.member_id)");
    // 18 pairs shared a pod in round 1; swapping within departments must leave far fewer together.
    REQUIRE(repeated < 6);
}

TEST_CASE("a pool set to re-form every N weeks forms its next round by itself", "[pod][form]") {
    TestChat chat;
    for (const auto& person : {"ana", "ben", "dev", "gia", "hugo", "kai"}) chat.run(person, "/pod signup go");
    chat.run("olivia", "/pod signup go");
    chat.run("olivia", "/pod form go size:3 every:2");
    chat.take_deliveries();
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE round = 1") == 2);

    chat.advance(std::chrono::days{13});
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE round = 2") == 0);
    chat.advance(std::chrono::days{1});
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE round = 2") == 2);
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE round = 1 AND archived_at IS NULL") == 0);
    int ended = 0;
    int placed = 0;
    for (const auto& delivery : chat.take_deliveries()) {
        ended += contains(delivery.message.text, "has ended: round 2 of go learning pods was formed.") ? 1 : 0;
        placed += contains(delivery.message.text, "round 2) with") ? 1 : 0;
    }
    REQUIRE(ended == 7);
    REQUIRE(placed == 7);
    // And the round after is already scheduled, once.
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM jobs WHERE kind = 'pod.reform' AND status = 'pending'") ==
            1);

    // every:0 stops it: nothing is formed, nobody is messaged, round 2 keeps meeting.
    REQUIRE(contains(chat.run("olivia", "/pod form go every:0").response.text,
                     "Automatic rounds of go learning pods stopped: no round 3 will be formed by itself"));
    chat.advance(std::chrono::days{15});
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE round = 3") == 0);
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE round = 2 AND archived_at IS NULL") == 2);
    for (const auto& delivery : chat.take_deliveries()) REQUIRE_FALSE(contains(delivery.message.text, "round 3"));
}

namespace {

// What each member read about the round they were formed into, by member name.
std::map<std::string, std::string> pod_messages(TestChat& chat, const std::vector<std::string>& people) {
    std::map<std::string, std::string> text_for;
    for (const auto& delivery : chat.take_deliveries())
        for (const auto& person : people)
            if (delivery.destination.target == console_member(person)) text_for[person] = delivery.message.text;
    return text_for;
}

// The line that tells a member who else is in their pod ("… with <@a>, <@b>.").
std::string pod_mates_line(const std::string& message) { return message.substr(0, message.find('\n')); }

}  // namespace

TEST_CASE("five pod signups in pods of 2 leave nobody alone and the admin reads where the odd one went",
          "[pod][form]") {
    TestChat chat;
    const std::vector<std::string> people = {"ana", "ben", "carla", "dev", "emma"};
    for (const auto& person : people) chat.run(person, "/pod signup rust");
    chat.take_deliveries();

    Reply formed = chat.run("olivia", "/pod form rust size:2");
    REQUIRE(contains(formed.response.text, "Formed round 1 of rust learning pods: 5 signups → 2 pods of about 2. "
                                           "5 people in pods of 2: one pod became a trio so nobody is alone."));
    REQUIRE(contains(formed.response.text, "• rust-learning-1-1 ("));
    REQUIRE(contains(formed.response.text, "• rust-learning-1-2 ("));
    REQUIRE_FALSE(contains(formed.response.text, "rust-learning-1-3"));

    auto text_for = pod_messages(chat, people);
    REQUIRE(text_for.size() == people.size());
    std::multiset<int> mates;
    for (const auto& [person, text] : text_for) {
        INFO(person << ": " << text);
        REQUIRE_FALSE(contains(text, "nobody else yet"));
        std::string line = pod_mates_line(text);
        int others = 0;
        for (std::size_t at = line.find("<@"); at != std::string::npos; at = line.find("<@", at + 1)) ++others;
        mates.insert(others);
    }
    // Two in a pair see one pod-mate, three in the trio see two each.
    REQUIRE(mates == std::multiset<int>{1, 1, 2, 2, 2});
}

TEST_CASE("a pod pool of one forms nothing and says it waits for a second person", "[pod][form]") {
    TestChat chat;
    REQUIRE(contains(chat.run("ana", "/pod signup rust").response.text,
                     "(1 person so far: pods need a second person, so none can be formed yet)"));
    Reply formed = chat.run("olivia", "/pod form rust size:2");
    REQUIRE(contains(formed.response.text, "only 1 member has signed up for rust learning pods and a pod needs at "
                                           "least 2, so no pod was formed. The pool waits for a second person "
                                           "(/pod signup topic:rust kind:learning)."));
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods") == 0);
    REQUIRE(contains(chat.run("ben", "/pod signup rust").response.text, "(2 people so far)"));
    REQUIRE(contains(chat.run("olivia", "/pod form rust size:2").response.text, "2 signups → 1 pod of about 2."));
}

TEST_CASE("the count a signup gives leaves out those who left the pool and counts those who came back", "[pod][form]") {
    TestChat chat;
    REQUIRE(contains(chat.run("ana", "/pod signup rust").response.text, "(1 person so far"));
    REQUIRE(contains(chat.run("ben", "/pod signup rust").response.text, "(2 people so far)"));
    chat.run("ana", "/pod signup rust cancel:yes");
    REQUIRE(contains(chat.run("kai", "/pod signup rust").response.text, "(2 people so far)"));
    // Another pool's signups are not counted.
    REQUIRE(contains(chat.run("gia", "/pod signup rust kind:circle").response.text, "(1 person so far"));
    const std::string back = chat.run("ana", "/pod signup rust").response.text;
    REQUIRE(contains(back, "You are back in the pool"));
    REQUIRE(contains(back, "(3 people so far)"));
}

TEST_CASE("cohort pods keep people who started in the same month together and name the months", "[pod][form]") {
    // Kai started 2022-08, Hugo 2024-02, Mo 2025-05, Ana and Ines 2026-09, Gia and Jon 2026-10.
    const std::vector<std::string> people = {"ana", "gia", "hugo", "ines", "jon", "kai", "mo"};

    SECTION("pods of 3") {
        TestChat chat;
        for (const auto& person : people) chat.run(person, "/pod signup onboarding kind:cohort");
        chat.take_deliveries();
        Reply formed = chat.run("olivia", "/pod form onboarding kind:cohort size:3");
        INFO(formed.response.text);
        REQUIRE(contains(formed.response.text, "7 signups → 2 pods of about 3. 7 people in pods of 3: one pod has 4 "
                                               "so nobody is alone."));
        // The earliest starters first, each pod in start-month order.
        REQUIRE(contains(formed.response.text, "• onboarding-cohort-1-1 (3): joined Aug 2022 (1), Feb 2024 (1), "
                                               "May 2025 (1) · "));
        REQUIRE(contains(formed.response.text, "• onboarding-cohort-1-2 (4): joined Sep 2026 (2), Oct 2026 (2) · "));
        REQUIRE_FALSE(contains(formed.response.text, "months ("));

        auto text_for = pod_messages(chat, people);
        INFO(text_for["ana"]);
        REQUIRE(contains(pod_mates_line(text_for["ana"]), "<@console:local:ines>"));
        REQUIRE(contains(pod_mates_line(text_for["ana"]), "<@console:local:gia>"));
        REQUIRE(contains(pod_mates_line(text_for["gia"]), "<@console:local:jon>"));
        REQUIRE(contains(text_for["ana"], "Why this pod: joined Sep 2026 (2), Oct 2026 (2) · levels 1,1,2,2"));
        REQUIRE_FALSE(contains(pod_mates_line(text_for["ana"]), "<@console:local:kai>"));
    }

    SECTION("pods of 2") {
        TestChat chat;
        for (const auto& person : people) chat.run(person, "/pod signup onboarding kind:cohort");
        chat.take_deliveries();
        Reply formed = chat.run("olivia", "/pod form onboarding kind:cohort size:2");
        INFO(formed.response.text);
        REQUIRE(contains(formed.response.text, "7 signups → 3 pods of about 2. 7 people in pods of 2: one pod became "
                                               "a trio so nobody is alone."));
        REQUIRE(contains(formed.response.text, "(2): joined Sep 2026 (2) · "));
        REQUIRE(contains(formed.response.text, "(2): joined Oct 2026 (2) · "));

        auto text_for = pod_messages(chat, people);
        for (const auto& [person, text] : text_for) REQUIRE_FALSE(contains(text, "nobody else yet"));
        REQUIRE(contains(pod_mates_line(text_for["ana"]), "with <@console:local:ines>."));
        REQUIRE(contains(pod_mates_line(text_for["gia"]), "with <@console:local:jon>."));
    }
}

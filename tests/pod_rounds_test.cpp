// Scenario tests for pod rounds over time: every:N, opt-out, skip, a confirmed manual re-form, every:0, empty pods.
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

// What each person read by direct message since the last take, reminders and "Did your pod
// meet?" asks left out, oldest first.
std::map<std::string, std::vector<std::string>> read_by(TestChat& chat, const std::vector<std::string>& people) {
    std::map<std::string, std::vector<std::string>> texts;
    for (const auto& delivery : chat.take_deliveries()) {
        if (contains(delivery.message.text, "⏰") || contains(delivery.message.text, "📋")) continue;
        for (const auto& person : people)
            if (delivery.destination.target == console_member(person)) texts[person].push_back(delivery.message.text);
    }
    return texts;
}

// The name of the pod a "🫂 You are in … pod <name> (" message places the reader in.
std::string pod_named_in(const std::string& message) {
    std::size_t start = message.find(" pod ") + 5;
    return message.substr(start, message.find(" (", start) - start);
}

}  // namespace

TEST_CASE("three weekly rounds with an opt-out, a skip, a confirmed re-form and a stop", "[pod][rounds]") {
    TestChat chat;  // Thursday 2026-11-26 09:00 UTC
    const std::vector<std::string> people = {"ana", "ben", "carla", "dev", "emma", "farid"};
    for (const auto& person : people) chat.run(person, "/pod signup rust");
    chat.take_deliveries();

    // Round 1: the admin sets the rhythm once.
    Reply first = chat.run("olivia", "/pod form rust size:3 every:1 day:thu time:15:00");
    INFO(first.response.text);
    REQUIRE(contains(first.response.text, "Formed round 1 of rust learning pods: 6 signups → 2 pods of about 3."));
    REQUIRE(contains(first.response.text, "Pods meet every Thursday at 15:00 (Europe/London)."));
    REQUIRE(contains(first.response.text, "Re-forms every week: round 2 on Thu  3 Dec 09:00 (Europe/London)."));
    auto round_one = read_by(chat, people);
    std::map<std::string, std::string> pod_in_round_one;
    for (const auto& person : people) {
        REQUIRE(round_one[person].size() == 1);
        REQUIRE(contains(round_one[person][0], "(rust, round 1)"));
        pod_in_round_one[person] = pod_named_in(round_one[person][0]);
    }

    // Ben leaves the pool for good; he stays in his pod until the round ends.
    Reply opted_out = chat.run("ben", "/pod signup rust cancel:yes");
    REQUIRE(contains(opted_out.response.text, "You left the rust learning pool: no later round places you. You stay "
                                              "in pod " +
                                                  pod_in_round_one["ben"] + " until the next round ends it"));
    REQUIRE(contains(opted_out.response.text, "/pod signup topic:rust kind:learning brings you back."));
    // Carla sits out round 2 only.
    Reply skipped = chat.run("carla", "/pod skip rust");
    REQUIRE(contains(skipped.response.text, "You skip round 2 of rust learning pods, due Thu  3 Dec 04:00 "
                                            "(America/New_York): it places everyone else, and the round after places "
                                            "you again."));

    std::string carla_list = chat.run("carla", "/pod list").response.text;
    REQUIRE(contains(carla_list, "• rust learning pool, round 1, re-forms every week — you: signed up, skipping "
                                 "round 2"));
    REQUIRE(contains(carla_list, pod_in_round_one["carla"] + " — learning, rust, 3/3, weekly thu 15:00 ← you are "
                                                             "in it"));
    REQUIRE(contains(chat.run("ben", "/pod list").response.text,
                     "• rust learning pool, round 1, re-forms every week — you: left the pool (/pod signup topic:rust "
                     "kind:learning brings you back)"));
    REQUIRE(chat.run("ana", "/pod list").response.text.ends_with("re-forms every week — you: signed up"));

    // A week later round 2 forms by itself, on the same day and time, without Ben and Carla.
    chat.advance(std::chrono::days{7});
    auto round_two = read_by(chat, people);
    REQUIRE(round_two["ben"].size() == 1);
    REQUIRE(contains(round_two["ben"][0], "🔚 Pod " + pod_in_round_one["ben"] +
                                              " has ended: round 2 of rust learning pods was formed. You are no "
                                              "longer in the pool, so no new pod for you."));
    REQUIRE(round_two["carla"].size() == 1);
    REQUIRE(
        contains(round_two["carla"][0], "🔚 Pod " + pod_in_round_one["carla"] +
                                            " has ended: round 2 of rust learning pods was formed. You skip round 2 "
                                            "as you asked"));
    std::map<std::string, std::string> pod_in_round_two;
    for (const auto& person : {"ana", "dev", "emma", "farid"}) {
        INFO(person);
        // First that the old pod ended, then the new one, in one message.
        REQUIRE(round_two[person].size() == 1);
        const std::string& message = round_two[person][0];
        REQUIRE(contains(message, "🔚 Pod " + pod_in_round_one[person] + " has ended"));
        REQUIRE(contains(message, "(rust, round 2) with"));
        REQUIRE(message.find("🔚 Pod") < message.find("🫂 You are in"));
        REQUIRE(contains(message, "Meets every Thursday at 15:00 (Europe/London)"));
        pod_in_round_two[person] = pod_named_in(message);
    }

    // Dev leaves his pod and is told he stays in the pool, and how to leave it too.
    Reply left = chat.run("dev", "/pod leave " + pod_in_round_two["dev"]);
    REQUIRE(contains(left.response.text, "You left pod " + pod_in_round_two["dev"] +
                                             ". You stay in the rust learning pool: round 3 of rust learning pods, "
                                             "due Thu 10 Dec 10:00 (Europe/Berlin), places you in a new pod. To leave "
                                             "the pool too: /pod signup topic:rust kind:learning cancel:yes"));
    chat.take_deliveries();

    // Round 3 by hand: the admin is asked first, and nothing changes until they confirm.
    Reply asked = chat.run("olivia", "/pod form rust");
    REQUIRE(contains(asked.response.text, "Round 2 of rust learning pods still meets: "));
    REQUIRE(contains(asked.response.text, "Forming round 3 now ends them: each member is told their pod ended, then "
                                          "gets their new one. Nothing changed yet. To go ahead: /pod form topic:rust "
                                          "kind:learning confirm:yes"));
    REQUIRE(asked.response.buttons.at(0).label == "Form round 3");
    REQUIRE(chat.take_deliveries().empty());
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE round = 3") == 0);

    chat.advance(std::chrono::hours{1});
    Reply third = chat.run("olivia", asked.response.buttons.at(0).command_line);
    INFO(third.response.text);
    // Carla is back, Ben is not; the rhythm the admin set in round 1 holds.
    REQUIRE(contains(third.response.text, "Formed round 3 of rust learning pods: 5 signups → "));
    REQUIRE(contains(third.response.text, "Round 2's pod ended; its members were told."));
    REQUIRE(contains(third.response.text, "Pods meet every Thursday at 15:00 (Europe/London)."));
    REQUIRE(contains(third.response.text, "Re-forms every week: round 4 on Thu 10 Dec 10:00 (Europe/London)."));
    auto round_three = read_by(chat, people);
    REQUIRE(round_three["ben"].empty());
    REQUIRE(round_three["carla"].size() == 1);
    REQUIRE(contains(round_three["carla"][0], "(rust, round 3) with"));
    REQUIRE(round_three["dev"].size() == 1);  // he had left his round 2 pod: nothing of it ended for him
    REQUIRE(contains(round_three["dev"][0], "(rust, round 3) with"));
    for (const auto& person : {"ana", "emma", "farid"}) {
        INFO(person);
        REQUIRE(round_three[person].size() == 1);
        const std::string& message = round_three[person][0];
        REQUIRE(contains(message, "🔚 Pod " + pod_in_round_two[person] + " has ended: round 3"));
        REQUIRE(contains(message, "(rust, round 3) with"));
        REQUIRE(message.find("🔚 Pod") < message.find("🫂 You are in"));
        REQUIRE(contains(message, "Meets every Thursday at 15:00 (Europe/London)"));
    }

    // every:0 stops the rounds: nothing is formed, nobody is messaged, round 3 keeps meeting.
    Reply stopped = chat.run("olivia", "/pod form rust every:0");
    REQUIRE(contains(stopped.response.text, "Automatic rounds of rust learning pods stopped: no round 4 will be "
                                            "formed by itself, and nobody was messaged. The 2 pods of round 3 keep "
                                            "meeting."));
    REQUIRE(chat.take_deliveries().empty());
    chat.advance(std::chrono::days{15});
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE round = 4") == 0);
    int reminders = 0;
    for (const auto& delivery : chat.take_deliveries()) {
        REQUIRE_FALSE(contains(delivery.message.text, "round 4"));
        reminders += contains(delivery.message.text, "⏰") ? 1 : 0;
    }
    REQUIRE(reminders == 15);  // five members, three Thursdays
    REQUIRE(contains(chat.run("ana", "/pod list").response.text, "• rust learning pool, round 3 — you: signed up"));
}

TEST_CASE("signing up again takes back a skip and brings back a member who left the pool", "[pod][rounds]") {
    TestChat chat;
    for (const auto& person : {"ana", "ben", "carla"}) chat.run(person, "/pod signup go");
    REQUIRE(contains(chat.run("ana", "/pod skip go").response.text,
                     "You skip round 1 of go learning pods, whenever an admin forms it"));
    REQUIRE(contains(chat.run("ana", "/pod signup go").response.text,
                     "You no longer skip round 1 of go learning pods: it places you in a pod."));
    REQUIRE(contains(chat.run("ben", "/pod signup go cancel:yes").response.text, "You left the go learning pool"));
    REQUIRE(contains(chat.run("ben", "/pod signup go").response.text, "You are back in the pool for go learning pods "
                                                                      "(3 people so far)"));
    chat.take_deliveries();
    REQUIRE(contains(chat.run("olivia", "/pod form go size:3").response.text, "3 signups → 1 pod of about 3."));
}

TEST_CASE("a round where too few are left forms nothing and says who sits it out", "[pod][rounds]") {
    TestChat chat;
    for (const auto& person : {"ana", "ben", "carla"}) chat.run(person, "/pod signup go");
    chat.run("ben", "/pod skip go");
    chat.run("carla", "/pod signup go cancel:yes");
    REQUIRE(contains(chat.run("olivia", "/pod form go").response.text,
                     "only 1 member has signed up for go learning pods (1 more skips this round) and a pod needs at "
                     "least 2, so no pod was formed."));
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods") == 0);
}

TEST_CASE("pool mistakes get a clear answer and change nothing", "[pod][rounds]") {
    TestChat chat;
    REQUIRE(contains(chat.run("ana", "/pod skip go").response.text,
                     "you are not signed up for go learning pods, so there is no round to skip."));
    REQUIRE(contains(chat.run("ana", "/pod signup go cancel:yes").response.text,
                     "you are not signed up for go learning pods, so there is no pool to leave."));
    REQUIRE(contains(chat.run("ana", "/pod signup go cancel:maybe").response.text, "⚠️"));
    for (const auto& person : {"ana", "ben"}) chat.run(person, "/pod signup go");
    REQUIRE(contains(chat.run("ana", "/pod signup go").response.text,
                     "you have already signed up for go learning pods: round 1 of go learning pods, whenever an admin "
                     "forms it, places you. To leave the pool: /pod signup topic:go kind:learning cancel:yes"));
    chat.run("ana", "/pod skip go");
    REQUIRE(contains(chat.run("ana", "/pod skip go").response.text, "you already skip round 1 of go learning pods."));
    REQUIRE(contains(chat.run("olivia", "/pod form go every:0").response.text,
                     "go learning pods do not re-form by themselves, so there is nothing to stop. Nothing changed."));
    REQUIRE(contains(chat.run("olivia", "/pod form go every:0 size:3").response.text,
                     "every:0 stops automatic rounds and forms nothing, so it takes no size:. Nothing changed."));
    REQUIRE(contains(chat.run("ben", "/pod form go every:0").response.text, "/pod form is for program admins only"));
    REQUIRE(contains(chat.run("ana", "/pod skip").response.text, "Usage: /pod skip topic:"));

    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods") == 0);
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pod_signups WHERE left_at IS NULL") == 2);
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pod_signups WHERE skip_round = 1") == 1);
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM jobs WHERE kind = 'pod.reform'") == 0);
}

TEST_CASE("a pod whose last member leaves is archived, stops counting and frees its name", "[pod][rounds]") {
    TestChat chat;
    chat.run("ana", "/pod create rust-readers");
    chat.run("ben", "/pod join rust-readers");
    REQUIRE(contains(chat.run("olivia", "/coach stats").response.text, "Active pods: 1 (2 memberships)"));

    REQUIRE(chat.run("ben", "/pod leave rust-readers").response.text == "You left pod rust-readers.");
    std::string last = chat.run("ana", "/pod leave rust-readers").response.text;
    REQUIRE(contains(last, "Nobody is left in pod rust-readers, so it is archived; its name is free again."));
    REQUIRE(contains(chat.run("olivia", "/coach stats").response.text, "Active pods: 0 (0 memberships)"));
    REQUIRE(contains(chat.run("ana", "/pod list").response.text, "There are no pods yet"));

    Reply again = chat.run("carla", "/pod create rust-readers");
    REQUIRE(contains(again.response.text, "Pod rust-readers created"));
    REQUIRE(contains(again.response.text, "its history is now under rust-readers-archived-2026-11-26."));
    REQUIRE(contains(chat.run("ana", "/pod show rust-readers-archived-2026-11-26").response.text, "(archived)"));
    REQUIRE(contains(chat.run("ana", "/pod show rust-readers").response.text, "Created by <@console:local:carla>"));
    // A pod that still meets keeps its name.
    REQUIRE(contains(chat.run("dev", "/pod create rust-readers").response.text, "already exists"));
}

TEST_CASE("a pod whose only member is forgotten stops counting and is archived at its next meeting", "[pod][rounds]") {
    TestChat chat;
    chat.run("ana", "/pod create rust-readers day:fri time:12:00");
    chat.run("ana", "/profile forget confirm:yes");
    REQUIRE(contains(chat.run("olivia", "/coach stats").response.text, "Active pods: 0 (0 memberships)"));
    REQUIRE(contains(chat.run("ben", "/pod list").response.text, "There are no pods yet"));

    chat.advance(std::chrono::days{2});
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE archived_at IS NOT NULL") == 1);
    REQUIRE(count_rows(chat.database(),
                       "SELECT COUNT(*) FROM jobs WHERE kind = 'pod.reminder' AND status = 'pending'") == 0);
    REQUIRE(contains(chat.run("ben", "/pod create rust-readers").response.text, "Pod rust-readers created"));
}

TEST_CASE("a weekly round due while the bot was down is formed once when it is back", "[pod][rounds]") {
    TestChat chat;
    for (const auto& person : {"ana", "ben", "carla", "dev"}) chat.run(person, "/pod signup go");
    chat.run("olivia", "/pod form go size:2 every:1 day:mon time:10:00");
    chat.take_deliveries();

    // Down for ten days: round 2 was due after seven; it is formed once, now, and round 3 follows a week later.
    chat.jump(std::chrono::days{10});
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE round = 2") == 2);
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE round = 3") == 0);
    int placed = 0;
    for (const auto& delivery : chat.take_deliveries()) {
        // The Monday meeting missed while down gets no late reminder.
        REQUIRE_FALSE(contains(delivery.message.text, "⏰"));
        placed += contains(delivery.message.text, "(go, round 2) with") ? 1 : 0;
    }
    REQUIRE(placed == 4);
    chat.advance(std::chrono::days{6});
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE round = 3") == 0);
    chat.advance(std::chrono::days{1});
    REQUIRE(count_rows(chat.database(), "SELECT COUNT(*) FROM pods WHERE round = 3") == 2);
}

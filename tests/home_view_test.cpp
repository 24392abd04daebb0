// The Home view through the real app: what a member, a mentor and an admin see as requests, offers and sessions change.
#include <catch2/catch.hpp>

#include <algorithm>

#include "bot/slack/home_tab.h"
#include "model/mention.h"
#include "tests/support/callers.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

HomeView home_of(TestChat& chat, const std::string& name) {
    std::optional<HomeView> view = chat.app().home_view(member(console_member(name)));
    REQUIRE(view.has_value());
    return *view;
}

const HomeSection* section(const HomeView& view, const std::string& title) {
    auto found = std::find_if(view.sections.begin(), view.sections.end(),
                              [&](const HomeSection& candidate) { return candidate.title == title; });
    return found == view.sections.end() ? nullptr : &*found;
}

// The entries of a section as one text, and its buttons as "Label → command line" lines.
std::string text_of(const HomeView& view, const std::string& title) {
    const HomeSection* found = section(view, title);
    if (found == nullptr) return "(no section " + title + ")";
    std::string text;
    for (const Message& entry : found->entries) {
        text += entry.text + "\n";
        for (const Button& button : entry.buttons) text += "[" + button.label + " → " + button.command_line + "]\n";
    }
    return text;
}

}  // namespace

TEST_CASE("the Home shows a member's request offer session and pod as they change", "[home]") {
    TestChat chat(/*demo=*/false);
    chat.run("ben", "/profile set level:senior tz:Europe/Berlin");
    chat.run("ben", "/mentor offer topics:kubernetes capacity:3");
    chat.run("ana", "/profile set level:junior tz:Europe/Berlin");

    HomeView ana = home_of(chat, "ana");
    CHECK(ana.title == "ana's mentoring");
    CHECK(text_of(ana, "What would you like to do?") ==
          "\n[Ask for help → /flash request]\n[Offer to mentor → /mentor offer]\n[Find a mentor → /mentor list]\n"
          "[Join a pod → /pod list]\n");
    CHECK(text_of(ana, "Your requests") == "You have no open requests.\n");
    CHECK(text_of(ana, "Your mentor offer") ==
          "You do not offer to mentor yet: anyone can, on the topics they know.\n");
    // Ana mentors nobody, so nothing can wait for her answer.
    CHECK(section(ana, "Waiting for your answer") == nullptr);
    CHECK(section(ana, "Program figures (admins)") == nullptr);
    CHECK(ana.footer == "Updated Thu 26 Nov 10:00 (Europe/Berlin).");

    // Thursday 10:00 in Berlin: Ben is at work, so he is asked at once.
    chat.run("ana", "/flash request kubernetes");
    ana = home_of(chat, "ana");
    CHECK(text_of(ana, "Your requests") ==
          "#1 flash · kubernetes · 30 min · offered to " + mention(console_member("ben")) +
              ", waiting for their answer\n[Why → /flash why 1]\n[Cancel → /flash cancel 1]\n");

    HomeView ben = home_of(chat, "ben");
    CHECK(text_of(ben, "Waiting for your answer") ==
          mention(console_member("ana")) +
              " asks for flash help on kubernetes (30 min), request #1\n[Accept → /flash accept 1]\n"
              "[Decline → /flash decline 1]\n");
    CHECK(text_of(ben, "Your mentor offer") ==
          "Topics: kubernetes\n0 of 3 sessions this week, 1 offer waiting for your answer\nActive: fitting requests "
          "are offered to you.\n[Pause → /mentor pause]\n[Details → /mentor status]\n");

    // The button's command line, run as Ben, changes both Homes.
    chat.run("ben", "/flash accept 1");
    ben = home_of(chat, "ben");
    CHECK(text_of(ben, "Waiting for your answer") == "No offers waiting for your answer.\n");
    CHECK(has_verbatim(text_of(ben, "Your mentor offer"), "1 of 3 sessions this week\n"));
    const std::string ben_sessions = text_of(ben, "Upcoming sessions");
    CHECK(has_verbatim(ben_sessions,
                       "Session #1 · flash · kubernetes with " + mention(console_member("ana")) + " (you mentor)"));
    CHECK(has_verbatim(ben_sessions, "Add to calendar: https://calendar.google.com/"));
    CHECK(has_verbatim(ben_sessions, "Outlook: https://outlook.office.com/"));
    CHECK(has_verbatim(ben_sessions, "[Cancel → /flash cancel 1]"));
    ana = home_of(chat, "ana");
    CHECK(text_of(ana, "Your requests") == "You have no open requests.\n");
    const std::string ana_sessions = text_of(ana, "Upcoming sessions");
    CHECK(has_verbatim(ana_sessions, "Session #1 · flash · kubernetes with " + mention(console_member("ben")) + "\n"));
    CHECK_FALSE(has_verbatim(ana_sessions, "(you mentor)"));
    // In her own zone, as every time she reads.
    CHECK(has_verbatim(ana_sessions, "(Europe/Berlin), 30 min"));

    chat.run("ben", "/mentor pause");
    CHECK(has_verbatim(text_of(home_of(chat, "ben"), "Your mentor offer"), "[Resume → /mentor resume]"));

    CHECK(text_of(ana, "Your pods") == "You are in no pod yet.\n");
    chat.run("ana", "/pod create name:\"night owls\" topic:rust day:wed time:15:00");
    const std::string pods = text_of(home_of(chat, "ana"), "Your pods");
    CHECK(has_verbatim(pods, "night owls — learning on rust, 1/6 · next meeting Wed  2 Dec 15:00"));
    CHECK(has_verbatim(pods, "[Details → /pod show name:\"night owls\"]"));

    // Reading a Home changes nothing: the outbox and the requests are as they were.
    const auto before = chat.take_deliveries();
    home_of(chat, "ana");
    home_of(chat, "ben");
    CHECK(chat.take_deliveries().empty());
}

TEST_CASE("an admin's Home shows the headline figures and the waiting queue of their own tenant only",
          "[home][admin]") {
    TestChat chat(/*demo=*/false);
    chat.run("ana", "/profile set level:junior");
    chat.run("ana", "/flash request topic:rust");
    chat.run("ana", "/flash request topic:figma kind:micro note:\"the export dialog\"");
    // A Slack member's waiting request is not the console admin's to see.
    chat.app().run(text_request(caller_of("slack:T1:U9", "Sam"), "/flash request topic:cobol"));
    chat.advance(3h);

    HomeView olivia = home_of(chat, "olivia");
    CHECK(text_of(olivia, "Waiting for a mentor (admins), oldest first") ==
          "#1 · rust · flash · waiting 3 h\n[Why it waits → /flash why 1]\n"
          "#2 · figma · micro · waiting 3 h\n[Why it waits → /flash why 2]\n");
    const std::string figures = text_of(olivia, "Program figures (admins)");
    CHECK(has_verbatim(figures, "Last 30 days: 2 requests, match rate 0% (0 accepted)"));
    CHECK(has_verbatim(figures, "Unmet topics: "));
    CHECK(has_verbatim(figures, "[All figures → /coach stats]"));
    CHECK_FALSE(has_verbatim(figures, "cobol"));

    // Ana's own Home says what her requests wait for, without the admin's parts.
    HomeView ana = home_of(chat, "ana");
    CHECK(has_verbatim(text_of(ana, "Your requests"), "#1 flash · rust · 30 min · waiting for a mentor for 3 h\n"));
    CHECK(section(ana, "Waiting for a mentor (admins), oldest first") == nullptr);

    // A workspace the bot does not serve gets no Home.
    Config config = default_config();
    config.slack_workspaces = {"T2"};
    TestChat served_elsewhere(/*demo=*/false, config);
    CHECK_FALSE(served_elsewhere.app().home_view(member("slack:T1:U9")).has_value());
    CHECK(served_elsewhere.app().home_view(member("slack:T2:U9")).has_value());
}

TEST_CASE("a long Home stays within Slack's block limit and says where the rest is", "[home][slack]") {
    HomeView view;
    view.title = "Ana's mentoring";
    view.footer = "Updated now.";
    for (int s = 0; s < 10; ++s) {
        HomeSection section{"Section " + std::to_string(s), {}};
        for (int e = 0; e < 10; ++e)
            section.entries.push_back(
                {"entry <!channel> & " + std::to_string(e), {{"Go", "/flash why " + std::to_string(e)}}});
        view.sections.push_back(section);
    }
    const nlohmann::json tab = slack::home_tab_view(view);
    CHECK(tab["type"] == "home");
    const auto& blocks = tab["blocks"];
    CHECK(blocks.size() <= slack::home_tab_block_limit);
    CHECK(blocks.front()["type"] == "header");
    CHECK(blocks.back()["elements"][0]["text"] ==
          "There is more than fits here: /flash list and /pod list show everything.");
    // Typed text never becomes Slack markup; buttons carry their command line.
    CHECK(blocks[3]["text"]["text"] == "entry &lt;!channel&gt; &amp; 0");
    CHECK(blocks[4]["type"] == "actions");
    CHECK(blocks[4]["elements"][0]["value"] == "/flash why 0");

    HomeView small;
    small.title = "Ben's mentoring";
    small.footer = "Updated now.";
    small.sections.push_back(
        {"Waiting for your answer", {{mention("slack:T1:U3") + " asks", {{"Accept", "/flash accept 1"}}}}});
    const nlohmann::json short_tab = slack::home_tab_view(small);
    CHECK(short_tab["blocks"].size() == 6);
    CHECK(short_tab["blocks"][2]["text"]["text"] == "*Waiting for your answer*");
    CHECK(short_tab["blocks"][3]["text"]["text"] == "<@U3> asks");
    CHECK(short_tab["blocks"][5]["elements"][0]["text"] == "Updated now.");
}

TEST_CASE("a long-term pairing stays on the Home after its first meeting with its rhythm", "[home][long-term]") {
    TestChat chat(/*demo=*/false);
    chat.run("ben", "/profile set level:senior tz:Europe/London");
    chat.run("ben", "/mentor offer topics:kubernetes capacity:3");
    chat.run("ana", "/profile set level:junior tz:Europe/London");
    chat.jump(5h);  // Thursday 14:00 in London: both at work
    REQUIRE(
        has_verbatim(chat.run("ana", "/flash request kubernetes kind:long-term every:2w").response.text, "offered to"));
    REQUIRE(has_verbatim(chat.run("ben", "/flash accept 1").response.text, "accepted"));
    const std::string before = text_of(home_of(chat, "ana"), "Upcoming sessions");
    CHECK(has_verbatim(before, "Session #1 · long-term · kubernetes with " + mention(console_member("ben"))));

    // Past the first meeting the pairing goes on: both still see it, with when it meets next.
    chat.advance(std::chrono::days(3));
    const std::string ana = text_of(home_of(chat, "ana"), "Upcoming sessions");
    CHECK(has_verbatim(ana, "Long-term mentoring #1 · kubernetes with " + mention(console_member("ben")) +
                                " · every 2 weeks"));
    CHECK(has_verbatim(ana, "Next meeting around "));
    CHECK(has_verbatim(ana, "[End the pairing → /flash done 1]"));
    CHECK_FALSE(has_verbatim(ana, "No sessions coming up."));
    CHECK(has_verbatim(text_of(home_of(chat, "ben"), "Upcoming sessions"), "(you mentor) · every 2 weeks"));

    // Ended, it is gone from both.
    REQUIRE(has_verbatim(chat.run("ana", "/flash done 1").response.text, "done"));
    CHECK(text_of(home_of(chat, "ana"), "Upcoming sessions") == "No sessions coming up.\n");
    CHECK(text_of(home_of(chat, "ben"), "Upcoming sessions") == "No sessions coming up.\n");
}

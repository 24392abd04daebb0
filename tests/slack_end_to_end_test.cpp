// The real app behind the Slack transport: typed commands, a button, and a DM from the outbox.
#include <catch2/catch.hpp>

#include <map>

#include "bot/slack/slack_transport.h"
#include "tests/slack_harness.h"
#include "tests/slack_with_app.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

std::string ack_text(SlackHarness& h, const std::string& envelope_id) {
    auto acks = h.slack->acks_for(envelope_id);
    if (acks.empty()) return {};
    return acks[0].message["payload"].value("text", "");
}

}  // namespace

TEST_CASE("profile set, show and a forget button round trip through the real app over Slack", "[slack][e2e]") {
    SlackWithApp slack;
    REQUIRE(slack.h.start_and_wait_ready());
    SlackHarness& h = slack.h;

    auto set = h.slack->send_slash_command("/profile", "set skills:rust,go tz:Europe/Berlin", "U7", "T1", "C1");
    REQUIRE(h.wait_for([&] { return h.acked(set); }));
    INFO(h.slack->acks_for(set)[0].message.dump());
    CHECK(h.slack->acks_for(set)[0].message["payload"]["response_type"] == "ephemeral");

    auto show = h.slack->send_slash_command("/profile", "show", "U7", "T1", "C1");
    REQUIRE(h.wait_for([&] { return h.acked(show); }));
    CHECK_THAT(ack_text(h, show), Catch::Contains("rust"));
    CHECK_THAT(ack_text(h, show), Catch::Contains("Europe/Berlin"));

    // Someone else's view of U7 through a Slack mention.
    auto other = h.slack->send_slash_command("/profile", "show <@U7>", "U8", "T1", "C1");
    REQUIRE(h.wait_for([&] { return h.acked(other); }));
    CHECK_THAT(ack_text(h, other), Catch::Contains("rust"));

    // A re-sent envelope is answered from the app's stored reply, not run again.
    h.slack->send_slash_command("/profile", "show", "U7", "T1", "C1", nullptr, show);
    REQUIRE(h.wait_for([&] { return h.slack->acks_for(show).size() == 2; }));
    CHECK(h.slack->acks_for(show)[1].message["payload"] == h.slack->acks_for(show)[0].message["payload"]);

    // The confirmation button carries its command line; pressing it runs it as U7.
    auto forget = h.slack->send_slash_command("/profile", "forget", "U7", "T1", "C1");
    REQUIRE(h.wait_for([&] { return h.acked(forget); }));
    auto payload = h.slack->acks_for(forget)[0].message["payload"];
    std::string button_value;
    for (const auto& block : payload["blocks"]) {
        if (block["type"] == "actions") button_value = block["elements"][0]["value"];
    }
    REQUIRE(button_value == "/profile forget confirm:yes");
    auto press = h.slack->send_button_press(button_value, "U7", "T1");
    REQUIRE(h.wait_for([&] { return h.acked(press) && !h.slack->calls_of("response_url").empty(); }));
    INFO(h.slack->calls_of("response_url")[0].body.dump());

    auto show_again = h.slack->send_slash_command("/profile", "show", "U7", "T1", "C1");
    REQUIRE(h.wait_for([&] { return h.acked(show_again); }));
    CHECK_THAT(ack_text(h, show_again), !Catch::Contains("rust"));

    // After the forget, the same envelope again does not bring back the reply that
    // showed the forgotten profile: that memory went with it.
    h.slack->send_slash_command("/profile", "show", "U7", "T1", "C1", nullptr, show);
    REQUIRE(h.wait_for([&] { return h.slack->acks_for(show).size() == 3; }));
    const std::string answered_again = h.slack->acks_for(show)[2].message["payload"].dump();
    CHECK_THAT(answered_again, Catch::Contains("Skills: none yet"));
    CHECK_THAT(answered_again, !Catch::Contains("rust"));
}

TEST_CASE("a display name with Slack markup reaches other members literally", "[slack][e2e][escaping]") {
    TestChat chat(/*demo=*/false);
    SlackHarness h(fast_socket_mode_options(), nullptr, fake_app_token, &chat.app());
    REQUIRE(h.start_and_wait_ready());

    auto set = h.slack->send_slash_command("/profile", "set skills:rust name:\"<!channel> & <@U123>\"", "U7", "T1",
                                           "C1");
    REQUIRE(h.wait_for([&] { return h.acked(set); }));
    auto show = h.slack->send_slash_command("/profile", "show <@U7>", "U8", "T1", "C1");
    REQUIRE(h.wait_for([&] { return h.acked(show); }));
    const auto payload = h.slack->acks_for(show)[0].message["payload"];
    INFO(payload.dump());
    // Shown as typed, and the member it is about is a real mention.
    CHECK_THAT(ack_text(h, show), Catch::Contains("&lt;!channel&gt; &amp; &lt;@U123&gt; (<@U7>)"));
    CHECK_THAT(payload.dump(), !Catch::Contains("<!channel>"));
    CHECK_THAT(payload.dump(), !Catch::Contains("<@U123>"));
}

TEST_CASE("a flash request goes from one mentor's Decline button to another's Accept over Slack",
          "[slack][e2e][flash]") {
    SlackWithApp slack;
    // Thursday 14:00 UTC: both mentors (Berlin and New York) are at work, so offers go out at once.
    slack.chat.jump(std::chrono::hours(5));
    REQUIRE(slack.h.start_and_wait_ready());
    SlackHarness& h = slack.h;
    auto run = [&](const std::string& command, const std::string& text, const std::string& user) {
        auto id = h.slack->send_slash_command(command, text, user, "T1", "C1");
        REQUIRE(h.wait_for([&] { return h.acked(id); }));
        return ack_text(h, id);
    };
    run("/profile", "set level:senior tz:Europe/Berlin", "U1");
    run("/mentor", "offer kubernetes", "U1");
    run("/profile", "set level:staff tz:America/New_York", "U2");
    run("/mentor", "offer kubernetes", "U2");
    run("/profile", "set level:junior", "U3");
    CHECK_THAT(run("/flash", "request kubernetes", "U3"), Catch::Contains("offered to"));

    // The offer reaches a mentor as a DM with Accept and Decline buttons.
    auto dm_buttons = [&](std::size_t index) {
        const auto body = h.slack->calls_of("chat.postMessage").at(index).body;
        std::map<std::string, std::string> buttons;
        for (const auto& block : body["blocks"]) {
            if (block["type"] != "actions") continue;
            for (const auto& element : block["elements"]) buttons[element["text"]["text"]] = element["value"];
        }
        return std::pair{body["channel"].get<std::string>(), buttons};
    };
    REQUIRE(h.wait_for([&] { return h.slack->calls_of("chat.postMessage").size() == 1; }));
    auto [first_channel, first_buttons] = dm_buttons(0);
    REQUIRE(first_buttons.count("Decline") == 1);
    // The fake opens DM "D<user>" for a user.
    const std::string first_mentor = first_channel.substr(1);
    auto decline = h.slack->send_button_press(first_buttons["Decline"], first_mentor, "T1");
    REQUIRE(h.wait_for([&] { return h.acked(decline); }));

    // The next mentor is offered it, and the requester is told.
    std::size_t second_offer = 0;
    REQUIRE(h.wait_for([&] {
        const auto posts = h.slack->calls_of("chat.postMessage");
        for (std::size_t i = 1; i < posts.size(); ++i) {
            if (posts[i].body["channel"] != "DU3" && posts[i].body["channel"] != first_channel) second_offer = i;
        }
        return second_offer != 0;
    }));
    auto [second_channel, second_buttons] = dm_buttons(second_offer);
    REQUIRE(second_buttons.count("Accept") == 1);
    const std::string second_mentor = second_channel.substr(1);
    CHECK(second_mentor != first_mentor);
    auto accept = h.slack->send_button_press(second_buttons["Accept"], second_mentor, "T1");
    REQUIRE(h.wait_for([&] { return h.acked(accept); }));

    // The requester hears who accepted, with a slot in their zone and a calendar link.
    auto requester_dm = [&](const std::string& words) {
        for (const auto& post : h.slack->calls_of("chat.postMessage")) {
            if (post.body["channel"] == "DU3" && post.body.value("text", "").find(words) != std::string::npos)
                return true;
        }
        return false;
    };
    REQUIRE(h.wait_for([&] { return requester_dm("accepted your request"); }));
    // The plain decline before it moved the request on quietly: no news for the requester.
    CHECK_FALSE(requester_dm("cannot take your request"));
    CHECK(requester_dm("Add to calendar: https://calendar.google.com/"));
    // Both links are in the text; the .ics event follows as a file (no console path in the text).
    CHECK(requester_dm("Outlook: https://outlook.office.com/calendar/deeplink/compose?"));
    CHECK_FALSE(requester_dm(".ics"));
    REQUIRE(h.wait_for([&] { return h.slack->files_shared_in("DU3").size() == 1; }));
}

TEST_CASE("a pod is chosen from a select over Slack and joined as the member who chose it", "[slack][e2e][selects]") {
    SlackWithApp slack;
    REQUIRE(slack.h.start_and_wait_ready());
    SlackHarness& h = slack.h;
    auto run = [&](const std::string& command, const std::string& text, const std::string& user) {
        auto id = h.slack->send_slash_command(command, text, user, "T1", "C1");
        REQUIRE(h.wait_for([&] { return h.acked(id); }));
        return h.slack->acks_for(id)[0].message["payload"];
    };
    run("/pod", "create rust-readers topic:rust", "U1");
    run("/pod", "create go-circle topic:go", "U1");

    // /pod join without a name answers with a static_select of the pods U2 may join.
    const nlohmann::json offered = run("/pod", "join", "U2");
    nlohmann::json select;
    for (const auto& block : offered["blocks"]) {
        if (block["type"] == "actions" && block["elements"][0]["type"] == "static_select")
            select = block["elements"][0];
    }
    INFO(offered.dump());
    REQUIRE(select.is_object());
    REQUIRE(select["options"].size() == 2);
    CHECK(select["options"][1]["text"]["text"] == "rust-readers (rust)");
    const std::string value = select["options"][1]["value"];
    CHECK(value == "/pod join name:rust-readers");

    // Choosing it runs the line as U2; the answer goes to the response_url.
    auto choice = h.slack->send_select_choice(value, "rust-readers (rust)", "U2", "T1");
    REQUIRE(h.wait_for([&] { return h.acked(choice) && !h.slack->calls_of("response_url").empty(); }));
    const auto answer = h.slack->calls_of("response_url")[0].body;
    CHECK_THAT(answer.value("text", ""), Catch::Contains("You joined pod rust-readers (2 of 6)"));
    CHECK(answer["replace_original"] == false);
    // The same effect as typing it: U2 is a member, and typing it again says so.
    CHECK_THAT(run("/pod", "show rust-readers", "U2").value("text", ""), Catch::Contains("<@U2>"));
    CHECK_THAT(run("/pod", "join rust-readers", "U2").value("text", ""),
               Catch::Contains("you are already in pod rust-readers"));
}

// The Slack Home tab end to end: the real app and SlackService over TLS and WebSocket frames against the fake Slack.
#include <catch2/catch.hpp>

#include <memory>

#include "bot/slack/slack_service.h"
#include "tests/slack_harness.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

// The real app on a fresh file behind SlackService as production wires it (platform_runtime):
// its Home from App::home_view, its outbox through the Slack transport after every command.
struct SlackHomeRig {
    boost::asio::io_context io;
    TempDirectory dir;
    TestCertificates certificates = TestCertificates::generate();
    TrustedCaFile trusted{certificates.write_ca_file(dir.path())};
    std::unique_ptr<FakeSlack> slack;
    TestChat chat{/*demo=*/false};
    std::unique_ptr<slack::SlackService> service;

    // Quick by default, so the test waits little; the rule is the same as with production's seconds.
    explicit SlackHomeRig(std::chrono::milliseconds min_interval = 200ms) {
        slack = std::make_unique<FakeSlack>(io, certificates);
        slack->start();
        service = std::make_unique<slack::SlackService>(
            io, chat.app(), SlackSettings{fake_app_token, fake_bot_token, slack->api_base_url()},
            [this] { chat.app().deliver_outbox(); }, fast_socket_mode_options());
        chat.app().add_transport(service->transport());
        slack::AppHomeOptions options;
        options.settle = 20ms;
        options.min_interval = min_interval;
        service->enable_app_home([this](const MemberId& member) { return chat.app().home_view(member); }, options);
        service->start();
    }

    ~SlackHomeRig() {
        service->stop();
        run_for(io, 30ms);
        service.reset();
        slack->stop();
        run_for(io, 30ms);
    }

    bool wait_for(const std::function<bool()>& done) { return run_until(io, done, 10s); }
    bool acked(const std::string& envelope_id) { return !slack->acks_for(envelope_id).empty(); }

    void command(const std::string& name, const std::string& text, const std::string& user) {
        const std::string id = slack->send_slash_command(name, text, user, "T1", "C1");
        REQUIRE(wait_for([&] { return acked(id); }));
    }

    // The newest Home published for `user` as one text: every section, entry and button value.
    std::string home_text(const std::string& user) const {
        const auto views = slack->published_views_for(user);
        if (views.empty()) return {};
        std::string text;
        for (const auto& block : views.back().view["blocks"]) {
            if (block.contains("text")) text += block["text"].value("text", "") + "\n";
            if (block["type"] == "actions") {
                for (const auto& button : block["elements"])
                    text += "[" + button["text"].value("text", "") + " → " + button.value("value", "") + "]\n";
            }
            if (block["type"] == "context") text += block["elements"][0].value("text", "") + "\n";
        }
        return text;
    }
    std::size_t published_for(const std::string& user) const { return slack->published_views_for(user).size(); }

    // Direct messages the bot posted to `user` (the fake opens DM "D<user>").
    std::vector<std::string> dms_to(const std::string& user) const {
        std::vector<std::string> texts;
        for (const auto& call : slack->calls_of("chat.postMessage")) {
            if (call.body["channel"] == "D" + user) texts.push_back(call.body.value("text", ""));
        }
        return texts;
    }
};

}  // namespace

TEST_CASE("a member opens the Home tab presses its buttons and sees it follow what changed", "[slack][e2e][home]") {
    SlackHomeRig rig;
    REQUIRE(rig.wait_for([&] { return rig.service->transport().healthy(); }));
    rig.command("/profile", "set level:senior tz:Europe/Berlin", "U2");
    rig.command("/mentor", "offer topics:kubernetes", "U2");
    rig.command("/profile", "set level:junior tz:Europe/Berlin", "U3");
    rig.command("/flash", "request kubernetes", "U3");
    // Nobody opened a Home yet: nothing is published.
    CHECK(rig.slack->published_views().empty());

    // U3 opens it: Slack's event is acked and their Home published, showing their open request.
    const std::string opened = rig.slack->send_app_home_opened("U3", "T1");
    REQUIRE(rig.wait_for([&] { return rig.acked(opened) && rig.published_for("U3") == 1; }));
    std::string home = rig.home_text("U3");
    INFO(home);
    CHECK(has(home, "*Your requests*\n#1 flash · kubernetes · 30 min · offered to <@U2>, waiting for their answer\n"
                    "[Why → /flash why 1]\n[Cancel → /flash cancel 1]\n"));
    CHECK(has(home, "[Ask for help → /flash request]\n[Offer to mentor → /mentor offer]\n"
                    "[Find a mentor → /mentor list]\n[Join a pod → /pod list]\n"));
    CHECK(rig.slack->calls_of("views.publish").back().authorization == std::string("Bearer ") + fake_bot_token);

    // The Messages tab is the bot's DMs: opening it publishes nothing.
    const std::string messages = rig.slack->send_app_home_opened("U2", "T1", "messages");
    REQUIRE(rig.wait_for([&] { return rig.acked(messages); }));

    // U2, the mentor, opens theirs and presses Accept on it: the command runs as U2, whose
    // answer arrives in their DMs (a Home has no message to answer under).
    const std::string mentor_opened = rig.slack->send_app_home_opened("U2", "T1");
    REQUIRE(rig.wait_for([&] { return rig.acked(mentor_opened) && rig.published_for("U2") == 1; }));
    std::string mentor_home = rig.home_text("U2");
    INFO(mentor_home);
    CHECK(has(mentor_home, "*Waiting for your answer*\n<@U3> asks for flash help on kubernetes (30 min), request #1\n"
                           "[Accept → /flash accept 1]\n[Decline → /flash decline 1]\n"));
    CHECK(has(mentor_home, "0 of 2 sessions this week, 1 offer waiting for your answer"));

    const std::string press = rig.slack->send_home_button_press("/flash accept 1", "U2", "T1");
    REQUIRE(rig.wait_for([&] {
        auto dms = rig.dms_to("U2");
        return rig.acked(press) && std::any_of(dms.begin(), dms.end(), [](const std::string& text) {
                   return has(text, "You accepted request #1");
               });
    }));
    // Both Homes follow: U2's from the button press, U3's from the news of the accept.
    REQUIRE(rig.wait_for([&] { return has(rig.home_text("U2"), "1 of 2 sessions this week"); }));
    mentor_home = rig.home_text("U2");
    CHECK(has(mentor_home, "No offers waiting for your answer."));
    CHECK(has(mentor_home, "Session #1 · flash · kubernetes with <@U3> (you mentor)"));
    REQUIRE(rig.wait_for([&] { return has(rig.home_text("U3"), "Session #1"); }));
    home = rig.home_text("U3");
    CHECK(has(home, "You have no open requests."));
    CHECK(has(home, "Add to calendar: https://calendar.google.com/"));
    CHECK(has(home, "[Cancel → /flash cancel 1]"));

    // Someone who never opened their Home gets none, whatever they do.
    rig.command("/profile", "show", "U9");
    rig.command("/mentor", "offer topics:go", "U9");
    CHECK(rig.published_for("U9") == 0);
}

TEST_CASE("Home refreshes coalesce and a refused publish is logged and dropped", "[slack][e2e][home]") {
    // Long enough that three commands in a row fall inside one interval, even on a busy machine.
    SlackHomeRig rig(1500ms);
    REQUIRE(rig.wait_for([&] { return rig.service->transport().healthy(); }));
    rig.command("/profile", "set level:junior", "U3");
    const std::string opened = rig.slack->send_app_home_opened("U3", "T1");
    REQUIRE(rig.wait_for([&] { return rig.acked(opened) && rig.published_for("U3") == 1; }));

    // Three requests in a row: the Home that shows the last one shows all three, published once
    // after the first view, not once per command.
    rig.command("/flash", "request rust", "U3");
    rig.command("/flash", "request go", "U3");
    rig.command("/flash", "request figma", "U3");
    REQUIRE(rig.wait_for([&] { return has(rig.home_text("U3"), "#3 flash · figma"); }));
    CHECK(has(rig.home_text("U3"), "#1 flash · rust"));
    CHECK(rig.published_for("U3") == 2);

    // Slack refuses the next publish: the command is answered as always, the Home stays as it
    // was, and the one after that goes through again.
    rig.slack->script("views.publish", {200, R"({"ok":false,"error":"invalid_blocks"})", {}});
    const std::size_t calls_before = rig.slack->calls_of("views.publish").size();
    const std::string cancel = rig.slack->send_home_button_press("/flash cancel 1", "U3", "T1");
    REQUIRE(rig.wait_for(
        [&] { return rig.acked(cancel) && rig.slack->calls_of("views.publish").size() == calls_before + 1; }));
    CHECK(rig.published_for("U3") == 2);
    rig.command("/flash", "cancel 2", "U3");
    REQUIRE(rig.wait_for(
        [&] { return has(rig.home_text("U3"), "#3 flash · figma") && !has(rig.home_text("U3"), "#2 flash · go"); }));
    CHECK_FALSE(has(rig.home_text("U3"), "#1 flash · rust"));
}

TEST_CASE("a request goes from the Home's Ask-for-help button through the modal to the mentor's Accept on their Home",
          "[slack][e2e][home][forms]") {
    SlackHomeRig rig;  // Thursday 09:00 UTC: 10:00 in Berlin, the mentor is at work
    REQUIRE(rig.wait_for([&] { return rig.service->transport().healthy(); }));
    rig.command("/profile", "set level:senior tz:Europe/Berlin", "U2");
    rig.command("/mentor", "offer topics:kubernetes", "U2");
    rig.command("/profile", "set level:junior tz:Europe/Berlin", "U3");

    const std::string opened = rig.slack->send_app_home_opened("U3", "T1");
    REQUIRE(rig.wait_for([&] { return rig.acked(opened) && rig.published_for("U3") == 1; }));
    REQUIRE(has(rig.home_text("U3"), "[Ask for help → /flash request]"));

    // The Home button opens the Ask-for-help modal with the press's own trigger.
    const std::string press = rig.slack->send_home_button_press("/flash request", "U3", "T1");
    REQUIRE(rig.wait_for([&] { return rig.acked(press) && rig.slack->opened_views().size() == 1; }));
    CHECK(rig.slack->calls_of("views.open")[0].body["trigger_id"] == "trigger-" + press);
    const nlohmann::json view = rig.slack->opened_views()[0];
    CHECK(view["title"]["text"] == "Ask for help");

    // Submitted: the modal closes, the request exists and is offered to the mentor.
    const std::string submitted = rig.slack->send_view_submission(view, {{"topic", "kubernetes"}}, "U3");
    REQUIRE(rig.wait_for([&] { return rig.acked(submitted); }));
    CHECK(rig.slack->acks_for(submitted)[0].message.value("payload", nlohmann::json()) ==
          nlohmann::json{{"response_action", "clear"}});
    REQUIRE(
        rig.wait_for([&] { return has(rig.home_text("U3"), "#1 flash · kubernetes · 30 min · offered to <@U2>"); }));

    // The mentor accepts from their own Home; the requester's Home shows the session.
    const std::string mentor_opened = rig.slack->send_app_home_opened("U2", "T1");
    REQUIRE(rig.wait_for(
        [&] { return rig.acked(mentor_opened) && has(rig.home_text("U2"), "[Accept → /flash accept 1]"); }));
    const std::string accept = rig.slack->send_home_button_press("/flash accept 1", "U2", "T1");
    REQUIRE(rig.wait_for([&] { return rig.acked(accept) && has(rig.home_text("U3"), "Session #1"); }));
    CHECK(has(rig.home_text("U3"), "You have no open requests."));
}

// The real app behind the Slack transport: typed commands, a button, and a DM from the outbox.
#include <catch2/catch.hpp>

#include "bot/slack/slack_transport.h"
#include "tests/slack_harness.h"
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
    TestChat chat(/*demo=*/false);
    SlackHarness h(fast_socket_mode_options(), nullptr, fake_app_token, &chat.app());
    slack::SlackTransport transport(*h.api);
    chat.app().add_transport(transport);
    h.after_command = [&] { chat.app().deliver_outbox(); };
    REQUIRE(h.start_and_wait_ready());

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

    // A re-sent envelope is answered from the app's stored reply, not run again.
    h.slack->send_slash_command("/profile", "show", "U7", "T1", "C1", nullptr, show);
    REQUIRE(h.wait_for([&] { return h.slack->acks_for(show).size() == 2; }));
    CHECK(h.slack->acks_for(show)[1].message["payload"] == h.slack->acks_for(show)[0].message["payload"]);
}

TEST_CASE("a display name with Slack markup reaches other members literally", "[slack][e2e][escaping]") {
    TestChat chat(/*demo=*/false);
    SlackHarness h(fast_socket_mode_options(), nullptr, fake_app_token, &chat.app());
    REQUIRE(h.start_and_wait_ready());

    auto set = h.slack->send_slash_command("/profile", "set skills:rust name:\"<!channel> & <@U123>\"", "U7", "T1", "C1");
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

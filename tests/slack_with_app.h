// The real app on a fresh file behind the fake Slack, its outbox delivered through the Web API after every command.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "bot/slack/slack_transport.h"
#include "tests/slack_harness.h"
#include "tests/support/test_chat.h"

namespace mentorbot::testing {

struct SlackWithApp {
    TestChat chat{/*demo=*/false};
    SlackHarness h{fast_socket_mode_options(), nullptr, fake_app_token, &chat.app()};
    slack::SlackTransport transport{*h.api};

    SlackWithApp() {
        chat.app().add_transport(transport);
        h.after_command = [this] { chat.app().deliver_outbox(); };
    }
    // Runs `/command text` as `user` of workspace T1 in channel C1; its ack, as JSON text.
    std::string run(const std::string& command, const std::string& text, const std::string& user) {
        auto id = h.slack->send_slash_command(command, text, user, "T1", "C1");
        REQUIRE(h.wait_for([&] { return h.acked(id); }));
        return h.slack->acks_for(id)[0].message.dump();
    }
    // The payload of the ack of `envelope_id`, once it came.
    nlohmann::json ack_payload(const std::string& envelope_id) {
        REQUIRE(h.wait_for([&] { return h.acked(envelope_id); }));
        return h.slack->acks_for(envelope_id)[0].message.value("payload", nlohmann::json());
    }
};

}  // namespace mentorbot::testing

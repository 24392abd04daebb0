// Socket Mode frames read into documents: a slash command keeps the fields the bot uses, anything else comes whole.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "bot/slack/slash_command_frame.h"

using namespace mentorbot;

namespace {

// A slash command as Slack sends it, every field of the payload included.
const std::string full_slash_command = R"({
  "envelope_id": "3b7f1f4e-8f3d-4a55-9b4c-0c1f0e2d9a11",
  "payload": {
    "token": "legacy-verification-token", "team_id": "T0001", "team_domain": "acme",
    "enterprise_id": "E0001", "enterprise_name": "Acme Group",
    "channel_id": "C0001", "channel_name": "mentoring", "user_id": "U0001", "user_name": "ana",
    "command": "/flash", "text": "request topic:\"k8s & <helm>\" — bitte", "api_app_id": "A0001",
    "is_enterprise_install": "false",
    "response_url": "https://127.0.0.1/commands/T0001/1/abc",
    "trigger_id": "1.2.abc"
  },
  "type": "slash_commands",
  "accepts_response_payload": true
})";

}  // namespace

TEST_CASE("a slash command frame keeps every field the bot reads, as the whole document has them", "[slack]") {
    const nlohmann::json whole = nlohmann::json::parse(full_slash_command);
    const nlohmann::json read = slack::read_socket_mode_frame(full_slash_command);
    REQUIRE(read.is_object());
    for (std::string_view field : slack::slash_envelope_fields) {
        if (field != "payload") CHECK(read.at(std::string(field)) == whole.at(std::string(field)));
    }
    for (std::string_view field : slack::slash_payload_fields) {
        const std::string name(field);
        CHECK(read["payload"].contains(name) == whole["payload"].contains(name));
        if (whole["payload"].contains(name)) CHECK(read["payload"][name] == whole["payload"][name]);
    }
    // What the bot never reads stays behind, the legacy verification token among it.
    CHECK_FALSE(read["payload"].contains("token"));
    CHECK_FALSE(read["payload"].contains("team_domain"));
    CHECK(read["payload"]["text"] == "request topic:\"k8s & <helm>\" — bitte");

    // A field of another type stays of that type: the handler finds no text in it, as before.
    const std::string odd = R"({"envelope_id":"e1","type":"slash_commands","payload":{"team_id":"T1","user_id":"U1",)"
                            R"("command":"/coach","text":42,"trigger_id":null}})";
    CHECK(slack::read_socket_mode_frame(odd)["payload"]["text"] == 42);
    CHECK(slack::read_socket_mode_frame(odd)["payload"]["trigger_id"].is_null());
}

TEST_CASE("any frame but a slash command is read whole, and a key given twice counts with its last value", "[slack]") {
    const std::string event =
        R"({"envelope_id":"e2","type":"events_api","payload":{"token":"t","event":{"type":"app_home_opened","user":"U1"}}})";
    CHECK(slack::read_socket_mode_frame(event) == nlohmann::json::parse(event));
    const std::string hello =
        R"({"type":"hello","num_connections":1,"debug_info":{"approximate_connection_time":18060}})";
    CHECK(slack::read_socket_mode_frame(hello) == nlohmann::json::parse(hello));
    // A payload that is no object: not read as a slash command, so the handler sees it as it is.
    const std::string no_payload = R"({"envelope_id":"e3","type":"slash_commands","payload":"x"})";
    CHECK(slack::read_socket_mode_frame(no_payload) == nlohmann::json::parse(no_payload));
    // No payload, or no type at all: read whole.
    for (const std::string& without : {std::string(R"({"envelope_id":"e5","type":"slash_commands","accep":{"a":1}})"),
                                       std::string(R"({"envelope_id":"e6","payload":{"team_id":"T1"}})")}) {
        CHECK(slack::read_socket_mode_frame(without) == nlohmann::json::parse(without));
    }
    // The last "type" decides, as for nlohmann's own parser.
    const std::string twice = R"({"envelope_id":"e4","type":"events_api","payload":{"team_id":"T1","token":"t"},)"
                              R"("type":"slash_commands"})";
    const nlohmann::json read = slack::read_socket_mode_frame(twice);
    CHECK(read["type"] == nlohmann::json::parse(twice)["type"]);
    CHECK(read["payload"]["team_id"] == "T1");
    CHECK_FALSE(read["payload"].contains("token"));
    CHECK(slack::read_socket_mode_frame(R"({"type":"slash_commands",)").is_discarded());
    CHECK(slack::read_socket_mode_frame("\xff\xfe").is_discarded());
}

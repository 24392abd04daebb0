// Slack modals end to end: a slash command opens the form, topics are suggested, a submission runs the request.
#include <catch2/catch.hpp>

#include <map>

#include "bot/slack/slack_forms.h"
#include "bot/slack/slack_transport.h"
#include "commands/command_forms.h"
#include "tests/slack_harness.h"
#include "tests/slack_with_app.h"
#include "tests/support/row_count.h"
#include "tests/support/test_chat.h"
#include "util/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

const nlohmann::json* block_of(const nlohmann::json& view, const std::string& block_id) {
    for (const auto& block : view["blocks"])
        if (block["block_id"] == block_id) return &block;
    return nullptr;
}

}  // namespace

TEST_CASE("On Slack a request goes from the Ask-for-help modal to a mentor's Accept", "[slack][e2e][forms]") {
    SlackWithApp slack;
    // Thursday 14:00 UTC: the mentors are at work, so offers go out at once.
    slack.chat.jump(std::chrono::hours(5));
    REQUIRE(slack.h.start_and_wait_ready());
    SlackHarness& h = slack.h;
    slack.run("/profile", "set level:senior tz:Europe/Berlin", "U1");
    slack.run("/mentor", "offer kubernetes, go", "U1");
    slack.run("/profile", "set level:staff tz:Europe/Berlin", "U2");
    slack.run("/mentor", "offer kubernetes", "U2");
    slack.run("/profile", "set level:junior tz:Europe/Berlin", "U3");

    // No options: the form opens with the slash command's trigger, and the ack says nothing.
    auto open = h.slack->send_slash_command("/flash", "request", "U3", "T1", "C1");
    REQUIRE(h.wait_for([&] { return h.acked(open) && h.slack->opened_views().size() == 1; }));
    CHECK_FALSE(h.slack->acks_for(open)[0].carries_payload);
    CHECK(h.slack->calls_of("views.open")[0].body["trigger_id"] == "trigger-" + open);
    const nlohmann::json view = h.slack->opened_views()[0];
    INFO(view.dump());
    CHECK(view["type"] == "modal");
    CHECK(view["title"]["text"] == "Ask for help");
    CHECK(view["submit"]["text"] == "Ask");
    CHECK(view["callback_id"] == "form:flash request");
    CHECK(view["private_metadata"] == "C1");
    REQUIRE(block_of(view, "topic"));
    CHECK((*block_of(view, "topic"))["element"]["type"] == "external_select");
    CHECK((*block_of(view, "topic"))["optional"] == false);
    const auto& kind = (*block_of(view, "kind"))["element"];
    CHECK(kind["type"] == "static_select");
    CHECK(kind["options"][1]["value"] == "micro");
    CHECK(kind["options"][1]["description"]["text"] == "15 minutes on one concrete challenge (say it in the note)");
    CHECK((*block_of(view, "note"))["element"]["multiline"] == true);
    // The moment to observe is picked: a day and a time of the member's own zone.
    REQUIRE(block_of(view, "when_time"));
    CHECK((*block_of(view, "when"))["element"]["type"] == "datepicker");
    CHECK((*block_of(view, "when_time"))["element"]["type"] == "timepicker");
    CHECK((*block_of(view, "when"))["label"]["text"] == "When (day)");

    // The topic picker offers the topics mentors offer, most offered first, in the ack.
    const nlohmann::json suggested = slack.ack_payload(h.slack->send_block_suggestion(view, "topic", "", "U3"));
    INFO(suggested.dump());
    REQUIRE(suggested["options"].size() == 2);
    CHECK(suggested["options"][0]["text"]["text"] == "kubernetes (2 mentors)");
    CHECK(suggested["options"][0]["value"] == "kubernetes");
    CHECK(suggested["options"][1]["value"] == "go");
    // A topic nobody offers yet can still be asked for.
    const nlohmann::json unknown = slack.ack_payload(h.slack->send_block_suggestion(view, "topic", "haskell", "U3"));
    REQUIRE(unknown["options"].size() == 1);
    CHECK(unknown["options"][0]["value"] == "haskell");

    // A refusal comes back on its field, in the typed command's words, and nothing is stored.
    const nlohmann::json refused = slack.ack_payload(
        h.slack->send_view_submission(view, {{"topic", "kubernetes"}, {"kind", "micro"}}, "U3"));
    INFO(refused.dump());
    CHECK(refused["response_action"] == "errors");
    CHECK(refused["errors"]["note"] ==
          "a micro request needs the challenge in a note, e.g. note:\"my pod keeps missing deadlines\".");
    CHECK(count_rows(slack.chat.database(), "SELECT count(*) FROM requests") == 0);
    // A day without its time is refused as the typed "when:2026-11-30" is, on the day's picker.
    const nlohmann::json no_time = slack.ack_payload(h.slack->send_view_submission(
        view, {{"topic", "kubernetes"}, {"kind", "shadow"}, {"when", "2026-11-30"}}, "U3"));
    INFO(no_time.dump());
    CHECK(no_time["response_action"] == "errors");
    CHECK(no_time["errors"].contains("when"));
    CHECK(count_rows(slack.chat.database(), "SELECT count(*) FROM requests") == 0);
    // Picked day and time are read in the member's zone: Monday 10:00 in Berlin is 09:00 UTC.
    const nlohmann::json shadow = slack.ack_payload(h.slack->send_view_submission(
        view, {{"topic", "kubernetes"}, {"kind", "shadow"}, {"when", "2026-11-30"}, {"when_time", "10:00"}}, "U3"));
    CHECK(shadow == nlohmann::json{{"response_action", "clear"}});
    CHECK(count_rows(slack.chat.database(),
                     "SELECT count(*) FROM requests WHERE kind = 'shadow' AND when_at = 1796029200") == 1);
    slack.run("/flash", "cancel 1", "U3");

    // Filled in: the modal closes, the answer arrives by direct message, a mentor is offered it.
    const nlohmann::json done = slack.ack_payload(
        h.slack->send_view_submission(view, {{"topic", "kubernetes"}, {"note", "my pods keep restarting"}}, "U3"));
    CHECK(done == nlohmann::json{{"response_action", "clear"}});
    CHECK(count_rows(slack.chat.database(), "SELECT count(*) FROM requests WHERE note = 'my pods keep restarting'") ==
          1);
    std::string accept_line;
    std::string mentor;
    REQUIRE(h.wait_for([&] {
        for (const auto& post : h.slack->calls_of("chat.postMessage")) {
            for (const auto& block : post.body["blocks"]) {
                if (block["type"] != "actions") continue;
                for (const auto& element : block["elements"]) {
                    if (element["text"]["text"] == "Accept") {
                        accept_line = element["value"];
                        mentor = post.body["channel"].get<std::string>().substr(1);
                    }
                }
            }
        }
        return !accept_line.empty();
    }));
    auto told = [&](const std::string& channel, const std::string& words) {
        for (const auto& post : h.slack->calls_of("chat.postMessage"))
            if (post.body["channel"] == channel && post.body.value("text", "").find(words) != std::string::npos)
                return true;
        return false;
    };
    // The answer the modal had no room for, as a direct message.
    CHECK(h.wait_for([&] { return told("U3", "offered to"); }));
    auto accept = h.slack->send_button_press(accept_line, mentor, "T1");
    REQUIRE(h.wait_for([&] { return h.acked(accept); }));
    REQUIRE(h.wait_for([&] { return told("DU3", "accepted your request"); }));
}

TEST_CASE("On Slack a typed request with options still runs without a form", "[slack][e2e][forms]") {
    SlackWithApp slack;
    REQUIRE(slack.h.start_and_wait_ready());
    CHECK_THAT(slack.run("/flash", "request kubernetes", "U3"), Catch::Contains("kubernetes"));
    CHECK(slack.h.slack->opened_views().empty());
    // A form the member may not use is not opened: the typed refusal answers.
    CHECK_THAT(slack.run("/announce", "", "U3"), Catch::Contains("missing required option"));
    CHECK(slack.h.slack->opened_views().empty());
}

TEST_CASE("every form makes a modal within Slack's limits and reads its submitted values back", "[slack][forms]") {
    const CommandRegistry& registry = CommandRegistry::standard();
    for (const CommandSpec& command : registry.commands()) {
        for (const SubcommandSpec& subcommand : command.subcommands) {
            std::optional<Form> form = form_for(registry, command.name, subcommand.name);
            if (!form) continue;
            const nlohmann::json view = slack::modal_view(*form, "C1");
            INFO(view.dump());
            CHECK(view["title"]["text"].get<std::string>().size() <= 24);
            CHECK(view["submit"]["text"].get<std::string>().size() <= 24);
            // One input each, and a date-and-time field has two: its day and its time.
            std::size_t pickers_of_time = 0;
            for (const FormField& field : form->fields) pickers_of_time += field.kind == FormField::Kind::date_time;
            REQUIRE(view["blocks"].size() == form->fields.size() + pickers_of_time);
            for (const auto& block : view["blocks"]) {
                CHECK(block["type"] == "input");
                CHECK(block["element"]["action_id"] == block["block_id"]);
                for (const auto& option : block["element"].value("options", nlohmann::json::array())) {
                    CHECK(option["text"]["text"].get<std::string>().size() <= 75 * 4);
                    if (option.contains("description"))
                        CHECK(utf8_length(option["description"]["text"].get<std::string>()) <= 75);
                }
            }
        }
    }
    // Values come back as the typed command has them: a person's id, topics joined, a choice.
    const Form offer = *form_for(registry, "mentor", "offer");
    const nlohmann::json view = slack::modal_view(offer, "C1");
    CHECK((*block_of(view, "topics"))["element"]["type"] == "multi_external_select");
    nlohmann::json submitted = view;
    submitted["state"]["values"] = nlohmann::json::parse(R"json({
        "topics": {"topics": {"type": "multi_external_select", "selected_options": [
            {"text": {"type": "plain_text", "text": "kubernetes (2 mentors)"}, "value": "kubernetes"},
            {"text": {"type": "plain_text", "text": "go (1 mentor)"}, "value": "go"}]}},
        "capacity": {"capacity": {"type": "plain_text_input", "value": "3"}},
        "hours": {"hours": {"type": "plain_text_input", "value": null}},
        "reverse": {"reverse": {"type": "static_select", "selected_option": {
            "text": {"type": "plain_text", "text": "yes"}, "value": "yes"}}},
        "shadow": {"shadow": {"type": "static_select", "selected_option": null}}})json");
    const std::optional<FormSubmission> submission = slack::submission_from_view(submitted);
    REQUIRE(submission);
    CHECK(submission->command == "mentor");
    CHECK(submission->subcommand == "offer");
    CHECK(submission->fields == std::vector<std::pair<std::string, std::string>>{
                                    {"topics", "kubernetes,go"}, {"capacity", "3"}, {"reverse", "yes"}});
    // A view that is no form of ours is not read.
    submitted["callback_id"] = "something-else";
    CHECK_FALSE(slack::submission_from_view(submitted));
}

TEST_CASE("On Slack a button or the Ask-for-help shortcut opens the form with its own trigger", "[slack][e2e][forms]") {
    SlackWithApp slack;
    REQUIRE(slack.h.start_and_wait_ready());
    SlackHarness& h = slack.h;
    // A button whose command line has no options (a home screen's "Ask for help").
    auto press = h.slack->send_button_press("/flash request", "U3", "T1");
    REQUIRE(h.wait_for([&] { return h.acked(press) && h.slack->opened_views().size() == 1; }));
    CHECK(h.slack->calls_of("views.open")[0].body["trigger_id"] == "trigger-" + press);
    CHECK(h.slack->opened_views()[0]["title"]["text"] == "Ask for help");
    CHECK(h.slack->calls_of("response_url").empty());
    // The global shortcut from the manifest, shaped like Slack's shortcut payload.
    h.slack->send_envelope({{"envelope_id", "shortcut-1"},
                            {"type", "interactive"},
                            {"accepts_response_payload", false},
                            {"payload",
                             {{"type", "shortcut"},
                              {"token", "verification-token"},
                              {"action_ts", "1700000000.1"},
                              {"team", {{"id", "T1"}, {"domain", "example"}}},
                              {"user", {{"id", "U3"}, {"username", "user-U3"}, {"team_id", "T1"}}},
                              {"is_enterprise_install", false},
                              {"enterprise", nullptr},
                              {"callback_id", "form:flash request"},
                              {"trigger_id", "trigger-shortcut-1"}}}});
    REQUIRE(h.wait_for([&] { return h.acked("shortcut-1") && h.slack->opened_views().size() == 2; }));
    CHECK(h.slack->calls_of("views.open")[1].body["trigger_id"] == "trigger-shortcut-1");
    CHECK(h.slack->opened_views()[1]["callback_id"] == "form:flash request");
}

TEST_CASE("On Slack a peer note goes from its form with a picked person to that person", "[slack][e2e][forms]") {
    SlackWithApp slack;
    REQUIRE(slack.h.start_and_wait_ready());
    SlackHarness& h = slack.h;
    slack.run("/profile", "show", "U1");  // U1 has used the bot, so a note can reach them

    auto open = h.slack->send_slash_command("/feedback", "peer", "U3", "T1", "C1");
    REQUIRE(h.wait_for([&] { return h.acked(open) && h.slack->opened_views().size() == 1; }));
    const nlohmann::json view = h.slack->opened_views()[0];
    INFO(view.dump());
    CHECK(view["title"]["text"] == "Peer feedback");
    REQUIRE(block_of(view, "user"));
    CHECK((*block_of(view, "user"))["element"]["type"] == "users_select");
    CHECK((*block_of(view, "pod"))["element"]["type"] == "external_select");

    const nlohmann::json done = slack.ack_payload(
        h.slack->send_view_submission(view, {{"user", "U1"}, {"note", "thanks for the clear review"}}, "U3"));
    CHECK(done == nlohmann::json{{"response_action", "clear"}});
    REQUIRE(h.wait_for([&] {
        for (const auto& post : h.slack->calls_of("chat.postMessage"))
            if (post.body["channel"] == "DU1" &&
                post.body.value("text", "").find("thanks for the clear review") != std::string::npos)
                return true;
        return false;
    }));
}

// Slash commands and button presses from Slack run through the same CommandService as every platform.
#include "bot/slack/envelope_handler.h"

#include <optional>
#include <utility>
#include <spdlog/spdlog.h>

#include "bot/metrics.h"
#include "bot/slack/block_kit.h"
#include "bot/slack/envelope_member.h"
#include "bot/slack/slack_forms.h"
#include "commands/command_forms.h"
#include "bot/net/json_fields.h"

namespace mentorbot::slack {

using net::object_field;
using net::string_field;

namespace {

// The member (and channel) of a Slack payload; false when the ids make no member id.
bool caller_from(const std::string& team, const std::string& user, const std::string& channel, Caller& caller) {
    std::optional<MemberId> member = MemberId::from_parts(Platform::slack, team, user);
    if (!member || !member->is_person()) return false;
    caller.member = std::move(*member);
    if (!channel.empty()) {
        if (std::optional<ChannelId> where = MemberId::from_parts(Platform::slack, team, channel))
            caller.channel = *where;
    }
    return true;
}

// The member who acted in an interactive payload (a view submission, a suggestion
// request): their own workspace, or the Enterprise Grid organisation.
bool interactive_caller(const nlohmann::json& payload, Caller& caller) {
    InteractiveActor actor = interactive_actor(payload);
    if (actor.team.empty() || actor.user_id.empty()) return false;
    const std::string channel = string_field(object_field(payload, "view"), "private_metadata");
    if (!caller_from(tenant_of(actor.enterprise, actor.team), actor.user_id, channel, caller)) return false;
    caller.display_name = std::move(actor.display_name);
    return true;
}

// The command line an action carries: a button's value, or the value of the option
// chosen in a static_select (Slack sends it as selected_option).
std::string action_command_line(const nlohmann::json& action) {
    if (auto chosen = action.find("selected_option"); chosen != action.end() && chosen->is_object())
        return string_field(*chosen, "value");
    return string_field(action, "value");
}

}  // namespace

EnvelopeHandler::EnvelopeHandler(CommandService& commands, ResponseUrlPoster post_to_response_url,
                                 std::chrono::steady_clock::duration ack_budget)
    : commands_(commands), post_to_response_url_(std::move(post_to_response_url)), ack_budget_(ack_budget) {}

void EnvelopeHandler::handle(const nlohmann::json& envelope, AckSender send_ack) {
    const std::string envelope_id = string_field(envelope, "envelope_id");
    const std::string type = string_field(envelope, "type");
    const nlohmann::json& payload = object_field(envelope, "payload");
    try {
        if (type == "slash_commands") {
            auto accepts_field = envelope.find("accepts_response_payload");
            const bool accepts = accepts_field != envelope.end() && accepts_field->is_boolean() &&
                                 accepts_field->get<bool>();
            handle_slash_command(envelope_id, payload, accepts, std::move(send_ack));
            return;
        }
        if (type == "interactive" && string_field(payload, "type") == "block_actions") {
            handle_block_actions(envelope_id, payload, std::move(send_ack));
            return;
        }
        if (type == "interactive" && string_field(payload, "type") == "view_submission") {
            handle_view_submission(envelope_id, payload, std::move(send_ack));
            return;
        }
        if (type == "interactive" && string_field(payload, "type") == "shortcut") {
            handle_shortcut(envelope_id, payload, std::move(send_ack));
            return;
        }
        if (type == "interactive" && string_field(payload, "type") == "block_suggestion") {
            handle_block_suggestion(envelope_id, payload, std::move(send_ack));
            return;
        }
    } catch (const std::exception& error) {
        spdlog::error("slack: envelope {} ({}) could not be handled: {}", envelope_id, type, error.what());
        metrics().add(metric::dropped, {{"transport", "slack"}, {"reason", "unreadable"}});
    }
    if (send_ack) send_ack(make_ack(envelope_id));
}

void EnvelopeHandler::run(const std::string& envelope_id, Caller caller, std::string command_line,
                          std::function<void(Reply)> answer) {
    CommandRequest request;
    request.caller = std::move(caller);
    request.input = TextLine{std::move(command_line)};
    // Keyed by envelope: if Slack re-sends it after a restart, the app answers from its
    // stored reply instead of running the command again. The ack then waits for the
    // command's commit, which it may share with the commands around it.
    if (!envelope_id.empty()) {
        request.delivery_key = "slack:envelope:" + envelope_id;
        request.commit = CommitPolicy::may_share_commit;
    }
    commands_.dispatch(std::move(request), std::move(answer));
}

void EnvelopeHandler::handle_slash_command(const std::string& envelope_id, const nlohmann::json& payload,
                                           bool accepts_response_payload, AckSender send_ack) {
    const std::string team = string_field(payload, "team_id");
    const std::string user = string_field(payload, "user_id");
    const std::string command = string_field(payload, "command");
    if (team.empty() || user.empty() || command.empty()) {
        spdlog::warn("slack: slash command envelope {} lacks team, user or command; dropped", envelope_id);
        metrics().add(metric::dropped, {{"transport", "slack"}, {"reason", "incomplete"}});
        send_ack(make_ack(envelope_id));
        return;
    }
    Caller caller;
    if (!caller_from(tenant_of(string_field(payload, "enterprise_id"), team), user, string_field(payload, "channel_id"),
                     caller)) {
        spdlog::warn("slack: slash command envelope {} names an unusable team or user; dropped", envelope_id);
        metrics().add(metric::dropped, {{"transport", "slack"}, {"reason", "incomplete"}});
        send_ack(make_ack(envelope_id));
        return;
    }
    caller.display_name = string_field(payload, "user_name");

    std::string command_line = command;
    // Slack escapes &, < and > in what the member typed: read them back once.
    if (auto text = string_field(payload, "text"); !text.empty()) command_line += " " + unescape_text(text);

    const auto started = std::chrono::steady_clock::now();
    auto answer = [this, envelope_id, command, started, accepts_response_payload,
                   response_url = string_field(payload, "response_url"), send_ack = std::move(send_ack),
                   trigger_id = string_field(payload, "trigger_id"),
                   channel = string_field(payload, "channel_id")](Reply reply) {
        if (open_form(reply, trigger_id, channel)) {
            send_ack(make_ack(envelope_id));
            return;
        }
        const std::string& response = rendered_.slash_response(reply);
        const auto took = std::chrono::steady_clock::now() - started;
        if (!accepts_response_payload || took > ack_budget_) {
            // A late ack would show the member "operation_timeout": make sure the reply
            // still reaches them through the response_url.
            if (took > ack_budget_) {
                spdlog::warn("slack: '{}' took {} ms; reply sent through response_url", command,
                             std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
            }
            if (!response_url.empty() && post_to_response_url_) {
                post_to_response_url_(response_url, nlohmann::json::parse(response));
            }
            send_ack(make_ack(envelope_id));
            return;
        }
        send_ack(make_ack(envelope_id, response));
    };
    run(envelope_id, std::move(caller), std::move(command_line), std::move(answer));
}

void EnvelopeHandler::handle_block_actions(const std::string& envelope_id, const nlohmann::json& payload,
                                           AckSender send_ack) {
    InteractiveActor actor = interactive_actor(payload);
    auto actions = payload.find("actions");
    if (actor.team.empty() || actor.user_id.empty() || actions == payload.end() || !actions->is_array() ||
        actions->empty()) {
        spdlog::warn("slack: button envelope {} lacks team, user or action; dropped", envelope_id);
        metrics().add(metric::dropped, {{"transport", "slack"}, {"reason", "incomplete"}});
        send_ack(make_ack(envelope_id));
        return;
    }
    const std::string command_line = action_command_line((*actions)[0]);
    if (command_line.empty() || command_line.front() != '/') {
        spdlog::warn("slack: button envelope {} carries no command line; dropped", envelope_id);
        send_ack(make_ack(envelope_id));
        return;
    }
    Caller caller;
    if (!caller_from(tenant_of(actor.enterprise, actor.team), actor.user_id,
                     string_field(object_field(payload, "channel"), "id"), caller)) {
        spdlog::warn("slack: button envelope {} names an unusable team or user; dropped", envelope_id);
        metrics().add(metric::dropped, {{"transport", "slack"}, {"reason", "incomplete"}});
        send_ack(make_ack(envelope_id));
        return;
    }
    caller.display_name = std::move(actor.display_name);
    auto answer = [this, envelope_id, member = caller.member, response_url = string_field(payload, "response_url"),
                   trigger_id = string_field(payload, "trigger_id"),
                   channel = string_field(object_field(payload, "channel"), "id"),
                   send_ack = std::move(send_ack)](Reply reply) {
        if (open_form(reply, trigger_id, channel)) {
            send_ack(make_ack(envelope_id));
            return;
        }
        if (!response_url.empty() && post_to_response_url_) {
            nlohmann::json response = slash_response_json(reply);
            // Keep the message with the buttons; the answer arrives under it.
            response["replace_original"] = false;
            post_to_response_url_(response_url, std::move(response));
        } else if (response_url.empty() && reply_directly_) {
            // A Home tab button: no message to answer under, so the member reads it in their DMs.
            reply_directly_(member, std::move(reply.response));
        }
        send_ack(make_ack(envelope_id));
    };
    run(envelope_id, std::move(caller), command_line, std::move(answer));
}

bool EnvelopeHandler::open_form(const Reply& reply, const std::string& trigger_id, const std::string& channel) {
    if (!reply.form || !reply.form->open || trigger_id.empty() || !call_web_api_) return false;
    call_web_api_("views.open", {{"trigger_id", trigger_id}, {"view", modal_view(*reply.form->open, channel)}});
    return true;
}

void EnvelopeHandler::handle_view_submission(const std::string& envelope_id, const nlohmann::json& payload,
                                             AckSender send_ack) {
    Caller caller;
    std::optional<FormSubmission> submission = submission_from_view(object_field(payload, "view"));
    if (!submission || !interactive_caller(payload, caller)) {
        spdlog::warn("slack: view submission envelope {} is no form of ours or lacks team or user; dropped",
                     envelope_id);
        metrics().add(metric::dropped, {{"transport", "slack"}, {"reason", "incomplete"}});
        send_ack(make_ack(envelope_id));
        return;
    }
    const std::string member = std::string(caller.member.user());
    CommandRequest request;
    request.caller = std::move(caller);
    request.input = std::move(*submission);
    if (!envelope_id.empty()) {
        request.delivery_key = "slack:envelope:" + envelope_id;
        request.commit = CommitPolicy::may_share_commit;
    }
    commands_.dispatch(std::move(request), [this, envelope_id, member, send_ack = std::move(send_ack)](Reply reply) {
        if (reply.form && !reply.form->refused_field.empty()) {
            // The modal stays open with the refusal under its field; nothing was stored.
            send_ack(make_ack(envelope_id, field_errors_json(*reply.form).dump()));
            return;
        }
        send_ack(make_ack(envelope_id, nlohmann::json{{"response_action", "clear"}}.dump()));
        if (call_web_api_ && !reply.response.text.empty()) {
            // A modal has no place for an answer: it goes to the member's direct messages.
            nlohmann::json message = message_json(reply.response);
            message["channel"] = member;
            call_web_api_("chat.postMessage", std::move(message));
        }
    });
}

void EnvelopeHandler::handle_shortcut(const std::string& envelope_id, const nlohmann::json& payload,
                                      AckSender send_ack) {
    Caller caller;
    std::optional<Form> form = form_named(CommandRegistry::standard(), string_field(payload, "callback_id"));
    if (!form || !interactive_caller(payload, caller)) {
        spdlog::warn("slack: shortcut envelope {} names no form of ours or lacks team or user; dropped", envelope_id);
        send_ack(make_ack(envelope_id));
        return;
    }
    // The form's command without options: it answers with the form, opened with the
    // shortcut's trigger (a member who may not use it gets nothing opened).
    const std::string line = "/" + form->command + (form->subcommand.empty() ? "" : " " + form->subcommand);
    run(envelope_id, std::move(caller), line,
        [this, envelope_id, trigger_id = string_field(payload, "trigger_id"),
         send_ack = std::move(send_ack)](Reply reply) {
            open_form(reply, trigger_id, "");
            send_ack(make_ack(envelope_id));
        });
}

void EnvelopeHandler::handle_block_suggestion(const std::string& envelope_id, const nlohmann::json& payload,
                                              AckSender send_ack) {
    Caller caller;
    std::optional<Form> form = form_named(CommandRegistry::standard(),
                                          string_field(object_field(payload, "view"), "callback_id"));
    if (!form || !interactive_caller(payload, caller)) {
        send_ack(make_ack(envelope_id, R"({"options":[]})"));
        return;
    }
    std::string typed = string_field(payload, "value");
    CommandRequest request;
    request.caller = std::move(caller);
    request.input = OptionQuery{form->command, form->subcommand, string_field(payload, "action_id"), typed};
    commands_.dispatch(std::move(request), [envelope_id, typed, send_ack = std::move(send_ack)](Reply reply) {
        send_ack(make_ack(envelope_id, suggestion_options_json(reply.choices, typed).dump()));
    });
}

}  // namespace mentorbot::slack

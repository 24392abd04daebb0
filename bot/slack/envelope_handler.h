// Turns Socket Mode envelopes into neutral command runs and builds the ack for each.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "bot/command_service.h"
#include "bot/slack/ack.h"
#include "bot/slack/rendered_replies.h"

namespace mentorbot::slack {

// Sends a reply to a response_url (S15); provided by the Web API client in production.
using ResponseUrlPoster = std::function<void(const std::string& url, nlohmann::json body)>;
// Calls a Web API method with the bot token (views.open, chat.postMessage) without
// waiting for its answer; provided by the Web API client in production.
using WebApiCaller = std::function<void(const std::string& method, nlohmann::json arguments)>;

// Slack envelope → CommandService → ack. Stateless apart from its collaborators and the
// last reply's JSON (rendered_replies.h); the Socket Mode client does deduplication before
// calling it.
//
//  - slash_commands: "/cmd" + " " + text (Slack's &lt; &gt; &amp; read back) is run as
//    the caller (slack:<tenant>:<user>, the tenant being the Enterprise Grid organisation
//    when there is one, else the workspace; mentions name members of the same tenant);
//    the reply goes in the ack
//    payload when the envelope accepts one, else to its response_url.
//  - interactive block_actions: the pressed button's value, or the chosen option's value
//    of a static_select, is a command line, run the same way; the reply goes to the
//    response_url as a new ephemeral (or public) message.
//    A button on the Home tab comes without a response_url (S19): its reply goes to the
//    member's direct messages (reply_directly_with).
//  - a command that answers with a form (a subcommand with a form, given no options)
//    opens it as a modal with views.open and the envelope's trigger_id when a Web API
//    caller is set; otherwise its text rendering is the reply.
//  - interactive view_submission: the form's fields run its command as the submitter;
//    a refusal is acked as response_action errors on its field (nothing stored), a
//    success clears the modal and the reply goes to the submitter by direct message.
//  - interactive block_suggestion: the topics mentors offer, answered in the ack.
//  - interactive shortcut (the global "Ask for help"): opens the form its callback_id names.
//  - events_api and everything else: acked, nothing run.
class EnvelopeHandler {
public:
    EnvelopeHandler(CommandService& commands, ResponseUrlPoster post_to_response_url,
                    std::chrono::steady_clock::duration ack_budget = std::chrono::milliseconds(2500));

    // Passes the ack JSON text for `envelope` to `send_ack`, once the command's effects
    // are durable (the app may commit a few commands together). Never throws: a payload
    // we cannot read is logged and acked empty, so Slack does not retry it.
    using AckSender = std::function<void(std::string ack)>;
    void handle(const nlohmann::json& envelope, AckSender send_ack);

    // Sends a reply to the member's direct messages; without one, a Home tab button's reply
    // is not shown (the command still runs).
    using DirectReplier = std::function<void(const MemberId& member, Message message)>;
    void reply_directly_with(DirectReplier replier) { reply_directly_ = std::move(replier); }
    // Set once at start: forms open and their replies are sent through it.
    void set_web_api(WebApiCaller call_web_api) { call_web_api_ = std::move(call_web_api); }

private:
    void handle_slash_command(const std::string& envelope_id, const nlohmann::json& payload,
                              bool accepts_response_payload, AckSender send_ack);
    void handle_block_actions(const std::string& envelope_id, const nlohmann::json& payload, AckSender send_ack);
    void handle_view_submission(const std::string& envelope_id, const nlohmann::json& payload, AckSender send_ack);
    void handle_shortcut(const std::string& envelope_id, const nlohmann::json& payload, AckSender send_ack);
    void handle_block_suggestion(const std::string& envelope_id, const nlohmann::json& payload, AckSender send_ack);
    // Opens the reply's form with `trigger_id`; false when there is no form or no way to open it.
    bool open_form(const Reply& reply, const std::string& trigger_id, const std::string& channel);
    // Runs the command; `answer` gets the reply once it may be shown.
    void run(const std::string& envelope_id, Caller caller, std::string command_line,
             std::function<void(Reply)> answer);

    CommandService& commands_;
    ResponseUrlPoster post_to_response_url_;
    DirectReplier reply_directly_;
    std::chrono::steady_clock::duration ack_budget_;
    WebApiCaller call_web_api_;
    RenderedReplies rendered_;
};

}  // namespace mentorbot::slack

// Slash commands and button presses from Slack run through the same CommandService as every platform.
#include "bot/slack/envelope_handler.h"

#include <memory>
#include <random>
#include <utility>
#include <spdlog/spdlog.h>

#include "bot/metrics.h"
#include "bot/slack/block_kit.h"
#include "bot/net/json_fields.h"

namespace mentorbot::slack {

namespace {

using net::object_field;
using net::string_field;

std::string incident_id() {
    static thread_local std::mt19937 random{std::random_device{}()};
    static const char* digits = "0123456789abcdef";
    std::string id;
    for (int i = 0; i < 8; ++i) id += digits[random() % 16];
    return id;
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
            const bool accepts = accepts_field != envelope.end() && accepts_field->is_boolean() && accepts_field->get<bool>();
            handle_slash_command(envelope_id, payload, accepts, std::move(send_ack));
            return;
        }
        if (type == "interactive" && string_field(payload, "type") == "block_actions") {
            handle_block_actions(envelope_id, payload, std::move(send_ack));
            return;
        }
    } catch (const std::exception& error) {
        spdlog::error("slack: envelope {} ({}) could not be handled: {}", envelope_id, type, error.what());
        metrics().add(metric::dropped, {{"transport", "slack"}, {"reason", "unreadable"}});
    }
    if (send_ack) send_ack(make_ack(envelope_id));
}

void EnvelopeHandler::run(const std::string& envelope_id, const Caller& caller, const std::string& command_line,
                          const std::string& member_prefix, std::function<void(Reply)> answer) {
    // Called once, whichever way the command ends.
    auto once = std::make_shared<std::function<void(Reply)>>(std::move(answer));
    try {
        // Keyed by envelope: if Slack re-sends it after a restart, the app answers
        // from its stored reply instead of running the command again.
        if (!envelope_id.empty()) {
            commands_.run_text_batched("slack:envelope:" + envelope_id, caller, command_line, member_prefix,
                                       [once](Reply reply) {
                                           if (*once) std::exchange(*once, nullptr)(std::move(reply));
                                       });
            return;
        }
        Reply reply = commands_.run_text(caller, command_line, member_prefix);
        if (*once) std::exchange(*once, nullptr)(std::move(reply));
    } catch (const std::exception& error) {
        // The app answers user mistakes itself; anything reaching us is a bug, so the
        // member gets an id to quote and the log gets the detail.
        const std::string id = incident_id();
        spdlog::error("slack: command '{}' by {} failed [{}]: {}", command_line, caller.member_id, id, error.what());
        if (*once) std::exchange(*once, nullptr)(Reply::private_text("Sorry, something went wrong on our side (error id " + id + ")."));
    }
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
    const std::string member_prefix = "slack:" + team + ":";
    Caller caller;
    caller.member_id = member_prefix + user;
    caller.display_name = string_field(payload, "user_name");
    if (auto channel = string_field(payload, "channel_id"); !channel.empty()) caller.channel_id = member_prefix + channel;

    std::string command_line = command;
    if (auto text = string_field(payload, "text"); !text.empty()) command_line += " " + text;

    const auto started = std::chrono::steady_clock::now();
    auto answer = [this, envelope_id, command, started, accepts_response_payload,
                   response_url = string_field(payload, "response_url"),
                   send_ack = std::move(send_ack)](Reply reply) {
        const std::string response = slash_response_text(reply);
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
    run(envelope_id, caller, command_line, member_prefix, std::move(answer));
}

void EnvelopeHandler::handle_block_actions(const std::string& envelope_id, const nlohmann::json& payload,
                                           AckSender send_ack) {
    const nlohmann::json& user = object_field(payload, "user");
    std::string team = string_field(object_field(payload, "team"), "id");
    if (team.empty()) team = string_field(user, "team_id");
    const std::string user_id = string_field(user, "id");
    auto actions = payload.find("actions");
    if (team.empty() || user_id.empty() || actions == payload.end() || !actions->is_array() || actions->empty()) {
        spdlog::warn("slack: button envelope {} lacks team, user or action; dropped", envelope_id);
        metrics().add(metric::dropped, {{"transport", "slack"}, {"reason", "incomplete"}});
        send_ack(make_ack(envelope_id));
        return;
    }
    const std::string command_line = string_field((*actions)[0], "value");
    if (command_line.empty() || command_line.front() != '/') {
        spdlog::warn("slack: button envelope {} carries no command line; dropped", envelope_id);
        send_ack(make_ack(envelope_id));
        return;
    }
    const std::string member_prefix = "slack:" + team + ":";
    Caller caller;
    caller.member_id = member_prefix + user_id;
    caller.display_name = string_field(user, "username");
    if (caller.display_name.empty()) caller.display_name = string_field(user, "name");
    if (auto channel = string_field(object_field(payload, "channel"), "id"); !channel.empty()) {
        caller.channel_id = member_prefix + channel;
    }
    auto answer = [this, envelope_id, response_url = string_field(payload, "response_url"),
                   send_ack = std::move(send_ack)](Reply reply) {
        if (!response_url.empty() && post_to_response_url_) {
            nlohmann::json response = slash_response_json(reply);
            // Keep the message with the buttons; the answer arrives under it.
            response["replace_original"] = false;
            post_to_response_url_(response_url, std::move(response));
        }
        send_ack(make_ack(envelope_id));
    };
    run(envelope_id, caller, command_line, member_prefix, std::move(answer));
}

}  // namespace mentorbot::slack

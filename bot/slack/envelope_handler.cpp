// Slash commands and button presses from Slack run through the same CommandService as every platform.
#include "bot/slack/envelope_handler.h"

#include <random>
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

std::string make_ack(const std::string& envelope_id, const nlohmann::json* payload) {
    nlohmann::json ack{{"envelope_id", envelope_id}};
    if (payload) ack["payload"] = *payload;
    return ack.dump();
}

EnvelopeHandler::EnvelopeHandler(CommandService& commands, ResponseUrlPoster post_to_response_url,
                                 std::chrono::steady_clock::duration ack_budget)
    : commands_(commands), post_to_response_url_(std::move(post_to_response_url)), ack_budget_(ack_budget) {}

std::string EnvelopeHandler::handle(const nlohmann::json& envelope) {
    const std::string envelope_id = string_field(envelope, "envelope_id");
    const std::string type = string_field(envelope, "type");
    const nlohmann::json& payload = object_field(envelope, "payload");
    try {
        if (type == "slash_commands") {
            auto accepts_field = envelope.find("accepts_response_payload");
            const bool accepts = accepts_field != envelope.end() && accepts_field->is_boolean() && accepts_field->get<bool>();
            return handle_slash_command(envelope_id, payload, accepts);
        }
        if (type == "interactive" && string_field(payload, "type") == "block_actions") {
            return handle_block_actions(envelope_id, payload);
        }
    } catch (const std::exception& error) {
        spdlog::error("slack: envelope {} ({}) could not be handled: {}", envelope_id, type, error.what());
        metrics().add(metric::dropped, {{"transport", "slack"}, {"reason", "unreadable"}});
    }
    return make_ack(envelope_id);
}

Reply EnvelopeHandler::run(const std::string& envelope_id, const Caller& caller, const std::string& command_line,
                           const std::string& member_prefix) {
    try {
        // Keyed by envelope: if Slack re-sends it after a restart, the app answers
        // from its stored reply instead of running the command again.
        if (!envelope_id.empty()) {
            return commands_.run_text_once("slack:envelope:" + envelope_id, caller, command_line, member_prefix);
        }
        return commands_.run_text(caller, command_line, member_prefix);
    } catch (const std::exception& error) {
        // The app answers user mistakes itself; anything reaching us is a bug, so the
        // member gets an id to quote and the log gets the detail.
        const std::string id = incident_id();
        spdlog::error("slack: command '{}' by {} failed [{}]: {}", command_line, caller.member_id, id, error.what());
        return Reply::private_text("Sorry, something went wrong on our side (error id " + id + ").");
    }
}

std::string EnvelopeHandler::handle_slash_command(const std::string& envelope_id, const nlohmann::json& payload,
                                                  bool accepts_response_payload) {
    const std::string team = string_field(payload, "team_id");
    const std::string user = string_field(payload, "user_id");
    const std::string command = string_field(payload, "command");
    if (team.empty() || user.empty() || command.empty()) {
        spdlog::warn("slack: slash command envelope {} lacks team, user or command; dropped", envelope_id);
        metrics().add(metric::dropped, {{"transport", "slack"}, {"reason", "incomplete"}});
        return make_ack(envelope_id);
    }
    const std::string member_prefix = "slack:" + team + ":";
    Caller caller;
    caller.member_id = member_prefix + user;
    caller.display_name = string_field(payload, "user_name");
    if (auto channel = string_field(payload, "channel_id"); !channel.empty()) caller.channel_id = member_prefix + channel;

    std::string command_line = command;
    if (auto text = string_field(payload, "text"); !text.empty()) command_line += " " + text;

    const auto started = std::chrono::steady_clock::now();
    Reply reply = run(envelope_id, caller, command_line, member_prefix);
    nlohmann::json response = slash_response_json(reply);
    const auto took = std::chrono::steady_clock::now() - started;
    const std::string response_url = string_field(payload, "response_url");

    if (!accepts_response_payload || took > ack_budget_) {
        // A late ack would show the member "operation_timeout": make sure the reply
        // still reaches them through the response_url.
        if (took > ack_budget_) {
            spdlog::warn("slack: '{}' took {} ms; reply sent through response_url", command,
                         std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
        }
        if (!response_url.empty() && post_to_response_url_) post_to_response_url_(response_url, response);
        return make_ack(envelope_id);
    }
    return make_ack(envelope_id, &response);
}

std::string EnvelopeHandler::handle_block_actions(const std::string& envelope_id, const nlohmann::json& payload) {
    const nlohmann::json& user = object_field(payload, "user");
    std::string team = string_field(object_field(payload, "team"), "id");
    if (team.empty()) team = string_field(user, "team_id");
    const std::string user_id = string_field(user, "id");
    auto actions = payload.find("actions");
    if (team.empty() || user_id.empty() || actions == payload.end() || !actions->is_array() || actions->empty()) {
        spdlog::warn("slack: button envelope {} lacks team, user or action; dropped", envelope_id);
        metrics().add(metric::dropped, {{"transport", "slack"}, {"reason", "incomplete"}});
        return make_ack(envelope_id);
    }
    const std::string command_line = string_field((*actions)[0], "value");
    if (command_line.empty() || command_line.front() != '/') {
        spdlog::warn("slack: button envelope {} carries no command line; dropped", envelope_id);
        return make_ack(envelope_id);
    }
    const std::string member_prefix = "slack:" + team + ":";
    Caller caller;
    caller.member_id = member_prefix + user_id;
    caller.display_name = string_field(user, "username");
    if (caller.display_name.empty()) caller.display_name = string_field(user, "name");
    if (auto channel = string_field(object_field(payload, "channel"), "id"); !channel.empty()) {
        caller.channel_id = member_prefix + channel;
    }
    Reply reply = run(envelope_id, caller, command_line, member_prefix);
    const std::string response_url = string_field(payload, "response_url");
    if (!response_url.empty() && post_to_response_url_) {
        nlohmann::json response = slash_response_json(reply);
        // Keep the message with the buttons; the answer arrives under it.
        response["replace_original"] = false;
        post_to_response_url_(response_url, std::move(response));
    }
    return make_ack(envelope_id);
}

}  // namespace mentorbot::slack

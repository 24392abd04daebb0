// Turns Socket Mode envelopes into neutral command runs and builds the ack for each.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "bot/command_service.h"

namespace mentorbot::slack {

// Sends a reply to a response_url (S15); provided by the Web API client in production.
using ResponseUrlPoster = std::function<void(const std::string& url, nlohmann::json body)>;

// Slack envelope → CommandService → ack. Stateless apart from its collaborators; the
// Socket Mode client does deduplication before calling it.
//
//  - slash_commands: "/cmd" + " " + text is run as the caller ("slack:<team>:<user>",
//    mentions resolved with the prefix "slack:<team>:"); the reply goes in the ack
//    payload when the envelope accepts one, else to its response_url.
//  - interactive block_actions: the pressed button's value is a command line, run the
//    same way; the reply goes to the response_url as a new ephemeral (or public) message.
//  - events_api and everything else: acked, nothing run.
class EnvelopeHandler {
public:
    EnvelopeHandler(CommandService& commands, ResponseUrlPoster post_to_response_url,
                    std::chrono::steady_clock::duration ack_budget = std::chrono::milliseconds(2500));

    // Returns the ack JSON text for `envelope`. Never throws: a payload we cannot read is
    // logged and acked empty, so Slack does not retry it.
    std::string handle(const nlohmann::json& envelope);

private:
    std::string handle_slash_command(const std::string& envelope_id, const nlohmann::json& payload,
                                     bool accepts_response_payload);
    std::string handle_block_actions(const std::string& envelope_id, const nlohmann::json& payload);
    Reply run(const std::string& envelope_id, const Caller& caller, const std::string& command_line,
              const std::string& member_prefix);

    CommandService& commands_;
    ResponseUrlPoster post_to_response_url_;
    std::chrono::steady_clock::duration ack_budget_;
};

// {"envelope_id": id} or {"envelope_id": id, "payload": payload} as compact JSON.
std::string make_ack(const std::string& envelope_id, const nlohmann::json* payload = nullptr);

}  // namespace mentorbot::slack

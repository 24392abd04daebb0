// Outbound Slack delivery: DM channel lookup, then chat.postMessage in per-channel order.
#include "bot/slack/slack_transport.h"

#include <set>
#include <spdlog/spdlog.h>

#include "bot/slack/block_kit.h"

namespace mentorbot::slack {

namespace {

// Errors that will not go away by trying again later.
bool is_permanent(const std::string& error) {
    static const std::set<std::string> permanent{
        "channel_not_found",      "user_not_found",      "not_in_channel",   "is_archived",
        "user_disabled",          "cannot_dm_bot",       "msg_too_long",     "no_text",
        "invalid_blocks",         "restricted_action",   "invalid_auth",     "not_authed",
        "account_inactive",       "token_revoked",       "missing_scope",    "users_not_found",
        "not_allowed_token_type", "channel_is_archived", "invalid_arguments"};
    return permanent.count(error) != 0;
}

DeliveryOutcome outcome_of(const WebApiResult& result) {
    if (result.ok) return {true, false, {}};
    return {false, result.retryable || !is_permanent(result.error), result.error};
}

}  // namespace

void SlackTransport::deliver(const OutboundMessage& message, std::function<void(DeliveryOutcome)> done) {
    const std::optional<MemberId> destination = MemberId::parse(message.destination.target);
    if (!destination || destination->platform() != Platform::slack) {
        done({false, false, "not a Slack destination: " + message.destination.target});
        return;
    }
    const std::string id(destination->user());
    if (message.destination.kind == Destination::Kind::channel) {
        post(id, message.message, std::move(done));
        return;
    }
    if (auto known = direct_channels_.find(id); known != direct_channels_.end()) {
        post(known->second, message.message, std::move(done));
        return;
    }
    api_.call("conversations.open", {{"users", id}}, id,
              [this, user = id, body = message.message, done = std::move(done)](WebApiResult result) mutable {
                  if (!result.ok) {
                      spdlog::warn("slack: cannot open a DM with {}: {}", user, result.error);
                      done(outcome_of(result));
                      return;
                  }
                  std::string channel;
                  if (auto found = result.body.find("channel"); found != result.body.end() && found->is_object()) {
                      channel = found->value("id", "");
                  }
                  if (channel.empty()) {
                      done({false, true, "conversations.open returned no channel"});
                      return;
                  }
                  direct_channels_[user] = channel;
                  post(channel, body, std::move(done));
              });
}

void SlackTransport::post(const std::string& channel, const Message& message,
                          std::function<void(DeliveryOutcome)> done) {
    nlohmann::json arguments = message_json(message);
    arguments["channel"] = channel;
    api_.call("chat.postMessage", std::move(arguments), channel,
              [channel, done = std::move(done)](WebApiResult result) {
                  if (!result.ok) spdlog::warn("slack: chat.postMessage to {} failed: {}", channel, result.error);
                  done(outcome_of(result));
              });
}

}  // namespace mentorbot::slack

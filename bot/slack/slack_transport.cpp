// Outbound Slack delivery: DM channel lookup, then chat.postMessage in per-channel order, then a message's file.
#include "bot/slack/slack_transport.h"

#include <boost/asio/co_spawn.hpp>
#include <exception>
#include <set>
#include <spdlog/spdlog.h>

#include "bot/slack/block_kit.h"
#include "bot/slack/file_share.h"

namespace mentorbot::slack {

namespace asio = boost::asio;

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
    const bool to_member = message.destination.kind != Destination::Kind::channel;
    if (to_member && direct_message_) direct_message_(*destination);
    asio::co_spawn(api_.executor(), deliver_async(alive_, std::string(destination->user()), to_member, message.message),
                   [done = std::move(done)](std::exception_ptr error, std::optional<DeliveryOutcome> outcome) {
                       // The outbox keeps what it cannot record; nothing may escape into the loop.
                       try {
                           if (error) {
                               done({false, true, "Slack delivery failed unexpectedly"});
                           } else if (outcome) {
                               done(std::move(*outcome));
                           }
                       } catch (const std::exception& failure) {
                           spdlog::error("slack: recording a delivery failed: {}", failure.what());
                       }
                   });
}

asio::awaitable<std::optional<DeliveryOutcome>> SlackTransport::deliver_async(std::shared_ptr<bool> alive,
                                                                              std::string id, bool to_member,
                                                                              Message message) {
    if (!*alive) co_return std::nullopt;
    std::string channel = id;
    if (to_member) {
        if (auto known = direct_channels_.find(id); known != direct_channels_.end()) {
            channel = known->second;
        } else {
            const std::string open_method = "conversations.open";
            nlohmann::json open_arguments = {{"users", id}};
            WebApiResult opened = co_await api_.call(open_method, std::move(open_arguments), id);
            if (!*alive || opened.stopped) co_return std::nullopt;
            if (!opened.ok) {
                spdlog::warn("slack: cannot open a DM with {}: {}", id, opened.error);
                co_return outcome_of(opened);
            }
            channel.clear();
            if (auto found = opened.body.find("channel"); found != opened.body.end() && found->is_object()) {
                channel = found->value("id", "");
            }
            if (channel.empty()) co_return DeliveryOutcome{false, true, "conversations.open returned no channel"};
            direct_channels_[id] = channel;
        }
    }
    nlohmann::json arguments = message_json(message);
    arguments["channel"] = channel;
    const std::string post_method = "chat.postMessage";
    WebApiResult posted = co_await api_.call(post_method, std::move(arguments), channel);
    if (!*alive || posted.stopped) co_return std::nullopt;
    if (!posted.ok) spdlog::warn("slack: chat.postMessage to {} failed: {}", channel, posted.error);
    if (!posted.ok || !message.attachment || files_not_allowed_) co_return outcome_of(posted);
    // The message is delivered; its file follows it. A file that cannot be shared is
    // logged and left: the links in the message stand in for it, and the message is not
    // sent again for it.
    WebApiResult shared = co_await share_file(api_, channel, *message.attachment);
    if (!*alive) co_return std::nullopt;
    if (!shared.ok && !shared.stopped) {
        // An app installed before it asked for files:write is refused every file until it
        // is reinstalled: said once, with what to do, and no file is tried again this run.
        if (shared.error == "missing_scope") {
            if (!files_not_allowed_) {
                files_not_allowed_ = true;
                spdlog::error(
                    "slack: the app may not share files (missing_scope on {}): reinstall the app to the workspace "
                    "so it gets the files:write scope; until then meeting messages go without their .ics file "
                    "(the calendar links stay) and no file is tried again until the bot restarts",
                    shared.failed_call);
            }
            co_return outcome_of(posted);
        }
        spdlog::warn("slack: the file for a message to {} was not shared ({}: {}); the message went without it",
                     channel, shared.failed_call, shared.error);
    }
    co_return outcome_of(posted);
}

}  // namespace mentorbot::slack

// Delivers the app's outbound messages (DMs and channel posts) to Slack through the Web API.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "bot/slack/web_api.h"
#include "bot/transport.h"

namespace mentorbot::slack {

// Handles destinations starting with "slack:". A member ("slack:T1:U2") gets a direct
// message: conversations.open (cached per user) then chat.postMessage to that DM; a
// channel ("slack:T1:C9") gets chat.postMessage. A message with a file has it shared
// right after it (share_file); a file that fails is logged, the message counts as
// delivered; without the files:write scope files are left out for the rest of the run.
// Posts to one channel keep their order; rate limits and server errors are retried by the
// Web API client.
class SlackTransport : public Transport {
public:
    explicit SlackTransport(WebApiClient& api) : api_(api) {}
    ~SlackTransport() override { *alive_ = false; }

    Platform platform() const override { return Platform::slack; }
    void deliver(const OutboundMessage& message, std::function<void(DeliveryOutcome)> done) override;
    bool healthy() const override { return connected_ && connected_(); }
    // How the transport knows whether Socket Mode has a ready connection.
    void set_connected_check(std::function<bool()> connected) { connected_ = std::move(connected); }
    // Told of every member a direct message is handed to: what reached them changed their Home.
    void on_direct_message(std::function<void(const MemberId&)> told) { direct_message_ = std::move(told); }

private:
    // The delivery itself; nullopt when the transport or the client went away first
    // (then nobody is told, as nobody is left to listen).
    boost::asio::awaitable<std::optional<DeliveryOutcome>> deliver_async(std::shared_ptr<bool> alive,
                                                                         std::string user_or_channel, bool to_member,
                                                                         Message message);

    WebApiClient& api_;
    std::function<bool()> connected_;
    std::function<void(const MemberId&)> direct_message_;
    std::map<std::string, std::string> direct_channels_;  // Slack user id → DM channel id
    // Slack refused a file for want of the files:write scope: no file is tried again this run.
    bool files_not_allowed_ = false;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace mentorbot::slack

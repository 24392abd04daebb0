// Delivers the app's outbound messages (DMs and channel posts) to Slack through the Web API.
#pragma once

#include <map>
#include <string>

#include "bot/slack/web_api.h"
#include "bot/transport.h"

namespace mentorbot::slack {

// Handles destinations starting with "slack:". A member ("slack:T1:U2") gets a direct
// message: conversations.open (cached per user) then chat.postMessage to that DM; a
// channel ("slack:T1:C9") gets chat.postMessage. Posts to one channel keep their order;
// rate limits and server errors are retried by the Web API client.
class SlackTransport : public Transport {
public:
    explicit SlackTransport(WebApiClient& api) : api_(api) {}

    Platform platform() const override { return Platform::slack; }
    void deliver(const OutboundMessage& message, std::function<void(DeliveryOutcome)> done) override;
    bool healthy() const override { return connected_ && connected_(); }
    // How the transport knows whether Socket Mode has a ready connection.
    void set_connected_check(std::function<bool()> connected) { connected_ = std::move(connected); }

private:
    void post(const std::string& channel, const Message& message, std::function<void(DeliveryOutcome)> done);

    WebApiClient& api_;
    std::function<bool()> connected_;
    std::map<std::string, std::string> direct_channels_;  // Slack user id → DM channel id
};

}  // namespace mentorbot::slack

// What the app needs from a chat platform to deliver messages it did not send as a reply.
#pragma once

#include <functional>
#include <string>

#include "model/member_id.h"
#include "model/reply.h"

namespace mentorbot {

struct DeliveryOutcome {
    bool delivered = false;
    // Worth trying again later (rate limit, 5xx, network); false for permanent failures
    // such as an unknown user or a channel the bot may not post in.
    bool retryable = true;
    std::string error;  // short reason for the log and the announcement figures
};

// One platform connection set (console, Slack, Discord). Destinations on its platform
// are routed to it.
class Transport {
public:
    virtual ~Transport() = default;
    virtual Platform platform() const = 0;
    // Sends one message; calls `done` exactly once, on the app's executor.
    virtual void deliver(const OutboundMessage& message, std::function<void(DeliveryOutcome)> done) = 0;
    // False while the platform connection is down; /healthz reports 503 then.
    virtual bool healthy() const { return true; }
};

}  // namespace mentorbot

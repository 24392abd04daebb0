// Looking through delivered messages for an offer: the Accept button that runs /flash accept <id>.
#pragma once

#include <string>
#include <vector>

#include "model/reply.h"

namespace mentorbot::testing {

// True when one of `messages` offers request `request_id` (carries its Accept button).
inline bool has_offer_of(const std::vector<Message>& messages, int request_id) {
    const std::string accept = "/flash accept " + std::to_string(request_id);
    for (const Message& message : messages) {
        for (const auto& button : message.buttons) {
            if (button.command_line == accept) return true;
        }
    }
    return false;
}

}  // namespace mentorbot::testing

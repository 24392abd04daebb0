// Keeps the last plain reply's Slack JSON and hands it out again while the replies stay the same.
#include "bot/slack/rendered_replies.h"

#include "bot/slack/block_kit.h"

namespace mentorbot::slack {

const std::string& RenderedReplies::slash_response(const Reply& reply) {
    const Message& message = reply.response;
    // Buttons and menus carry command lines and ids: rarely the same twice, so not kept.
    if (!message.buttons.empty() || !message.selects.empty()) {
        written_ = slash_response_text(reply);
        return written_;
    }
    if (kept_ && kept_public_ == reply.is_public && kept_text_ == message.text) return kept_json_;
    kept_json_ = slash_response_text(reply);
    kept_text_ = message.text;
    kept_public_ = reply.is_public;
    kept_ = true;
    return kept_json_;
}

}  // namespace mentorbot::slack

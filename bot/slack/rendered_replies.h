// The Slack JSON of the last plain reply, kept so a reply repeated word for word is not escaped and written again.
#pragma once

#include <string>

#include "model/reply.h"

namespace mentorbot::slack {

// Under load most acks carry the same few replies (`/coach help`, an unchanged list), and
// escaping and writing a long one as Block Kit was a tenth of the bot's work for each. The
// last reply without buttons or menus is kept with its JSON; comparing its text is a small
// part of writing it. Used from the thread that answers envelopes only.
class RenderedReplies {
public:
    // slash_response_text(reply), written again only when the reply differs from the kept one.
    const std::string& slash_response(const Reply& reply);

private:
    bool kept_ = false;
    bool kept_public_ = false;
    std::string kept_text_;
    std::string kept_json_;
    std::string written_;  // a reply with buttons or menus, written each time
};

}  // namespace mentorbot::slack

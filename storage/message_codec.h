// The one stored form of a chat message and of a command's reply: outbox rows and run-once records alike.
#pragma once

#include <string>
#include <string_view>

#include "model/reply.h"

namespace mentorbot {

// {"text": "…", "buttons": [{"label": "…", "command": "…"}, …],
//  "selects": [{"placeholder": "…", "options": [{"label": "…", "command": "…"}, …]}, …],
//  "attachment": {"name": "…", "type": "text/calendar…", "base64": "…"}}
// ("selects" and "attachment" only when the message has them; a file over
// Attachment::max_bytes is not written).
std::string encode_message(const Message& message);
// Reads what encode_message writes, and the older run-once form in which a button was
// a [label, command] pair. Missing fields read as empty; a damaged or oversized file as none.
Message decode_message(std::string_view json);

// The reply's response as a message, with "public": true|false beside its text and buttons.
// Messages to others are not part of it: they went to the outbox with the reply.
std::string encode_reply(const Reply& reply);
Reply decode_reply(std::string_view json);

}  // namespace mentorbot

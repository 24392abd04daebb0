// Turns the neutral reply model into Slack message JSON (mrkdwn text and Block Kit buttons).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "model/reply.h"

namespace mentorbot::slack {

// Escapes &, < and > as Slack asks, so nothing a member typed (a display name, a note)
// can ping, link or format as a Slack token: <!channel> or <@U1> in it shows as typed.
// The one markup a reply carries is the bot's own mention of a Slack member (see
// model/mention.h), which becomes Slack's "<@U2>"; a mention of a member of another
// platform shows as text. A "<@slack:T1:U2>" a member typed is only text.
std::string escape_text(std::string_view text);

// Slack escapes &, < and > in the text of a slash command; this reads them back, once,
// so a member's "a < b & c" is stored as typed. Mentions Slack made (<@U1|ana>) stay.
std::string unescape_text(std::string_view text);

// {"text": fallback, "blocks": [section…, actions]} for chat.postMessage and friends.
// Each button's value is its command line, so a press runs exactly that command; each
// select is a static_select whose options carry their command lines the same way.
nlohmann::json message_json(const Message& message);

// The slash-command response: message_json plus response_type (in_channel for public
// replies, ephemeral otherwise). Goes in the ack payload or to a response_url.
nlohmann::json slash_response_json(const Reply& reply);
// The same as JSON text, written directly: what an ack carries.
std::string slash_response_text(const Reply& reply);

}  // namespace mentorbot::slack

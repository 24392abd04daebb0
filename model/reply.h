// The platform-neutral reply model: what a command shows its caller and what it sends to others.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/attachment.h"
#include "model/form.h"

namespace mentorbot {

// A button a member can press. Pressing it runs `command_line` as the presser,
// exactly as if they had typed it (e.g. "/flash accept 12"), so buttons and typed
// commands share one code path on every platform.
struct Button {
    std::string label;
    std::string command_line;
};

// A menu of choices under a message (a select on Slack and Discord, a numbered list on
// the console). Choosing an option runs its command line as the chooser, the same single
// path as a button. Keep each line within 100 characters (Discord's limit for an option
// value; Slack's is 150): an option whose line is longer is left out, and a select holds
// at most 25 options (Discord's limit).
struct Select {
    std::string placeholder;
    std::vector<Button> options;
};

// A piece of chat text with optional buttons and selects under it.
struct Message {
    std::string text;
    std::vector<Button> buttons;
    std::vector<Select> selects;
    // Sent with the message where the platform allows it: Slack and Discord messages, and
    // replies on Discord (an interaction answer takes a file). A Slack reply is the ack of
    // the command, which cannot carry one, and the console shows what the text says instead.
    std::optional<Attachment> attachment;
};

// Where an outbound message goes: a member's direct messages or a channel.
struct Destination {
    enum class Kind { direct_message, channel };
    Kind kind = Kind::direct_message;
    // For direct_message a member id ("slack:T1:U2", "discord:G:U", "console:local:ana");
    // for channel a platform channel id prefixed the same way ("slack:T1:C9", "console:local:#pods").
    std::string target;

    static Destination member(std::string member_id) { return {Kind::direct_message, std::move(member_id)}; }
    static Destination channel(std::string channel_id) { return {Kind::channel, std::move(channel_id)}; }
};

// A message for someone other than the caller. Commands return these; the app stores
// them in the durable outbox in the same transaction as the command's other changes,
// so a delivery is never lost and never invented by a rolled-back command.
struct OutboundMessage {
    Destination destination;
    Message message;
    // Set when this delivery belongs to an announcement, so its counts can be kept.
    long long announcement_id = 0;
};

// Everything a command produces.
// One value offered while an option is typed: what the list shows, and what choosing it fills in.
struct Choice {
    std::string label;
    std::string value;
};

struct Reply {
    // What the caller sees in answer to their command.
    Message response;
    // The answer to an OptionQuery: values to choose from, best first (the response is empty).
    std::vector<Choice> choices;
    // false: only the caller sees the response (ephemeral); true: everyone in the channel.
    bool is_public = false;
    // Messages to other members or channels.
    std::vector<OutboundMessage> outbound;
    // A form to open, or the field of a refused form submission (see model/form.h).
    std::optional<FormReply> form;

    static Reply private_text(std::string text) {
        Reply reply;
        reply.response.text = std::move(text);
        return reply;
    }
};

}  // namespace mentorbot

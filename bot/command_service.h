// The narrow seam between transports and the app: text or typed options in, a reply out.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands/invocation.h"
#include "commands/reply.h"

namespace mentorbot {

// Implemented by the app. Every run_* method runs the command to completion: its
// effects and its outbound messages are committed to the database before it returns,
// so a transport may ack the platform as soon as it has the reply. A transport that can
// hold its answer a moment uses run_text_batched instead, which lets many commands share
// one commit.
class CommandService {
public:
    virtual ~CommandService() = default;

    // A slash command typed as text ("/flash request kubernetes") or a button's
    // command line. `member_id_prefix` turns a bare platform user or channel id from
    // a mention into ours, e.g. "slack:T1:" + "U123".
    virtual Reply run_text(const Caller& caller, std::string_view command_line,
                           const std::string& member_id_prefix) = 0;

    // A command whose options arrived already split by the platform (Discord):
    // option name → raw value as text (users and channels as platform ids).
    virtual Reply run_options(const Caller& caller, const std::string& command,
                              const std::string& subcommand,
                              const std::vector<std::pair<std::string, std::string>>& options,
                              const std::string& member_id_prefix) = 0;

    // As run_text, for platform deliveries that may arrive more than once (a Slack
    // envelope re-sent after a reconnect, a Discord interaction replayed after a
    // Resume). The first delivery with `delivery_key` runs and its reply is stored in
    // the same transaction; later ones get that reply back without running again.
    virtual Reply run_text_once(const std::string& delivery_key, const Caller& caller,
                                std::string_view command_line, const std::string& member_id_prefix) = 0;
    virtual Reply run_options_once(const std::string& delivery_key, const Caller& caller,
                                   const std::string& command, const std::string& subcommand,
                                   const std::vector<std::pair<std::string, std::string>>& options,
                                   const std::string& member_id_prefix) = 0;

    // As run_text_once, but the command's changes may wait a moment to be committed
    // together with the commands around it (group commit). `release` gets the reply
    // once the command's effects are durable: at once when there is nothing to wait
    // for, else when the batch commits. If that commit fails nothing of the command
    // remains, and `release` gets an apology instead. Until then the transport must not
    // show the reply to anyone.
    virtual void run_text_batched(const std::string& delivery_key, const Caller& caller,
                                  std::string_view command_line, const std::string& member_id_prefix,
                                  std::function<void(Reply)> release) {
        release(run_text_once(delivery_key, caller, command_line, member_id_prefix));
    }
};

}  // namespace mentorbot

// Reading commands: Slack-style text ("/flash request k8s note:\"…\"") and typed options, into an Invocation.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/invocation.h"
#include "commands/registry.h"

namespace mentorbot {

// One option as the user wrote it, before it is checked and typed.
struct RawOption {
    std::string name;  // empty for a positional value
    std::string value;
};

struct SplitCommandLine {
    std::string command;
    std::string subcommand;
    std::vector<RawOption> options;
};

// Splits text into command, subcommand and raw options. Understands name:value,
// double quotes (also “curly” ones) with \" and \\ escapes, <@U1|name> mentions and
// <#C1|name> channels as single words. Throws UserError on unknown commands and on
// malformed quoting.
SplitCommandLine split_command_line(const CommandRegistry& registry, std::string_view line);

// Checks raw options against the subcommand's spec and types them. A platform user or
// channel id becomes a member or channel of the caller's tenant. Throws UserError
// naming the problem (unknown, repeated or missing option, wrong type, out of range,
// too long, unknown time zone, malformed date).
Invocation bind_options(const CommandRegistry& registry, const std::string& command, const std::string& subcommand,
                        const std::vector<RawOption>& options, const Caller& caller);

// Both steps at once.
Invocation parse_command_text(const CommandRegistry& registry, std::string_view line, const Caller& caller);

}  // namespace mentorbot

// What a command handler gets: the caller's invocation plus the services it may use.
#pragma once

#include <string>

#include "model/invocation.h"
#include "commands/registry.h"
#include "config/config.h"
#include "domain/clock.h"
#include "storage/database.h"

namespace mentorbot {

struct CommandContext {
    Database& database;
    const Config& config;
    const Clock& clock;
    const CommandRegistry& registry;
    const Invocation& invocation;
    const CommandSpec& command;
    const SubcommandSpec& subcommand;

    const Caller& caller() const { return invocation.caller; }
    const Arguments& arguments() const { return invocation.arguments; }
    long long now() const { return to_unix(clock.now()); }
    bool caller_is_admin() const {
        return invocation.caller.platform_admin || config.is_admin(invocation.caller.member_id());
    }
    std::string usage() const { return registry.usage(command, subcommand); }
};

// How a member is written in a message; each transport renders it its own way
// (Slack <@U1>, Discord <@123>, console @ana).
// A member who asked to be forgotten leaves an empty id behind in old requests and sessions.
inline std::string mention(const std::string& member_id) {
    return member_id.empty() ? "a former member" : "<@" + member_id + ">";
}

}  // namespace mentorbot

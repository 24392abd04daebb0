// What a command handler gets: the caller's invocation plus the services it may use.
#pragma once

#include <string>

#include "model/invocation.h"
#include "model/mention.h"
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
    // An admin, from the config or by the platform's own admin bit, is an admin of their
    // own tenant only: whatever an admin command reaches is filtered by this.
    std::string caller_tenant() const { return std::string(invocation.caller.member.tenant_key()); }
    // "this Discord server", "this Slack workspace", "the console": where the caller is.
    std::string caller_tenant_name() const {
        switch (invocation.caller.member.platform()) {
            case Platform::slack: return "this Slack workspace";
            case Platform::discord: return "this Discord server";
            case Platform::console: break;
        }
        return "the console";
    }
    bool caller_is_admin() const {
        return invocation.caller.platform_admin || config.is_admin(invocation.caller.member_id());
    }
    std::string usage() const { return registry.usage(command, subcommand); }
};

}  // namespace mentorbot

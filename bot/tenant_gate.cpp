// Serving the listed tenants, or adopting the first of each platform when none is listed.
#include "bot/tenant_gate.h"

#include <spdlog/spdlog.h>

#include "storage/adopted_tenants.h"

namespace mentorbot {

TenantGate::TenantGate(Database& database, const Config& config, const Clock& clock)
    : database_(database), config_(config), clock_(clock), adopted_(load_adopted_tenants(database)) {}

bool TenantGate::serves(const MemberId& member) const {
    switch (config_.listing(member)) {
        case TenantListing::served: return true;
        case TenantListing::refused: return false;
        case TenantListing::unlisted: return adopted_.contains(member.tenant_key());
    }
    return false;
}

std::vector<std::string> TenantGate::adopted(Platform platform) const {
    const std::string prefix = std::string(platform_name(platform)) + ":";
    std::vector<std::string> tenants;
    for (const std::string& key : adopted_) {
        if (key.starts_with(prefix)) tenants.push_back(key.substr(prefix.size()));
    }
    return tenants;
}

bool TenantGate::adoptable(const MemberId& member) const {
    return config_.listing(member) == TenantListing::unlisted && adopted(member.platform()).empty();
}

void TenantGate::adopt(const MemberId& member) {
    // Without a list, the first workspace or server to use the bot is the organisation's
    // own; any other that adds it later (a public bot, a Slack Connect guest) is refused.
    std::string key(member.tenant_key());
    adopt_tenant(database_, key, to_unix(clock_.now()));
    adopted_.insert(key);
    const bool slack = member.platform() == Platform::slack;
    spdlog::warn("{}: serving {} {}, the first to use the bot; other {} are refused until listed in {}",
                 platform_name(member.platform()), slack ? "workspace" : "server", member.tenant(),
                 slack ? "workspaces" : "servers",
                 slack ? "[slack] workspaces or MENTORBOT_SLACK_WORKSPACES"
                       : "[discord] servers or MENTORBOT_DISCORD_SERVERS");
}

}  // namespace mentorbot

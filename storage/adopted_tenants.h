// The workspaces and servers served without an allow-list: the first of each platform to use the bot.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "storage/database.h"

namespace mentorbot {

// Tenant keys ("slack:T024BE7LD", "discord:8138…"), looked up by a string_view as well: the
// gate asks for every message, and a key copied for each would be an allocation each.
using TenantKeys = std::set<std::string, std::less<>>;

// The tenant keys adopted so far, on every platform.
TenantKeys load_adopted_tenants(Database& database);

// Records `tenant_key` as adopted at `now` (Unix seconds); adopting it again changes nothing.
void adopt_tenant(Database& database, const std::string& tenant_key, long long now);

}  // namespace mentorbot

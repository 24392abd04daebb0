// The workspaces and servers served without an allow-list: the first of each platform to use the bot.
#pragma once

#include <set>
#include <string>

#include "storage/database.h"

namespace mentorbot {

// Tenant keys ("slack:T024BE7LD", "discord:8138…") adopted so far, on every platform.
std::set<std::string> load_adopted_tenants(Database& database);

// Records `tenant_key` as adopted at `now` (Unix seconds); adopting it again changes nothing.
void adopt_tenant(Database& database, const std::string& tenant_key, long long now);

}  // namespace mentorbot

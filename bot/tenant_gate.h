// Which workspaces and servers the bot serves: the configured lists, or without one the first to use it.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"
#include "domain/clock.h"
#include "model/member_id.h"
#include "storage/adopted_tenants.h"
#include "storage/database.h"

namespace mentorbot {

class TenantGate {
public:
    // Reads the tenants adopted in earlier runs.
    TenantGate(Database& database, const Config& config, const Clock& clock);

    // Whether the member's tenant is served now.
    bool serves(const MemberId& member) const;
    // Whether it would be adopted: its platform has no list and no tenant of it is adopted yet.
    bool adoptable(const MemberId& member) const;
    // Serves the member's tenant from now on (see adoptable), written at once and logged.
    // Call with no batch open, so the adoption cannot be rolled back with one. Throws on a
    // database error, adopting nothing.
    void adopt(const MemberId& member);
    // The tenants adopted so far on `platform` ("T024BE7LD", …), for the start's log line.
    std::vector<std::string> adopted(Platform platform) const;

private:
    Database& database_;
    const Config& config_;
    const Clock& clock_;
    TenantKeys adopted_;  // "discord:8138…"
};

}  // namespace mentorbot

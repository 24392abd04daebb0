// The small demo organisation loaded on a fresh console database, so a new user can try every flow.
#pragma once

#include "config/config.h"
#include "storage/database.h"

namespace mentorbot {

// Adds the demo members and mentor offers (console:local:<name>) in one transaction.
void load_demo_organisation(Database& database, const Config& config, long long now);

}  // namespace mentorbot

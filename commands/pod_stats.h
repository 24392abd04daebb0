// Pod figures for /coach stats: attendance rate per pod kind, average pod size, pairs that met before, pods going
// quiet.
#pragma once

#include <string>

#include "storage/database.h"

namespace mentorbot {

// Lines to add to /coach stats for the pods of `tenant` (all when empty); attendance counts
// the asks of the last `days` days up to `now`, the rest is how the active pods stand now.
std::string describe_pod_health(Database& database, long long now, int days, const std::string& tenant,
                                const std::string& zone);

}  // namespace mentorbot

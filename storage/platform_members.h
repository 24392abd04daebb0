// Whether a database serves real platforms: the console chat refuses to open such a file by accident.
#pragma once

#include "storage/database.h"

namespace mentorbot {

// True when any member is a Slack or Discord member (not a console one).
bool has_platform_members(Database& database);

}  // namespace mentorbot

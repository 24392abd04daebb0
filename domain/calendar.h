// Calendar arithmetic shared by commands: week boundaries and today's date.
#pragma once

#include <string>

#include "domain/clock.h"

namespace mentorbot {

// Monday 00:00 UTC of the week containing `now`: mentor capacity resets then.
Seconds week_start(Seconds now);
// "2026-11-26" in UTC.
std::string utc_date(Seconds now);

}  // namespace mentorbot

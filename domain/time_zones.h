// IANA time zones: validation and local-time formatting.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/clock.h"

namespace mentorbot {

bool is_known_time_zone(std::string_view name);
// Every zone name the tz database knows ("Europe/Berlin"),
// sorted; read once.
const std::vector<std::string>& time_zone_names();
// "Tue 1 Dec 14:00 (Europe/Berlin)"
std::string format_in_zone(Seconds instant, std::string_view zone_name);

}  // namespace mentorbot

// A moment as people type it: "2026-12-01 15:00", "today 15:00", "tomorrow 9:30" or "thu 15:00", in their own zone.
#pragma once

#include <optional>
#include <string_view>

#include "domain/working_hours.h"  // Instant

namespace mentorbot {

// The instant `text` names in `time_zone`, read at `now`: a date and time, or today / tomorrow /
// a weekday name (the next such day after today, "mon" or "monday") followed by the time.
// nullopt when malformed or the zone is unknown.
std::optional<Instant> parse_local_moment(std::string_view text, std::string_view time_zone, Instant now);

}  // namespace mentorbot

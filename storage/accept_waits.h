// How long a request waited for its mentor's accept, counted in its requester's working time.
#pragma once

#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "domain/working_hours.h"

namespace mentorbot {

// The joins (requests aliased r) and the three columns that give a request's requester's
// working schedule, for /coach stats and the dashboard to count the same way.
// The zone comes from an index that holds it (migration 21), one lookup per request rather than two.
inline const std::string requester_schedule_joins =
    " LEFT JOIN members rm INDEXED BY members_zone_department ON rm.id = r.requester_id LEFT JOIN mentor_offers ro "
    "ON ro.member_id = r.requester_id ";
inline const std::string requester_schedule_columns = "rm.time_zone, ro.hours_start, ro.hours_end";

// Minutes of the requester's working time between the request and the accept, the schedule
// read from requester_schedule_columns at column `first` of `row`. A request made in the
// evening and accepted the next morning waited only the morning's minutes: the night is not
// the program's delay. A requester with no hours of their own works `default_hours`.
double working_minutes_to_accept(const SQLite::Statement& row, int first, long long created_at, long long accepted_at,
                                 const WorkingHours& default_hours);

// The same from the requester's zone (`time_zone`: the members row's, nullptr when NULL) and
// offer hours (`hours`: nullptr without an offer), for a caller that read them apart.
double working_minutes_to_accept(const std::string* time_zone, const WorkingHours* hours, long long created_at,
                                 long long accepted_at, const WorkingHours& default_hours);

}  // namespace mentorbot

// How long a request waited for its mentor's accept, counted in its requester's working time.
#include "storage/accept_waits.h"

namespace mentorbot {

double working_minutes_to_accept(const SQLite::Statement& row, int first, long long created_at, long long accepted_at,
                                 const WorkingHours& default_hours) {
    WorkingSchedule schedule{"UTC", default_hours};
    const SQLite::Column zone = row.getColumn(first);
    if (!zone.isNull() && !zone.getString().empty() && is_known_time_zone(zone.getString()))
        schedule.time_zone = zone.getString();
    if (!row.getColumn(first + 1).isNull() && !row.getColumn(first + 2).isNull())
        schedule.hours = {row.getColumn(first + 1).getInt(), row.getColumn(first + 2).getInt()};
    const auto waited = working_time_between(schedule, Instant{std::chrono::seconds(created_at)},
                                             Instant{std::chrono::seconds(accepted_at)});
    return static_cast<double>(waited.count()) / 60.0;
}

}  // namespace mentorbot

// How long a request waited for its mentor's accept, counted in its requester's working time.
#include "storage/accept_waits.h"

#include <optional>

namespace mentorbot {

double working_minutes_to_accept(const SQLite::Statement& row, int first, long long created_at, long long accepted_at,
                                 const WorkingHours& default_hours) {
    const SQLite::Column zone = row.getColumn(first);
    const std::string zone_text = zone.isNull() ? std::string() : zone.getString();
    std::optional<WorkingHours> hours;
    if (!row.getColumn(first + 1).isNull() && !row.getColumn(first + 2).isNull())
        hours = WorkingHours{row.getColumn(first + 1).getInt(), row.getColumn(first + 2).getInt()};
    return working_minutes_to_accept(zone.isNull() ? nullptr : &zone_text, hours ? &*hours : nullptr, created_at,
                                     accepted_at, default_hours);
}

double working_minutes_to_accept(const std::string* time_zone, const WorkingHours* hours, long long created_at,
                                 long long accepted_at, const WorkingHours& default_hours) {
    WorkingSchedule schedule{"UTC", default_hours};
    if (time_zone && !time_zone->empty() && is_known_time_zone(*time_zone)) schedule.time_zone = *time_zone;
    if (hours) schedule.hours = *hours;
    const auto waited = working_time_between(schedule, Instant{std::chrono::seconds(created_at)},
                                             Instant{std::chrono::seconds(accepted_at)});
    return static_cast<double>(waited.count()) / 60.0;
}

}  // namespace mentorbot

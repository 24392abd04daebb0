// Time zones through Howard Hinnant's date/tz on the system's tz database.
#include "domain/time_zones.h"

#include <date/tz.h>

namespace mentorbot {

bool is_known_time_zone(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    try {
        return date::locate_zone(name) != nullptr;
    } catch (const std::exception&) {
        return false;
    }
}

std::string format_in_zone(Seconds instant, std::string_view zone_name) {
    const date::time_zone* zone = nullptr;
    try {
        zone = date::locate_zone(zone_name.empty() ? std::string_view("UTC") : zone_name);
    } catch (const std::exception&) {
        zone = date::locate_zone("UTC");
    }
    date::zoned_seconds local{zone, instant};
    return date::format("%a %e %b %H:%M", local) + " (" + std::string(zone->name()) + ")";
}

}  // namespace mentorbot

// Time zones through Howard Hinnant's date/tz on the system's tz database.
#include "domain/time_zones.h"

#include <algorithm>

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

const std::vector<std::string>& time_zone_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> all;
        const date::tzdb& database = date::get_tzdb();
        for (const date::time_zone& zone : database.zones) all.push_back(std::string(zone.name()));
        std::sort(all.begin(), all.end());
        all.erase(std::unique(all.begin(), all.end()), all.end());
        return all;
    }();
    return names;
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

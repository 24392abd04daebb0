// Settings that are not secrets: admins, tag aliases, matching and offer timings, limits.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "domain/tags.h"

namespace mentorbot {

struct Config {
    // Member ids of program admins, e.g. "slack:T1:U2", "console:local:olivia".
    std::vector<std::string> admins;
    TagAliases aliases;
    // How long a mentor has to answer an offer before it moves to the next candidate.
    std::chrono::minutes offer_expiry{30};
    // Offers made for one request before it waits for new supply.
    int max_candidates = 3;
    // Working hours assumed for a mentor who does not give any (minutes after midnight).
    int default_hours_start = 9 * 60;
    int default_hours_end = 17 * 60;
    // Commands one member may run per minute before being asked to slow down.
    int commands_per_minute = 20;
    std::string log_level = "info";

    bool is_admin(const std::string& member_id) const;

    // Adds MENTORBOT_ADMINS (comma-separated member ids) to the admin list.
    void apply_environment();
};

// The embedded default used when no config file is given: the console demo's admin.
Config default_config();

}  // namespace mentorbot

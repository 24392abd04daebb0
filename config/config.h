// Settings that are not secrets: admins, tag aliases, matching and offer timings, limits.
#pragma once

#include <chrono>
#include <stdexcept>
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
    // host:port for the Prometheus endpoint; empty: off.
    std::string metrics_address;
    // Largest WebSocket message a transport accepts before dropping it.
    std::size_t max_platform_message_bytes = 1024 * 1024;

    bool is_admin(const std::string& member_id) const;

    // Environment variables override the file: MENTORBOT_ADMINS (comma-separated member
    // ids, added to the list), MENTORBOT_LOG_LEVEL, MENTORBOT_OFFER_EXPIRY_MINUTES,
    // MENTORBOT_COMMANDS_PER_MINUTE, MENTORBOT_METRICS. Throws ConfigError on a bad value.
    void apply_environment();
};

// A setting that cannot be used; the message names the file (or variable) and line.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The embedded default used when no config file is given: the console demo's admin.
Config default_config();

}  // namespace mentorbot

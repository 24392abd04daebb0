// Default settings and the environment overrides.
#include "config/config.h"

#include <algorithm>
#include <cstdlib>

#include "domain/text.h"

namespace mentorbot {

bool Config::is_admin(const std::string& member_id) const {
    return std::find(admins.begin(), admins.end(), member_id) != admins.end();
}

void Config::apply_environment() {
    const char* from_environment = std::getenv("MENTORBOT_ADMINS");
    if (from_environment == nullptr) return;
    std::string_view list = from_environment;
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t comma = list.find(',', start);
        if (comma == std::string_view::npos) comma = list.size();
        std::string admin = trim(list.substr(start, comma - start));
        if (!admin.empty() && !is_admin(admin)) admins.push_back(admin);
        start = comma + 1;
    }
}

Config default_config() {
    Config config;
    // Olivia runs the program in the demo organisation.
    config.admins = {"console:local:olivia"};
    return config;
}

}  // namespace mentorbot

// Builds the one Config at startup: the file (or the embedded default), the environment on top, the platforms.
#pragma once

#include <string>

#include "config/config.h"
#include "config/environment.h"

namespace mentorbot {

// Whether the Slack and Discord sections are read. `check-config` checks a file and its
// overrides only, so a token missing from the checking shell is not a problem of the file.
enum class PlatformSections { read, skip };

// The settings from `path` (the embedded default when empty), the MENTORBOT_* overrides
// from `environment`, and, unless skipped, the Slack and Discord sections from the same
// `environment`. The platform sections are checked first, so their mistakes are named
// before the file's. Throws ConfigError for the first mistake found.
Config load_config(const std::string& path, const EnvironmentLookup& environment,
                   PlatformSections platforms = PlatformSections::read);

}  // namespace mentorbot

// The config file (TOML): everything that is not a secret.
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"

namespace mentorbot {

// Reads `path` on top of the embedded defaults. Throws ConfigError naming the file, the
// line and the first problem (unknown key, wrong type, value out of range). Secrets are
// refused here: they come only from the environment.
Config load_config_file(const std::string& path);

// The same for settings already in memory; `path` only names them in errors.
Config parse_config_text(std::string_view text, const std::string& path);

}  // namespace mentorbot

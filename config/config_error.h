// The one error for every configuration mistake: the config file, an override or a platform setting.
#pragma once

#include <stdexcept>

namespace mentorbot {

// A setting that cannot be used. The message says what was wrong and names where it came
// from (the file and line, or the environment variable); it never repeats a secret.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace mentorbot

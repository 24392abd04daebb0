// The process's environment and the fixed one used by tests.
#include "config/environment.h"

#include <cstdlib>
#include <memory>

namespace mentorbot {

EnvironmentLookup process_environment() {
    return [](const char* name) -> const char* { return std::getenv(name); };
}

EnvironmentLookup fixed_environment(std::map<std::string, std::string> values) {
    auto shared = std::make_shared<const std::map<std::string, std::string>>(std::move(values));
    return [shared](const char* name) -> const char* {
        auto found = shared->find(name);
        return found == shared->end() ? nullptr : found->second.c_str();
    };
}

std::string environment_value(const EnvironmentLookup& environment, const char* name) {
    const char* value = environment(name);
    return value != nullptr ? std::string(value) : std::string();
}

}  // namespace mentorbot

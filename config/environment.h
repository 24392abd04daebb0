// Where configuration reads environment variables from: the process, or a fixed map in tests.
#pragma once

#include <functional>
#include <map>
#include <string>

namespace mentorbot {

// The value of one variable, or nullptr when it is not set. Every reader of configuration
// takes one of these, so a test decides exactly what the configuration sees.
using EnvironmentLookup = std::function<const char*(const char* name)>;

// The process's own environment (getenv).
EnvironmentLookup process_environment();

// Only the given variables, whatever the process's environment holds.
EnvironmentLookup fixed_environment(std::map<std::string, std::string> values);

// The variable's value; "" when it is unset or empty (the two mean the same everywhere).
std::string environment_value(const EnvironmentLookup& environment, const char* name);

}  // namespace mentorbot

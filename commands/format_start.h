// How a member starts each mentoring format: the command line, rendered from the command registry.
#pragma once

#include <string>

#include "commands/registry.h"
#include "domain/recommendation.h"

namespace mentorbot {

// e.g. "/flash request topic:<topic> kind:near-peer" for near-peer coaching.
std::string format_start_command(const CommandRegistry& registry, MentoringFormat format);

}  // namespace mentorbot

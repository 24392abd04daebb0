// Durable jobs of flash mentoring: offer expiry, feedback asks, long-term check-ins, the weekly capacity reset.
#pragma once

#include <map>
#include <string>

#include "commands/job_handlers.h"

namespace mentorbot {

void add_flash_jobs(std::map<std::string, JobHandler>& handlers);

}  // namespace mentorbot

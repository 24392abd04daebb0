// Durable jobs of pods: meeting reminders an hour before each meeting, and pools re-formed every N weeks.
#pragma once

#include <map>
#include <string>

#include "commands/job_handlers.h"
#include "commands/pod_scheduling.h"

namespace mentorbot {

void add_pod_jobs(std::map<std::string, JobHandler>& handlers);

}  // namespace mentorbot

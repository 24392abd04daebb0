// Durable jobs of mentor offers: a pause that ends on its date.
#pragma once

#include <map>
#include <string>

#include "commands/job_handlers.h"

namespace mentorbot {

void add_mentor_jobs(std::map<std::string, JobHandler>& handlers);

}  // namespace mentorbot

// The list of durable job kinds; each feature file provides its handlers.
#include "commands/job_handlers.h"

#include "commands/dm_budget.h"
#include "commands/flash_jobs.h"
#include "commands/mentor_jobs.h"
#include "commands/pod_jobs.h"
#include "commands/session_outcomes.h"

namespace mentorbot {

const std::map<std::string, JobHandler>& job_handlers() {
    static const std::map<std::string, JobHandler> handlers = [] {
        std::map<std::string, JobHandler> all;
        add_mentor_jobs(all);
        add_flash_jobs(all);
        add_held_note_jobs(all);
        add_pod_jobs(all);
        add_session_outcome_jobs(all);
        return all;
    }();
    return handlers;
}

}  // namespace mentorbot

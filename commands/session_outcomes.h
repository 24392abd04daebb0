// Sessions reach an outcome: the "did it happen?" ask after the slot, its answers, and moving a session to a new time.
#pragma once

#include <map>
#include <string>

#include "commands/job_handlers.h"
#include "commands/registry.h"
#include "storage/database.h"
#include "storage/session_store.h"

namespace mentorbot {

// Asks both sides of a one-off session whether it happened, a while after its slot ends
// (whoever rated it meanwhile has answered already). A session without a slot is not asked.
void schedule_outcome_ask(Database& database, const Session& session, long long now);

// Whether the "did it happen?" ask about `slot` still has a question to ask: the session is
// a one-off still at that slot, with no outcome, completion or rating yet.
bool outcome_still_open(Database& database, const Session& session, long long slot);

// The job that sends the ask; it checks the session as it is when it runs.
void add_session_outcome_jobs(std::map<std::string, JobHandler>& handlers);

// /flash outcome <id> answer:happened|no-show|moved
SubcommandSpec flash_outcome_subcommand();
// /flash reschedule <id> when:"YYYY-MM-DD HH:MM" | answer:confirm|decline
SubcommandSpec flash_reschedule_subcommand();

// The request number, first and required, that /flash's subcommands about one request take.
OptionSpec request_id_option(Suggest suggest);

}  // namespace mentorbot

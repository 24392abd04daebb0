// Ends mentors' pauses on the day they gave.
#include "commands/mentor_jobs.h"

#include "commands/command_context.h"
#include "commands/flash_flow.h"
#include "domain/calendar.h"
#include "storage/job_keys.h"
#include "storage/job_store.h"
#include "storage/offer_store.h"

namespace mentorbot {

void add_mentor_jobs(std::map<std::string, JobHandler>& handlers) {
    handlers[job_kind_name(JobKind::mentor_resume)] = [](JobContext& context) {
        OfferStore offers(context.database);
        const OfferStore::EndingPauses ending = offers.resume_expired_pauses(context.clock.now());
        const std::vector<std::string>& resumed = ending.resumed;
        for (const auto& member_id : resumed) {
            context.outbound.push_back({Destination::member(member_id),
                                        {"Your mentoring pause has ended: you will get offers again. /mentor pause "
                                         "if you need more time.",
                                         {}}});
        }
        // A timer an earlier version set fires at midnight UTC: west of Greenwich the mentor's
        // day is still to come, so another ends the pause when it does.
        JobStore jobs(context.database);
        for (const auto& [member_id, back] : ending.later) {
            jobs.schedule(JobKind::mentor_resume, "{}", to_unix(back),
                          JobKey::mentor_resume(member_id, "local " + std::to_string(to_unix(back))), context.now());
        }
        if (!resumed.empty()) {
            rematch_queued_requests(context.database, context.config, context.clock.now(), context.outbound, resumed);
        }
    };
}

}  // namespace mentorbot

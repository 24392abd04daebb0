// Ends mentors' pauses on the day they gave.
#include "commands/mentor_jobs.h"

#include "commands/command_context.h"
#include "commands/flash_flow.h"
#include "domain/calendar.h"
#include "storage/job_keys.h"
#include "storage/offer_store.h"

namespace mentorbot {

void add_mentor_jobs(std::map<std::string, JobHandler>& handlers) {
    handlers[job_kind_name(JobKind::mentor_resume)] = [](JobContext& context) {
        OfferStore offers(context.database);
        const std::vector<std::string> resumed = offers.resume_expired_pauses(utc_date(context.clock.now()),
                                                                              context.now());
        for (const auto& member_id : resumed) {
            context.outbound.push_back({Destination::member(member_id),
                                        {"Your mentoring pause has ended: you will get offers again. /mentor pause "
                                         "if you need more time.",
                                         {}}});
        }
        if (!resumed.empty()) {
            rematch_queued_requests(context.database, context.config, context.clock.now(), context.outbound, resumed);
        }
    };
}

}  // namespace mentorbot

// Loads mentors as the matcher sees them: offers, profiles, topics, skills and this week's load.
#pragma once

#include <memory>

#include "domain/matching.h"
#include "storage/database.h"

namespace mentorbot {

class MentorPoolStore {
public:
    explicit MentorPoolStore(Database& database) : database_(database) {}

    // Every mentor (kept in memory between commands, see MentorPoolCache) with their load as
    // of `now`: the sessions accepted since Monday 00:00 in the mentor's own zone, and apart
    // from them the offers still waiting for the mentor's answer (they use no capacity, but
    // limit how many more are sent). Kept counted between calls (MentorLoads).
    std::shared_ptr<MentorIndex> with_loads(Instant now);
    // Every mentor and the topics they offer, with whatever load was last counted.
    std::shared_ptr<const MentorIndex> without_loads();

private:
    Database& database_;
};

}  // namespace mentorbot

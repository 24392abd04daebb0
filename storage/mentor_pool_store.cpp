// Mentor candidates for matching: the kept pool, with this week's loads kept counted.
#include "storage/mentor_pool_store.h"

#include "storage/mentor_loads.h"
#include "storage/mentor_pool_cache.h"

namespace mentorbot {

std::shared_ptr<MentorIndex> MentorPoolStore::with_loads(Instant now) {
    return database_.attached<MentorLoads>().pool_at(now);
}

std::shared_ptr<const MentorIndex> MentorPoolStore::without_loads() {
    return database_.attached<MentorPoolCache>().mentors();
}

}  // namespace mentorbot

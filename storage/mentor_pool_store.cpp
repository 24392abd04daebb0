// Mentor candidates for matching: the kept pool, with this week's load read fresh for those who matter.
#include "storage/mentor_pool_store.h"

#include "storage/mentor_pool_cache.h"

namespace mentorbot {

std::shared_ptr<MentorIndex> MentorPoolStore::offering_any(const std::vector<std::string>& topics,
                                                           long long week_start) {
    std::shared_ptr<MentorIndex> mentors = database_.attached<MentorPoolCache>().mentors();
    // Loads change with every offer and session, so they are counted now, and only for
    // mentors the matcher will look at.
    std::vector<std::int32_t> load(mentors->size(), -1);
    for (const auto& topic : topics) {
        for (std::uint32_t position : mentors->offering(topic)) load[position] = 0;
    }
    {
        // Offers still waiting for an answer are few: at most the mentors' free capacity.
        // Counted here rather than with GROUP BY, which would build a temporary b-tree.
        auto& offered = database_.prepare(
            "SELECT candidate_id FROM requests WHERE status = 'offered' AND candidate_id IS NOT NULL");
        while (offered.executeStep()) {
            auto position = mentors->position_of(offered.getColumn(0).getString());
            if (position && load[*position] >= 0) ++load[*position];
        }
        offered.reset();
    }
    auto& sessions = database_.prepare("SELECT COUNT(*) FROM sessions WHERE mentor_id = ? AND created_at >= ?");
    for (std::uint32_t position = 0; position < load.size(); ++position) {
        if (load[position] < 0) continue;
        sessions.reset();
        sessions.bind(1, mentors->mentors()[position].member_id);
        sessions.bind(2, static_cast<int64_t>(week_start));
        if (sessions.executeStep()) load[position] += sessions.getColumn(0).getInt();
        mentors->set_weekly_load(position, load[position]);
    }
    sessions.reset();
    return mentors;
}

}  // namespace mentorbot

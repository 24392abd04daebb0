// Mentor candidates for matching: the kept pool, with this week's load read fresh for those who matter.
#include "storage/mentor_pool_store.h"

#include <unordered_map>

#include "domain/clock.h"
#include "storage/mentor_pool_cache.h"

namespace mentorbot {

std::shared_ptr<MentorIndex> MentorPoolStore::offering_any(const std::vector<std::string>& topics, Instant now,
                                                           std::unordered_map<std::string, int>* sessions_this_week) {
    std::shared_ptr<MentorIndex> mentors = database_.attached<MentorPoolCache>().mentors();
    // Loads change with every offer and session, so they are counted now, and only for
    // mentors the matcher will look at.
    std::vector<std::int32_t> load(mentors->size(), -1);
    std::vector<std::int32_t> pending(mentors->size(), 0);
    for (const auto& topic : topics) {
        for (std::uint32_t position : mentors->offering(topic)) load[position] = 0;
    }
    {
        // Offers still waiting for an answer are few: at most one or two per mentor.
        // Counted here rather than with GROUP BY, which would build a temporary b-tree.
        auto& offered = database_.prepare(
            "SELECT candidate_id FROM requests WHERE status = 'offered' AND candidate_id IS NOT NULL");
        while (offered.executeStep()) {
            auto position = mentors->position_of(offered.getColumn(0).getString());
            if (position && load[*position] >= 0) ++pending[*position];
        }
        offered.reset();
    }
    // Many mentors share a zone: each zone's Monday is worked out once.
    std::unordered_map<std::string, long long> week_starts;
    auto& sessions = database_.prepare("SELECT COUNT(*) FROM sessions WHERE mentor_id = ? AND created_at >= ?");
    for (std::uint32_t position = 0; position < load.size(); ++position) {
        if (load[position] < 0) continue;
        const MentorCandidate& mentor = mentors->mentors()[position];
        if (sessions_this_week) {
            if (auto known = sessions_this_week->find(mentor.member_id); known != sessions_this_week->end()) {
                mentors->set_weekly_load(position, load[position] + known->second, pending[position]);
                continue;
            }
        }
        auto [week, fresh] = week_starts.try_emplace(mentor.schedule.time_zone, 0);
        if (fresh) week->second = to_unix(local_week_start(mentor.schedule.time_zone, now));
        sessions.reset();
        sessions.bind(1, mentor.member_id);
        sessions.bind(2, static_cast<int64_t>(week->second));
        const int counted = sessions.executeStep() ? sessions.getColumn(0).getInt() : 0;
        load[position] += counted;
        if (sessions_this_week) (*sessions_this_week)[mentor.member_id] = counted;
        mentors->set_weekly_load(position, load[position], pending[position]);
    }
    sessions.reset();
    return mentors;
}

std::shared_ptr<const MentorIndex> MentorPoolStore::without_loads() {
    return database_.attached<MentorPoolCache>().mentors();
}

}  // namespace mentorbot

// Mentor candidates for matching: the kept pool, with this week's load read fresh for those who matter.
#include "storage/mentor_pool_store.h"

#include <algorithm>
#include <unordered_map>

#include "domain/clock.h"
#include "storage/mentor_pool_cache.h"

namespace mentorbot {

namespace {

// Up to this many mentors to count, one indexed lookup each is cheaper than reading a week of sessions.
constexpr std::size_t one_by_one_at_most = 64;

}  // namespace

std::shared_ptr<MentorIndex> MentorPoolStore::offering_any(const std::vector<std::string>& topics, Instant now,
                                                           WeeklySessionCounts* sessions_this_week) {
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
    if (sessions_this_week &&
        (sessions_this_week->layout != mentors->layout() || sessions_this_week->by_position.size() != load.size())) {
        sessions_this_week->layout = mentors->layout();
        sessions_this_week->by_position.assign(load.size(), -1);
    }
    // Many mentors share a zone: each zone's Monday is worked out once.
    std::unordered_map<std::string, long long> week_starts;
    const auto week_start_of = [&](const MentorCandidate& mentor) {
        auto [week, fresh] = week_starts.try_emplace(mentor.schedule.time_zone, 0);
        if (fresh) week->second = to_unix(local_week_start(mentor.schedule.time_zone, now));
        return week->second;
    };
    // The mentors whose sessions this week are not known yet, with their own week's start.
    std::vector<long long> since(load.size(), -1);
    std::size_t to_count = 0;
    long long earliest = 0;
    for (std::uint32_t position = 0; position < load.size(); ++position) {
        if (load[position] < 0) continue;
        const MentorCandidate& mentor = mentors->mentors()[position];
        if (sessions_this_week && sessions_this_week->by_position[position] >= 0) {
            load[position] += sessions_this_week->by_position[position];
            continue;
        }
        since[position] = week_start_of(mentor);
        earliest = to_count == 0 ? since[position] : std::min(earliest, since[position]);
        ++to_count;
    }
    std::vector<std::int32_t> counted(load.size(), 0);
    if (to_count > one_by_one_at_most) {
        // Most of the pool (a pass over many topics): one read of the sessions since the
        // earliest Monday costs less than a lookup per mentor, and counts the same rows.
        auto& sessions = database_.prepare(
            "SELECT mentor_id, created_at FROM sessions WHERE created_at >= ? AND mentor_id IS NOT NULL");
        sessions.bind(1, static_cast<int64_t>(earliest));
        while (sessions.executeStep()) {
            const auto position = mentors->position_of(sessions.getColumn(0).getString());
            if (position && since[*position] >= 0 && sessions.getColumn(1).getInt64() >= since[*position])
                ++counted[*position];
        }
        sessions.reset();
    } else if (to_count > 0) {
        auto& sessions = database_.prepare("SELECT COUNT(*) FROM sessions WHERE mentor_id = ? AND created_at >= ?");
        for (std::uint32_t position = 0; position < load.size(); ++position) {
            if (since[position] < 0) continue;
            sessions.reset();
            sessions.bind(1, mentors->mentors()[position].member_id);
            sessions.bind(2, static_cast<int64_t>(since[position]));
            counted[position] = sessions.executeStep() ? sessions.getColumn(0).getInt() : 0;
        }
        sessions.reset();
    }
    for (std::uint32_t position = 0; position < load.size(); ++position) {
        if (load[position] < 0) continue;
        if (since[position] >= 0) {
            load[position] += counted[position];
            if (sessions_this_week) sessions_this_week->by_position[position] = counted[position];
        }
        mentors->set_weekly_load(position, load[position], pending[position]);
    }
    return mentors;
}

std::shared_ptr<const MentorIndex> MentorPoolStore::without_loads() {
    return database_.attached<MentorPoolCache>().mentors();
}

}  // namespace mentorbot

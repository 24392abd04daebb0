// Mentor candidates for matching: the kept pool, with this week's load counted from kept sessions for those who matter.
#include "storage/mentor_pool_store.h"

#include <algorithm>
#include <climits>

#include "domain/clock.h"
#include "storage/mentor_pool_cache.h"
#include "storage/open_offers_cache.h"
#include "storage/weekly_sessions_cache.h"

namespace mentorbot {

std::shared_ptr<MentorIndex> MentorPoolStore::offering_any(const std::vector<std::string>& topics, Instant now,
                                                           WeeklySessionCounts* sessions_this_week,
                                                           PendingOfferCounts* pending_offers) {
    std::shared_ptr<MentorIndex> mentors = database_.attached<MentorPoolCache>().mentors();
    // Within a pass (both kept), once the loads of these topics' mentors are set, only what
    // the pass's own offers changed needs setting again: no session is made meanwhile.
    if (sessions_this_week && pending_offers && sessions_this_week->layout == mentors->layout() &&
        pending_offers->layout == mentors->layout() &&
        std::all_of(topics.begin(), topics.end(),
                    [&](const std::string& topic) { return sessions_this_week->loads_set_for.contains(topic); })) {
        for (std::uint32_t position : pending_offers->noted_since_set) {
            const std::int32_t sessions = sessions_this_week->by_position[position];
            if (sessions >= 0) mentors->set_weekly_load(position, sessions, pending_offers->by_position[position]);
        }
        pending_offers->noted_since_set.clear();
        return mentors;
    }
    // Loads change with every offer and session, so they are counted now, and only for
    // mentors the matcher will look at.
    std::vector<std::int32_t> load(mentors->size(), -1);
    for (const auto& topic : topics) {
        for (std::uint32_t position : mentors->offering(topic)) load[position] = 0;
    }
    PendingOfferCounts read_now;
    PendingOfferCounts& pending = pending_offers ? *pending_offers : read_now;
    if (pending.layout != mentors->layout()) {
        pending.layout = mentors->layout();
        // Offers still waiting for an answer are kept counted in memory: no requests row is read.
        pending.by_position = database_.attached<OpenOffersCache>().by_position(*mentors);
    }
    if (sessions_this_week &&
        (sessions_this_week->layout != mentors->layout() || sessions_this_week->by_position.size() != load.size())) {
        sessions_this_week->layout = mentors->layout();
        sessions_this_week->by_position.assign(load.size(), -1);
        sessions_this_week->loads_set_for.clear();
    }
    // Sessions are kept in memory and counted there: no rows are read per mentor.
    WeeklySessionsCache& sessions = database_.attached<WeeklySessionsCache>();
    sessions.bring_up_to_date(now);
    // A pass over many requests changes no session while it runs: the counts it kept for this
    // pool are the counts now.
    std::vector<std::uint32_t> counted_positions;
    std::vector<std::uint32_t> kept_positions;
    for (std::uint32_t position = 0; position < load.size(); ++position) {
        if (load[position] < 0) continue;
        if (sessions_this_week && sessions_this_week->by_position[position] >= 0) {
            load[position] = -1;  // not counted below; set from what is kept after
            kept_positions.push_back(position);
        } else {
            counted_positions.push_back(position);
        }
    }
    // Many mentors share a zone: each zone's Monday is worked out once.
    std::vector<long long> week_start_of_zone(mentors->zone_count(), LLONG_MIN);
    const auto week_start_at = [&](std::uint32_t position) {
        long long& week_start = week_start_of_zone[mentors->compiled(position).zone];
        if (week_start == LLONG_MIN) {
            week_start = to_unix(local_week_start(mentors->mentors()[position].schedule.time_zone, now));
        }
        return week_start;
    };
    const auto& with_sessions = sessions.mentors_with_sessions();
    if (with_sessions.size() < counted_positions.size()) {
        // Fewer mentors had a session lately than are counted: the others' count is 0.
        for (const auto& [member_id, created] : with_sessions) {
            const auto position = mentors->position_of(member_id);
            if (position && load[*position] >= 0)
                load[*position] += WeeklySessionsCache::count_since(created, week_start_at(*position));
        }
    } else {
        for (std::uint32_t position : counted_positions)
            load[position] += sessions.count_since(mentors->mentors()[position].member_id, week_start_at(position));
    }
    for (std::uint32_t position : counted_positions) {
        if (sessions_this_week) sessions_this_week->by_position[position] = load[position];
        mentors->set_weekly_load(position, load[position], pending.by_position[position]);
    }
    for (std::uint32_t position : kept_positions) {
        mentors->set_weekly_load(position, sessions_this_week->by_position[position], pending.by_position[position]);
    }
    pending.noted_since_set.clear();
    if (sessions_this_week) sessions_this_week->loads_set_for.insert(topics.begin(), topics.end());
    return mentors;
}

std::shared_ptr<const MentorIndex> MentorPoolStore::without_loads() {
    return database_.attached<MentorPoolCache>().mentors();
}

}  // namespace mentorbot

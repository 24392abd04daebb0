// Counts a topic's weekly sessions by level once and keeps them until a mentor of it changes or a pause runs out.
#include "domain/topic_seats.h"

#include <algorithm>

#include "domain/mentor_index.h"

namespace mentorbot {

int TopicSeats::at_or_above(const MentorIndex& index, std::uint32_t tenant, std::uint32_t topic, int level,
                            Instant now) {
    return count(index, tenant, topic, now).by_level[std::size_t(std::clamp(level, 1, 6))];
}

TopicSeats::Counted& TopicSeats::count(const MentorIndex& index, std::uint32_t tenant, std::uint32_t topic,
                                       Instant now) {
    auto& by_tenant = counted_[topic];
    auto entry = std::find_if(by_tenant.begin(), by_tenant.end(),
                              [&](const auto& kept) { return kept.first == tenant; });
    // Kept while the clock stays between the count and the first pause to run out; a clock
    // set back (a test, an admin's correction) counts afresh.
    if (entry == by_tenant.end()) {
        entry = by_tenant.insert(by_tenant.end(), {tenant, Counted{}});
    } else if (entry->second.counted_at <= now && now < entry->second.changes_at) {
        return entry->second;
    }
    Counted& counted = entry->second;
    counted.by_level.fill(0);
    counted.counted_at = now;
    counted.changes_at = Instant::max();
    // The packed facts, not the mentors: a popular topic has thousands, and this reads each.
    const auto now_count = now.time_since_epoch().count();
    for (std::uint32_t position : index.offering_topic(topic)) {
        if (tenant != any_tenant && !index.in_tenant(position, tenant)) continue;
        const MentorIndex::RuleFacts& facts = index.facts(position);
        if (now_count < facts.paused_until) {
            // Paused until a date: counted again once that date comes.
            if (facts.paused_until != INT64_MAX) {
                counted.changes_at = std::min(counted.changes_at, Instant{Instant::duration{facts.paused_until}});
            }
            continue;
        }
        counted.by_level[std::size_t(std::clamp(int{facts.level}, 1, 6))] += std::max(0, facts.weekly_capacity);
    }
    for (int l = 5; l >= 1; --l) counted.by_level[std::size_t(l)] += counted.by_level[std::size_t(l + 1)];
    return counted;
}

}  // namespace mentorbot

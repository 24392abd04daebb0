// Sets mentors' weekly loads in the kept pool: all after a whole read or a week's turn, else only those changed.
#include "storage/mentor_loads.h"

#include <algorithm>

#include "domain/clock.h"
#include "storage/mentor_pool_cache.h"
#include "storage/open_offers_cache.h"
#include "storage/weekly_sessions_cache.h"

namespace mentorbot {

namespace {

// Monday 00:00 of the week after the one that began at `week_start` in `zone`: half a day
// past seven days lands in that week whatever a daylight-saving change did to its length.
long long next_week_start(const std::string& zone, long long week_start) {
    return to_unix(local_week_start(zone, from_unix(week_start + 7 * 24 * 3600 + 12 * 3600)));
}

}  // namespace

std::shared_ptr<MentorIndex> MentorLoads::pool_at(Instant now) {
    MentorPoolCache& pool = database_.attached<MentorPoolCache>();
    std::shared_ptr<MentorIndex> mentors = pool.mentors();
    if (pool.full_loads() != pool_loads_) {
        // A pool read as a whole numbers its zones afresh.
        week_start_of_zone_.clear();
        next_turn_ = LLONG_MIN;
    }
    WeeklySessionsCache& sessions = database_.attached<WeeklySessionsCache>();
    sessions.bring_up_to_date(now);
    OpenOffersCache& offers = database_.attached<OpenOffersCache>();
    std::unordered_set<std::string> changed = offers.take_recounted();
    changed.merge(sessions.take_recounted());
    changed.merge(pool.take_reread());
    const bool turned = weeks_turned(*mentors, now);
    if (turned || pool.full_loads() != pool_loads_ || sessions.full_loads() != session_loads_ ||
        offers.full_loads() != offer_loads_) {
        count_all(*mentors);
        pool_loads_ = pool.full_loads();
        session_loads_ = sessions.full_loads();
        offer_loads_ = offers.full_loads();
        return mentors;
    }
    for (const std::string& member_id : changed) count_one(*mentors, member_id);
    return mentors;
}

bool MentorLoads::weeks_turned(const MentorIndex& mentors, Instant now) {
    const long long at = to_unix(now);
    const std::size_t known = week_start_of_zone_.size();
    if (at >= checked_at_ && at < next_turn_ && known == mentors.zone_count()) return false;
    // The zone's Monday as of now, and the earliest next Monday among the zones looked at.
    const auto week_start_now = [&](std::uint32_t zone) {
        const long long start = to_unix(local_week_start(mentors.zone_name(zone), now));
        next_turn_ = std::min(next_turn_, next_week_start(mentors.zone_name(zone), start));
        return start;
    };
    bool turned = false;
    if (at < checked_at_ || at >= next_turn_) {
        // The clock went back, or some zone's week may have turned: every zone is looked at again.
        next_turn_ = LLONG_MAX;
        for (std::uint32_t zone = 0; zone < known; ++zone) {
            const long long start = week_start_now(zone);
            turned = turned || start != week_start_of_zone_[zone];
            week_start_of_zone_[zone] = start;
        }
    }
    // Zones first seen since (a new mentor's): their mentors were counted when read.
    for (auto zone = static_cast<std::uint32_t>(known); zone < mentors.zone_count(); ++zone) {
        week_start_of_zone_.push_back(week_start_now(zone));
    }
    checked_at_ = at;
    return turned;
}

void MentorLoads::count_all(MentorIndex& mentors) {
    ++full_counts_;
    std::vector<int> sessions_of(mentors.size(), 0);
    std::vector<int> offers_of(mentors.size(), 0);
    // Few of thousands of mentors had a session lately or hold an offer: their ids are looked
    // up, not every mentor's in the kept sessions and offers.
    for (const auto& [member_id, created] : database_.attached<WeeklySessionsCache>().mentors_with_sessions()) {
        if (const auto position = mentors.position_of(member_id)) {
            sessions_of[*position] =
                WeeklySessionsCache::count_since(created, week_start_of_zone_[mentors.compiled(*position).zone]);
        }
    }
    for (const auto& [member_id, offers] : database_.attached<OpenOffersCache>().mentors_with_offers()) {
        if (const auto position = mentors.position_of(member_id)) offers_of[*position] = offers;
    }
    for (std::uint32_t position = 0; position < mentors.size(); ++position) {
        mentors.set_weekly_load(position, sessions_of[position], offers_of[position]);
    }
}

void MentorLoads::count_one(MentorIndex& mentors, const std::string& member_id) {
    const auto position = mentors.position_of(member_id);
    if (!position) return;  // no longer offering, or never did (a mentee's session)
    const long long week_start = week_start_of_zone_[mentors.compiled(*position).zone];
    mentors.set_weekly_load(*position, database_.attached<WeeklySessionsCache>().count_since(member_id, week_start),
                            database_.attached<OpenOffersCache>().count_of(member_id));
}

}  // namespace mentorbot

// Mentor offers: topics, weekly capacity, working hours, opt-ins, pause state.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/working_hours.h"
#include "storage/database.h"

namespace mentorbot {

constexpr int default_hours_start = 9 * 60;
constexpr int default_hours_end = 17 * 60;

struct MentorOffer {
    std::string member_id;
    std::vector<std::string> topics;
    int capacity = 2;
    int hours_start = default_hours_start;  // minutes after local midnight
    int hours_end = default_hours_end;
    bool reverse_ok = false;
    bool shadow_ok = false;
    bool paused = false;
    std::string paused_until;  // YYYY-MM-DD or empty
    std::optional<long long> last_matched_at;
};

class OfferStore {
public:
    explicit OfferStore(Database& database) : database_(database) {}

    std::optional<MentorOffer> find(const std::string& member_id);
    // The topics mentors of the tenant ("discord:111") offer, each with how many offer it,
    // most offered first.
    std::vector<std::pair<std::string, int>> topics_offered(const std::string& tenant_key);
    // Whether a mentor of the tenant offers `topic` (canonical), paused or not: read from the
    // tag index, so asking costs the same in an organisation of any size.
    bool anyone_offers(const std::string& tenant_key, const std::string& topic);
    void save(const MentorOffer& offer, long long now);  // insert or replace, topics included
    void remove(const std::string& member_id);
    void set_paused(const std::string& member_id, bool paused, const std::string& until, long long now);
    // Pauses that end within a day of `now`: the day a mentor gave is theirs, so it begins at
    // midnight where they live, not in UTC (a mentor in Sydney back on Monday works from 10:00
    // Monday, 23:00 UTC on Sunday).
    struct EndingPauses {
        std::vector<std::string> resumed;  // their day has begun: resumed now
        // Their day is still to begin where they live: when it does.
        std::vector<std::pair<std::string, Instant>> later;
    };
    EndingPauses resume_expired_pauses(Instant now);
    // This week's sessions (since Monday 00:00 in the mentor's own zone) and the offers still
    // waiting for their answer, which use no capacity.
    struct WeekLoad {
        int sessions = 0;
        int offered = 0;
        // "1 of 2 sessions" plus ", 1 offer waiting for an answer" when there is one.
        std::string describe(int capacity) const;
    };
    WeekLoad week_load(const std::string& member_id, Instant now);
    // The time zones mentors work in (UTC for those without one), each once.
    std::vector<std::string> mentor_time_zones();
    // Where and when the member works: their profile zone and their offer's hours, each
    // taken from `defaults` when not stored (no member row means neither).
    WorkingSchedule working_schedule(const std::string& member_id, WorkingSchedule defaults);

private:
    Database& database_;
};

}  // namespace mentorbot

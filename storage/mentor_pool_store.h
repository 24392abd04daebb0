// Loads mentors as the matcher sees them: offers, profiles, topics, skills and this week's load.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/matching.h"
#include "storage/database.h"

namespace mentorbot {

// Each mentor's sessions this week, read once for a pass over many requests and kept by
// position in the pool (a lookup by position, not by id, for each of thousands of mentors).
struct WeeklySessionCounts {
    std::uint64_t layout = 0;               // MentorIndex::layout() the positions refer to
    std::vector<std::int32_t> by_position;  // -1: not read yet
};

class MentorPoolStore {
public:
    explicit MentorPoolStore(Database& database) : database_(database) {}

    // Every mentor (kept in memory between commands, see MentorPoolCache), with the load of
    // those offering at least one of `topics` as of `now`; the others' load is whatever an
    // earlier caller left, so read only mentors of `topics`. Load is the sessions accepted
    // since Monday 00:00 in the mentor's own zone; offers still waiting for the mentor's
    // answer are counted apart (they use no capacity, but limit how many more are sent).
    // With `sessions_this_week`, each mentor's session count is read once and kept there.
    std::shared_ptr<MentorIndex> offering_any(const std::vector<std::string>& topics, Instant now,
                                              WeeklySessionCounts* sessions_this_week = nullptr);
    // Every mentor and the topics they offer, with whatever load an earlier caller left.
    std::shared_ptr<const MentorIndex> without_loads();

private:
    Database& database_;
};

}  // namespace mentorbot

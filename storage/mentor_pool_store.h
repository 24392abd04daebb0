// Loads mentors as the matcher sees them: offers, profiles, topics, skills and this week's load.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/matching.h"
#include "storage/database.h"

namespace mentorbot {

// Each mentor's sessions this week, read once for a pass over many requests and kept by
// position in the pool (a lookup by position, not by id, for each of thousands of mentors).
struct WeeklySessionCounts {
    std::uint64_t layout = 0;               // MentorIndex::layout() the positions refer to
    std::vector<std::int32_t> by_position;  // -1: not read yet
    // The topics whose mentors have had their loads set in the pool for this layout: a pass
    // asking again for these sets only the loads its own offers changed.
    std::unordered_set<std::string> loads_set_for;
};

// Offers waiting for each mentor's answer, read once for a pass over many requests by
// position in the pool; the pass adds its own offers as it makes them (note_offer).
struct PendingOfferCounts {
    std::uint64_t layout = 0;  // MentorIndex::layout() the positions refer to; 0: not read yet
    std::vector<std::int32_t> by_position;
    std::vector<std::uint32_t> noted_since_set;  // positions whose count changed since loads were set

    void note_offer(const MentorIndex& mentors, const std::string& mentor_id) {
        if (layout != mentors.layout()) return;  // read again at the next look anyway
        if (const auto position = mentors.position_of(mentor_id)) {
            ++by_position[*position];
            noted_since_set.push_back(*position);
        }
    }
};

class MentorPoolStore {
public:
    explicit MentorPoolStore(Database& database) : database_(database) {}

    // Every mentor (kept in memory between commands, see MentorPoolCache), with the load of
    // those offering at least one of `topics` as of `now`; the others' load is whatever an
    // earlier caller left, so read only mentors of `topics`. Load is the sessions accepted
    // since Monday 00:00 in the mentor's own zone; offers still waiting for the mentor's
    // answer are counted apart (they use no capacity, but limit how many more are sent).
    // With `sessions_this_week`, each mentor's session count is read once and kept there;
    // with `pending_offers`, the offers waiting for an answer are read only when it holds
    // none for this pool.
    std::shared_ptr<MentorIndex> offering_any(const std::vector<std::string>& topics, Instant now,
                                              WeeklySessionCounts* sessions_this_week = nullptr,
                                              PendingOfferCounts* pending_offers = nullptr);
    // Every mentor and the topics they offer, with whatever load an earlier caller left.
    std::shared_ptr<const MentorIndex> without_loads();

private:
    Database& database_;
};

}  // namespace mentorbot

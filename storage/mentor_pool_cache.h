// Every mentor as the matcher sees them, kept in memory between commands until a write touches them.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_set>

#include "domain/matching.h"
#include "storage/database.h"

namespace mentorbot {

// One per connection (Database::attached). Reading the pool from SQLite for every request
// costs more than the matching itself, and it changes only when someone offers, pauses,
// edits a profile or is forgotten.
class MentorPoolCache {
public:
    explicit MentorPoolCache(Database& database);

    // Every mentor (offer, profile, topics, skills) in member-id order, with loads as the
    // last caller left them (MentorPoolStore sets the loads it needs). Built again after
    // any write to mentor_offers or member_tags, to a mentor's members row, after a
    // rollback and after another connection's commit.
    std::shared_ptr<MentorIndex> mentors();

private:
    void load();

    Database& database_;
    std::shared_ptr<MentorIndex> index_;            // null: must be read again
    std::unordered_set<std::int64_t> mentor_rows_;  // rowids of the mentors' members rows
};

}  // namespace mentorbot

// Loads mentors as the matcher sees them: offers, profiles, topics, skills and this week's load.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/matching.h"
#include "storage/database.h"

namespace mentorbot {

class MentorPoolStore {
public:
    explicit MentorPoolStore(Database& database) : database_(database) {}

    // Every mentor offering at least one of `topics` (the topic index in SQLite does the
    // narrowing), with their load counted since `week_start`.
    // Load counts this week's sessions plus offers still waiting for the mentor's answer,
    // so one mentor is not offered more requests at once than they have room for.
    std::vector<MentorCandidate> offering_any(const std::vector<std::string>& topics, long long week_start);
    // The member's level from their profile, if they gave one.
    std::optional<int> level_of(const std::string& member_id);

private:
    Database& database_;
};

}  // namespace mentorbot

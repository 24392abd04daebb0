// Loads mentors as the matcher sees them: offers, profiles, topics, skills and this week's load.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/matching.h"
#include "storage/database.h"

namespace mentorbot {

class MentorPoolStore {
public:
    explicit MentorPoolStore(Database& database) : database_(database) {}

    // Every mentor (kept in memory between commands, see MentorPoolCache), with the load of
    // those offering at least one of `topics` counted since `week_start`; the others'
    // load is whatever an earlier caller left, so read only mentors of `topics`.
    // Load counts this week's sessions plus offers still waiting for the mentor's answer,
    // so one mentor is not offered more requests at once than they have room for.
    std::shared_ptr<MentorIndex> offering_any(const std::vector<std::string>& topics, long long week_start);

private:
    Database& database_;
};

}  // namespace mentorbot

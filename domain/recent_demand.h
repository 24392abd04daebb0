// How often each kind of request came lately, per topic and requester level: the demand matching looks ahead to.
#pragma once

#include <array>
#include <string>
#include <unordered_map>

#include "domain/request_kind.h"

namespace mentorbot {

// Requests of one workspace over the last weeks, counted by topic, kind and the requester's
// level, with the time they cover, so that a count becomes a rate a week. Each (topic, kind,
// level) is an ability: the mentors who can take such a request are those offering the topic
// whom the kind's level rule and opt-in allow for that level.
struct RecentDemand {
    static constexpr int kinds = 7;   // RequestKind values
    static constexpr int levels = 7;  // 1–6, 0 unused
    using Counts = std::array<std::array<int, levels>, kinds>;

    std::unordered_map<std::string, Counts> by_topic;
    double weeks = 1;  // the time the counts cover

    // Requests a week of `kind` on `topic` from requesters at `level`.
    double weekly(const Counts& counts, RequestKind kind, int level) const {
        return counts[static_cast<std::size_t>(kind)][static_cast<std::size_t>(level)] / weeks;
    }
};

}  // namespace mentorbot

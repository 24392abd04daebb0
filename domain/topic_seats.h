// The weekly sessions a topic's mentors offer at each level and above, kept between requests.
#pragma once

#include <array>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/working_hours.h"

namespace mentorbot {

class MentorIndex;

// Looking ahead, every request weighs the supply of each topic its candidates offer; a
// popular topic has thousands of mentors, and counting them for every request cost about a
// sixth of a request. The count changes only when one of the topic's mentors changes level,
// capacity, pause or topics (the index says so with forget) or a pause runs out, so it is
// kept until then: an accept, which changes a mentor's load and last match, keeps it.
class TopicSeats {
public:
    // Every tenant at once (a request from no workspace or server).
    static constexpr std::uint32_t any_tenant = UINT32_MAX - 1;

    // Sessions a week among the mentors of `topic` at `level` (1–6) or above who are not
    // paused at `now`, in `tenant` (a tenant number of the index, or any_tenant).
    int at_or_above(const MentorIndex& index, std::uint32_t tenant, std::uint32_t topic, int level, Instant now);

    // A mentor of `topic` changed in a way that counts: count it again when next asked.
    void forget(std::uint32_t topic) { counted_.erase(topic); }

private:
    struct Counted {
        std::array<int, 8> by_level{};  // sessions at each level and above
        Instant counted_at;
        Instant changes_at;  // the first pause among them to run out; Instant::max() when none
    };
    Counted& count(const MentorIndex& index, std::uint32_t tenant, std::uint32_t topic, Instant now);

    // By topic, then by tenant (one or two tenants per topic in practice).
    std::unordered_map<std::uint32_t, std::vector<std::pair<std::uint32_t, Counted>>> counted_;
};

}  // namespace mentorbot

// A topic's ratings by mentor position in one layout of a mentor index, read without a member id.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/match_request.h"
#include "domain/mentor_index.h"

namespace mentorbot {

// Ranking reads the rating of every candidate on the requested topic: thousands on a popular
// topic of a large organisation. Looked up by member id, each was a hash of a string and a few
// cache misses, more than the rest of the candidate's fit; by position it is a search in one
// small sorted array. Valid for the index layout it was built for (MentorIndex::layout).
class PositionRatings {
public:
    PositionRatings() = default;
    // Each rated mentor of `index` looked up once, from whichever side is smaller.
    PositionRatings(const MentorIndex& index, const std::unordered_map<std::string, TopicRating>& by_member);

    // Brought to the index's layout by the mentors added and taken out since it was built, for
    // ratings that did not change: a mentor who starts offering moves every later position, and
    // building again would look up every rated mentor. False when the index no longer knows
    // the moves: then it must be built again.
    bool follow(const MentorIndex& index, const std::unordered_map<std::string, TopicRating>& by_member);

    // The rating of the mentor at `position`, or null when they have none on the topic.
    const TopicRating* at(std::uint32_t position) const;
    // The rated mentors' positions, ascending, and the rating at the same place.
    std::span<const std::uint32_t> positions() const { return positions_; }
    const TopicRating& rating_at(std::size_t place) const { return ratings_[place]; }
    std::uint64_t layout() const { return layout_; }
    std::size_t size() const { return positions_.size(); }

private:
    std::uint64_t layout_ = 0;
    std::vector<std::uint32_t> positions_;  // ascending; searched, so kept apart from the ratings
    std::vector<TopicRating> ratings_;      // the rating at the same place in positions_
};

}  // namespace mentorbot

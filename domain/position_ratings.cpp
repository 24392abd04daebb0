// Builds a topic's ratings by mentor position and finds one by binary search.
#include "domain/position_ratings.h"

#include <algorithm>
#include <utility>

namespace mentorbot {

PositionRatings::PositionRatings(const MentorIndex& index,
                                 const std::unordered_map<std::string, TopicRating>& by_member)
    : layout_(index.layout()) {
    std::vector<std::pair<std::uint32_t, TopicRating>> rated;
    if (by_member.size() <= index.size()) {
        for (const auto& [member_id, rating] : by_member) {
            if (auto position = index.position_of(member_id)) rated.emplace_back(*position, rating);
        }
        std::sort(rated.begin(), rated.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    } else {
        const auto& mentors = index.mentors();
        for (std::uint32_t position = 0; position < mentors.size(); ++position) {
            if (auto found = by_member.find(mentors[position].member_id); found != by_member.end())
                rated.emplace_back(position, found->second);
        }
    }
    positions_.reserve(rated.size());
    ratings_.reserve(rated.size());
    for (const auto& [position, rating] : rated) {
        positions_.push_back(position);
        ratings_.push_back(rating);
    }
}

bool PositionRatings::follow(const MentorIndex& index, const std::unordered_map<std::string, TopicRating>& by_member) {
    const auto moves = index.moves_since(layout_);
    if (!moves) return false;
    for (const MentorIndex::Move* move : *moves) {
        auto from = std::lower_bound(positions_.begin(), positions_.end(), move->position);
        if (!move->added && from != positions_.end() && *from == move->position) {
            ratings_.erase(ratings_.begin() + (from - positions_.begin()));
            from = positions_.erase(from);
        }
        for (auto later = from; later != positions_.end(); ++later) *later += move->added ? 1 : -1;
        // A mentor added and taken out again since is not named: they are gone either way.
        if (!move->added || move->member_id.empty()) continue;
        if (auto rated = by_member.find(move->member_id); rated != by_member.end()) {
            ratings_.insert(ratings_.begin() + (from - positions_.begin()), rated->second);
            positions_.insert(from, move->position);
        }
    }
    layout_ = index.layout();
    return true;
}

const TopicRating* PositionRatings::at(std::uint32_t position) const {
    const auto found = std::lower_bound(positions_.begin(), positions_.end(), position);
    if (found == positions_.end() || *found != position) return nullptr;
    return &ratings_[static_cast<std::size_t>(found - positions_.begin())];
}

}  // namespace mentorbot

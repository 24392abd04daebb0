// Ratings by mentor position: kept through mentors starting and stopping, as a fresh build gives them.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <unordered_map>

#include "domain/position_ratings.h"
#include "tests/support/match_inputs.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

// Every position's rating as `kept` gives it, against a build from scratch for the index as it is.
void require_as_built(const PositionRatings& kept, const MentorIndex& index,
                      const std::unordered_map<std::string, TopicRating>& by_member) {
    const PositionRatings fresh(index, by_member);
    REQUIRE(kept.layout() == index.layout());
    REQUIRE(kept.size() == fresh.size());
    for (std::uint32_t position = 0; position < index.size(); ++position) {
        INFO(index.mentors()[position].member_id);
        const TopicRating* got = kept.at(position);
        const TopicRating* want = fresh.at(position);
        REQUIRE((got == nullptr) == (want == nullptr));
        if (want) CHECK(got->average == want->average);
    }
}

}  // namespace

TEST_CASE("ratings by position follow mentors who start and stop offering, whoever is rated", "[matching]") {
    std::mt19937 random(16);
    std::unordered_map<std::string, TopicRating> by_member;
    for (int i = 0; i < 80; i += 2) by_member["m" + std::to_string(100 + i)] = {1.0 + (i % 5), 1 + i % 4};
    MentorIndex index;
    for (int i = 0; i < 80; i += 3) index.put_in_order(mentor_candidate("m" + std::to_string(100 + i), 4));
    PositionRatings kept(index, by_member);
    for (int step = 0; step < 300; ++step) {
        // Between two looks, up to three mentors start (anywhere in member order) or stop.
        const int moves = static_cast<int>(random() % 4);
        for (int move = 0; move < moves; ++move) {
            const std::string id = "m" + std::to_string(100 + random() % 80);
            if (index.find(id) && random() % 2) {
                index.remove(id);
            } else {
                index.put_in_order(mentor_candidate(id, 4));
            }
        }
        REQUIRE(kept.follow(index, by_member));
        require_as_built(kept, index, by_member);
    }
}

TEST_CASE("ratings by position are built again once the index has forgotten how it got here", "[matching]") {
    std::unordered_map<std::string, TopicRating> by_member{{"m1", {4.5, 2}}};
    MentorIndex index;
    index.put_in_order(mentor_candidate("m1", 4));
    PositionRatings kept(index, by_member);
    for (int i = 0; i < 200; ++i) {
        index.put_in_order(mentor_candidate("m0-" + std::to_string(i), 4));  // each before m1
        index.remove("m0-" + std::to_string(i));
    }
    CHECK_FALSE(kept.follow(index, by_member));
    // Another index with the same mentors is not this one: its positions are never taken as these.
    MentorIndex other;
    other.put_in_order(mentor_candidate("m1", 4));
    CHECK(other.layout() != index.layout());
    const PositionRatings built(other, by_member);
    PositionRatings copy = built;
    CHECK_FALSE(copy.follow(index, by_member));
}

TEST_CASE("a mentor taken out of the index is named in none of the moves it remembers", "[matching][forget]") {
    std::unordered_map<std::string, TopicRating> by_member{{"m1", {4.5, 2}}, {"m2", {3.0, 1}}};
    MentorIndex index;
    index.put_in_order(mentor_candidate("m1", 4));
    PositionRatings kept(index, by_member);
    index.put_in_order(mentor_candidate("m0", 4));  // before m1
    index.put_in_order(mentor_candidate("m2", 4));
    index.remove("m0");  // m0 asks to be forgotten
    const auto moves = index.moves_since(kept.layout());
    REQUIRE(moves);
    REQUIRE(moves->size() == 3);
    for (const MentorIndex::Move* move : *moves) CHECK(move->member_id != "m0");
    CHECK((*moves)[1]->member_id == "m2");
    // What was kept before m0 came still follows the index.
    REQUIRE(kept.follow(index, by_member));
    require_as_built(kept, index, by_member);
}

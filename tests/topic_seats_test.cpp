// The weekly seats a topic's mentors offer, as the look-ahead weighs them: kept between requests, right after every
// change.
#include <catch2/catch.hpp>

#include "domain/mentor_index.h"
#include "tests/support/match_inputs.h"

using namespace mentorbot;
using namespace std::chrono_literals;
using testing::matching_now;
using testing::mentor_candidate;

namespace {

// Seats on kubernetes at `level` or above, in every workspace, at `at`.
int kubernetes_seats(const MentorIndex& index, int level, Instant at = matching_now) {
    return index.seats_at_or_above(TopicSeats::any_tenant, index.topic_id("kubernetes"), level, at);
}

MentorCandidate with_capacity(MentorCandidate mentor, int capacity) {
    mentor.weekly_capacity = capacity;
    return mentor;
}

}  // namespace

TEST_CASE("a topic's weekly seats count each level and above and follow every change of its mentors", "[matching]") {
    MentorIndex index;
    index.put_in_order(mentor_candidate("ben", 3));
    index.put_in_order(with_capacity(mentor_candidate("carla", 5, {"kubernetes", "go"}), 3));
    CHECK(kubernetes_seats(index, 1) == 5);
    CHECK(kubernetes_seats(index, 4) == 3);
    CHECK(kubernetes_seats(index, 6) == 0);

    SECTION("an accepted session changes no seats") {
        index.set_weekly_load(*index.position_of("carla"), 1, 0);
        MentorCandidate matched = index.mentors()[*index.position_of("carla")];
        matched.last_matched_at = matching_now;
        index.put_in_order(matched);
        CHECK(kubernetes_seats(index, 1) == 5);
        CHECK(kubernetes_seats(index, 4) == 3);
    }
    SECTION("a mentor who takes fewer sessions a week leaves fewer seats") {
        index.put_in_order(with_capacity(mentor_candidate("carla", 5, {"kubernetes", "go"}), 1));
        CHECK(kubernetes_seats(index, 1) == 3);
        CHECK(kubernetes_seats(index, 4) == 1);
    }
    SECTION("a mentor who stops offering the topic takes their seats along") {
        index.put_in_order(with_capacity(mentor_candidate("carla", 5, {"go"}), 3));
        CHECK(kubernetes_seats(index, 1) == 2);
        CHECK(kubernetes_seats(index, 4) == 0);
    }
    SECTION("a new mentor and one who leaves count at once") {
        index.put_in_order(mentor_candidate("dana", 6));
        CHECK(kubernetes_seats(index, 6) == 2);
        index.remove("ben");
        CHECK(kubernetes_seats(index, 1) == 5);
    }
}

TEST_CASE("a paused mentor's seats come back when the pause runs out", "[matching]") {
    MentorIndex index;
    index.put_in_order(mentor_candidate("ben", 3));
    MentorCandidate away = mentor_candidate("carla", 5);
    away.paused = true;
    away.paused_until = matching_now + 48h;
    index.put_in_order(away);
    CHECK(kubernetes_seats(index, 1) == 2);
    CHECK(kubernetes_seats(index, 1, matching_now + 47h) == 2);
    CHECK(kubernetes_seats(index, 1, matching_now + 48h) == 4);
    // A clock set back (an admin's correction) sees the pause again.
    CHECK(kubernetes_seats(index, 1, matching_now + 1h) == 2);

    away.paused_until.reset();  // paused until they resume
    index.put_in_order(away);
    CHECK(kubernetes_seats(index, 1, matching_now + 30 * 24h) == 2);
}

TEST_CASE("a workspace's seats count only its own mentors", "[matching]") {
    MentorIndex index;
    index.put_in_order(mentor_candidate("slack:T1:UBEN", 3));
    index.put_in_order(with_capacity(mentor_candidate("slack:T2:UCARLA", 3), 4));
    const std::uint32_t topic = index.topic_id("kubernetes");
    CHECK(index.seats_at_or_above(index.tenant_id("slack:T1"), topic, 1, matching_now) == 2);
    CHECK(index.seats_at_or_above(index.tenant_id("slack:T2"), topic, 1, matching_now) == 4);
    CHECK(index.seats_at_or_above(TopicSeats::any_tenant, topic, 1, matching_now) == 6);
    index.put_in_order(mentor_candidate("slack:T2:UDANA", 3));
    CHECK(index.seats_at_or_above(index.tenant_id("slack:T1"), topic, 1, matching_now) == 2);
    CHECK(index.seats_at_or_above(index.tenant_id("slack:T2"), topic, 1, matching_now) == 6);
}

// What the matcher is asked: the request, the requester's history, and the requests competing for the same mentors.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/request_kind.h"
#include "domain/working_hours.h"

namespace mentorbot {

// The person asking and what they ask for.
struct MatchRequest {
    long long request_id = 0;
    std::string requester_id;
    int requester_level = 2;
    bool requester_level_set = true;  // false when only assumed
    std::string requester_department;
    WorkingSchedule requester_schedule;
    std::vector<std::string> requester_goals;  // canonical tags
    RequestKind kind = RequestKind::flash;
    std::string topic;            // canonical (aliases already resolved)
    std::optional<Instant> when;  // the moment to observe (shadow)
    // A mentor already holding this many offers without an answer is not offered another.
    int max_pending_offers = 1;
    // Offers go to people at work: when some fitting mentor works now, those who do not
    // are left for a later round (and when none does, the best is chosen to wait for).
    bool prefer_at_work = false;
    // A request made for one mentor (`mentor:@ben`) or assigned to one by an admin: only they
    // are weighed, under the same hard rules. Empty: every mentor who offers the topic.
    std::string only_mentor;
    // The requester's tenant ("discord:111", "slack:T1"): mentors of other workspaces and
    // servers are never weighed. Empty: every mentor (tests of the matcher alone).
    std::string tenant;
};

class PositionRatings;

struct TopicRating {
    double average = 0;
    int count = 0;
};

// What has happened before, seen from this request and its requester.
struct MatchHistory {
    std::unordered_set<std::string> declined_this_request;  // mentors who said no to this request
    std::unordered_set<std::string> lapsed_this_pass;       // let this pass's offer lapse: asked again later
    // Let an offer of any request lapse earlier in their working day: asked again on their next
    // working day, so a mentor who is away is not sent offer after offer.
    std::unordered_set<std::string> resting_after_silence;
    // Had as many offers in the last day as a mentor gets: asked again tomorrow.
    std::unordered_set<std::string> offered_enough_today;
    std::unordered_set<std::string> rated_badly_with;   // a session with them was rated 1–2 by either side
    std::unordered_map<std::string, Instant> last_met;  // last session with each person
    std::unordered_map<std::string, TopicRating> mentor_rating_on_topic;  // mentor → average on this topic
    // Read in place of the two above when set: what a pass keeps for all its matches. With
    // thousands of mentors resting or rated, copying them for each match cost more than matching.
    // The ratings by position are read only when built for the layout of the index matched.
    const std::unordered_set<std::string>* shared_resting = nullptr;
    const PositionRatings* shared_position_ratings = nullptr;

    const std::unordered_set<std::string>& resting() const {
        return shared_resting ? *shared_resting : resting_after_silence;
    }
};

// Another open or queued request that competes for the same mentors' time.
struct CompetingRequest {
    long long request_id = 0;
    std::string requester_id;
    int requester_level = 2;
    RequestKind kind = RequestKind::flash;
    std::string topic;
    std::optional<Instant> when;
};

}  // namespace mentorbot

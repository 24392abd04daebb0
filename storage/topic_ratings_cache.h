// Every mentor's ratings on each topic kept in memory, so a match reads its topic's without reading a row.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/match_request.h"
#include "domain/mentor_index.h"
#include "domain/position_ratings.h"
#include "storage/changed_rows.h"
#include "storage/database.h"

namespace mentorbot {

// One per connection (Database::attached). Ranking weighs each candidate's past ratings on
// the requested topic, and reading them joined every rating ever given on that topic with
// its session for every request: thousands of rows a request on a popular topic after a few
// weeks of a large organisation, more every week. So they are read once and then kept
// current row by row as ratings are given, changed or forgotten and as sessions change
// (`changed_rows.*`).
class TopicRatingsCache {
public:
    explicit TopicRatingsCache(Database& database);

    // Each mentor's average rating and number of ratings on `topic`, given by the other person
    // of the mentor's sessions on it, as the tables hold them now. Valid until the next call.
    const std::unordered_map<std::string, TopicRating>& on(const std::string& topic);
    // The same by position in `index`, for ranking its candidates. Kept until a rating on the
    // topic changes or the index's layout does, so a popular topic's thousands of rated
    // mentors are looked up by id once, not at every request. Valid until the next call.
    const PositionRatings& on(const std::string& topic, const MentorIndex& index);

    // How many mentors with ratings are kept: a forgotten mentor's id is let go with their ratings.
    std::size_t mentors_kept() const { return mentor_numbers_.size(); }

    // How often everything was read, so tests can tell a row-by-row update from a reload.
    std::uint64_t full_loads() const { return full_loads_; }

private:
    // What one rating counts for: a topic, a mentor and a rating, by number (a season of a
    // large organisation is hundreds of thousands of ratings). A rating of 0 is none kept.
    struct Kept {
        std::uint32_t topic = 0;
        std::uint32_t mentor = 0;
        std::int32_t rating = 0;
    };
    struct Sum {
        long long total = 0;
        int count = 0;
    };

    void drop();  // lets go of every kept rating: changed_rows_ says when
    void load();
    void reread_rating(std::int64_t rowid);
    void reread_session(std::int64_t session_id);
    void keep(std::int64_t rowid, const std::string& topic, const std::string& mentor_id, int rating);
    void forget(std::int64_t rowid);
    void count(const Kept& kept, int by);
    std::uint32_t topic_number(const std::string& topic);
    std::uint32_t mentor_number(const std::string& mentor_id);

    Database& database_;
    std::uint64_t full_loads_ = 0;
    // By feedback rowid: SQLite numbers ratings in the order they are given, so a vector
    // holds them in 12 bytes each; a rowid far beyond that (written by hand) goes to the map.
    std::vector<Kept> ratings_;
    std::unordered_map<std::int64_t, Kept> far_ratings_;
    Kept* kept_at(std::int64_t rowid, bool add);
    std::unordered_map<std::string, std::uint32_t> topic_numbers_;
    std::vector<std::string> topics_;
    // A mentor's number is let go with their last rating: a forgotten member's id stays nowhere.
    std::unordered_map<std::string, std::uint32_t> mentor_numbers_;
    std::vector<std::string> mentors_;
    std::vector<int> ratings_of_mentor_;           // by number
    std::vector<std::uint32_t> free_numbers_;      // of mentors without ratings, to use again
    std::unordered_map<std::uint64_t, Sum> sums_;  // by topic and mentor
    std::unordered_map<std::string, std::unordered_map<std::string, TopicRating>> by_topic_;
    std::unordered_map<std::string, PositionRatings> by_position_;  // by topic; left out once one changes
    ChangedRows changed_rows_;  // last: it calls drop(), which clears the members above
};

}  // namespace mentorbot

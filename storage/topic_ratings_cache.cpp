// Mentors' ratings by topic read once, then kept current one row at a time as SQLite reports writes.
#include "storage/topic_ratings_cache.h"

#include <algorithm>
#include <vector>

namespace mentorbot {

namespace {

// A rating counts for the mentor of its session when it is about them (the mentee's rating
// of the session, not the mentor's of the mentee).
constexpr const char* rating_columns =
    "SELECT f.id, s.id, s.topic, s.mentor_id, f.rating FROM feedback f JOIN sessions s ON s.id = f.session_id "
    "WHERE f.about_id = s.mentor_id AND s.mentor_id IS NOT NULL";

const std::unordered_map<std::string, TopicRating> no_ratings;

}  // namespace

TopicRatingsCache::TopicRatingsCache(Database& database)
    : database_(database), changed_rows_(database.table_changes(), {"feedback", "sessions"}, [this] { drop(); }) {}

void TopicRatingsCache::drop() {
    ratings_.clear();
    ratings_.shrink_to_fit();
    far_ratings_.clear();
    topic_numbers_.clear();
    topics_.clear();
    mentor_numbers_.clear();
    mentors_.clear();
    ratings_of_mentor_.clear();
    free_numbers_.clear();
    sums_.clear();
    by_topic_.clear();
    by_position_.clear();
}

const std::unordered_map<std::string, TopicRating>& TopicRatingsCache::on(const std::string& topic) {
    database_.table_changes().catch_up();
    if (changed_rows_.must_load()) {
        load();
    } else if (changed_rows_.any_changed()) {
        const auto changed = changed_rows_.take_changed();
        for (std::int64_t rowid : changed[0]) reread_rating(rowid);
        for (std::int64_t session_id : changed[1]) reread_session(session_id);
    }
    auto found = by_topic_.find(topic);
    return found == by_topic_.end() ? no_ratings : found->second;
}

const PositionRatings& TopicRatingsCache::on(const std::string& topic, const MentorIndex& index) {
    const auto& by_member = on(topic);
    PositionRatings& kept = by_position_[topic];
    if (kept.layout() != index.layout() && !kept.follow(index, by_member)) kept = PositionRatings(index, by_member);
    return kept;
}

void TopicRatingsCache::load() {
    drop();
    auto& query = database_.prepare(rating_columns);
    while (query.executeStep()) {
        keep(query.getColumn(0).getInt64(), query.getColumn(2).getString(), query.getColumn(3).getString(),
             query.getColumn(4).getInt());
    }
    query.reset();
    changed_rows_.loaded();
    ++full_loads_;
}

void TopicRatingsCache::reread_rating(std::int64_t rowid) {
    forget(rowid);
    auto& query = database_.prepare(std::string(rating_columns) + " AND f.id = ?");
    query.bind(1, static_cast<int64_t>(rowid));
    if (query.executeStep()) {
        keep(rowid, query.getColumn(2).getString(), query.getColumn(3).getString(), query.getColumn(4).getInt());
    }
    query.reset();
}

void TopicRatingsCache::reread_session(std::int64_t session_id) {
    // A session's topic or mentor decides what its ratings count for. A rating that goes with
    // its session (or is deleted) is reported on its own, so the ratings it has now are enough.
    std::vector<std::int64_t> rowids;
    auto& query = database_.prepare("SELECT id FROM feedback WHERE session_id = ?");
    query.bind(1, static_cast<int64_t>(session_id));
    while (query.executeStep()) rowids.push_back(query.getColumn(0).getInt64());
    query.reset();
    for (std::int64_t rowid : rowids) reread_rating(rowid);
}

std::uint32_t TopicRatingsCache::topic_number(const std::string& topic) {
    auto [found, added] = topic_numbers_.emplace(topic, static_cast<std::uint32_t>(topics_.size()));
    if (added) topics_.push_back(topic);
    return found->second;
}

std::uint32_t TopicRatingsCache::mentor_number(const std::string& mentor_id) {
    if (auto found = mentor_numbers_.find(mentor_id); found != mentor_numbers_.end()) return found->second;
    std::uint32_t number;
    if (!free_numbers_.empty()) {
        number = free_numbers_.back();
        free_numbers_.pop_back();
        mentors_[number] = mentor_id;
    } else {
        number = static_cast<std::uint32_t>(mentors_.size());
        mentors_.push_back(mentor_id);
        ratings_of_mentor_.push_back(0);
    }
    mentor_numbers_.emplace(mentor_id, number);
    return number;
}

namespace {

// Past this the vector would be mostly holes: ratings given in order never get there.
bool numbered_in_order(std::int64_t rowid) { return rowid >= 0 && rowid < (std::int64_t{1} << 24); }

}  // namespace

TopicRatingsCache::Kept* TopicRatingsCache::kept_at(std::int64_t rowid, bool add) {
    if (numbered_in_order(rowid)) {
        const auto index = static_cast<std::size_t>(rowid);
        if (index >= ratings_.size()) {
            if (!add) return nullptr;
            ratings_.resize(std::max(index + 1, ratings_.size() + ratings_.size() / 2));
        }
        return &ratings_[index];
    }
    if (add) return &far_ratings_[rowid];
    const auto found = far_ratings_.find(rowid);
    return found == far_ratings_.end() ? nullptr : &found->second;
}

void TopicRatingsCache::keep(std::int64_t rowid, const std::string& topic, const std::string& mentor_id, int rating) {
    const Kept kept{topic_number(topic), mentor_number(mentor_id), rating};
    count(kept, +1);
    ++ratings_of_mentor_[kept.mentor];
    *kept_at(rowid, true) = kept;
}

void TopicRatingsCache::forget(std::int64_t rowid) {
    Kept* found = kept_at(rowid, false);
    if (!found || found->rating == 0) return;
    const Kept kept = *found;
    *found = {};
    if (!numbered_in_order(rowid)) far_ratings_.erase(rowid);
    count(kept, -1);
    if (--ratings_of_mentor_[kept.mentor] > 0) return;
    mentor_numbers_.erase(mentors_[kept.mentor]);
    mentors_[kept.mentor].clear();
    mentors_[kept.mentor].shrink_to_fit();
    free_numbers_.push_back(kept.mentor);
}

void TopicRatingsCache::count(const Kept& kept, int by) {
    const std::uint64_t key = (std::uint64_t{kept.topic} << 32) | kept.mentor;
    Sum& sum = sums_[key];
    sum.total += by * kept.rating;
    sum.count += by;
    const std::string& topic = topics_[kept.topic];
    const std::string& mentor_id = mentors_[kept.mentor];
    // Empty while everything is read at once (drop cleared it): nothing to let go of then.
    if (!by_position_.empty()) by_position_.erase(topic);
    if (sum.count <= 0) {
        sums_.erase(key);
        auto shown = by_topic_.find(topic);
        if (shown != by_topic_.end()) {
            shown->second.erase(mentor_id);
            if (shown->second.empty()) by_topic_.erase(shown);
        }
        return;
    }
    // The same division the tables' own average makes of whole-number ratings.
    by_topic_[topic][mentor_id] = {static_cast<double>(sum.total) / sum.count, sum.count};
}

}  // namespace mentorbot

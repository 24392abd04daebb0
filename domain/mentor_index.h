// The mentors as the matcher sees them, indexed by topic, with the facts the hard rules read packed for speed.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/topic_seats.h"
#include "domain/working_hours.h"

namespace mentorbot {

// A member who offers to help, as the matcher sees them. Levels are 1–6.
struct MentorCandidate {
    std::string member_id;
    std::string display_name;  // for explanations; the id when empty
    int level = 3;
    bool level_set = true;  // false when the profile has no level: `level` is only assumed then
    std::string department;
    WorkingSchedule schedule;
    std::vector<std::string> topics;  // canonical tags the mentor offers
    std::vector<std::string> skills;  // canonical tags of the mentor's profile
    int weekly_capacity = 2;
    int weekly_load = 0;     // sessions accepted this week (in the mentor's own week)
    int pending_offers = 0;  // offers waiting for the mentor's answer; they use no capacity
    bool reverse_opt_in = false;
    bool shadow_opt_in = false;
    bool paused = false;
    std::optional<Instant> paused_until;  // paused until this instant; forever when paused without it
    std::optional<Instant> last_matched_at;

    int remaining_capacity() const { return weekly_capacity - weekly_load; }
    bool is_paused_at(Instant now) const { return paused && (!paused_until || now < *paused_until); }
};

// Every mentor once, with topic → mentors so a request only looks at those who offer its topic.
class MentorIndex {
public:
    // Returns the mentor's position; a mentor added twice replaces the earlier entry.
    std::size_t add(MentorCandidate mentor);
    // For an index built in member-id order: adds the mentor where that order puts them
    // (later mentors move one position up), or replaces their entry where it is. The index
    // is then the one building it again from scratch would give.
    std::size_t put_in_order(MentorCandidate mentor);
    // Takes the mentor out (later mentors move one position down); false when not there.
    bool remove(const std::string& member_id);
    const std::vector<MentorCandidate>& mentors() const { return mentors_; }
    // Positions of mentors offering `topic` (canonical), in ascending order.
    const std::vector<std::uint32_t>& offering(const std::string& topic) const;
    // The same by topic number (see topic_id), as compiled topic lists hold them.
    const std::vector<std::uint32_t>& offering_topic(std::uint32_t topic_id) const;
    // Positions of mentors whose profile lists the tag (by number) as a skill, in ascending order.
    const std::vector<std::uint32_t>& with_skill(std::uint32_t topic_id) const;
    const MentorCandidate* find(const std::string& member_id) const;
    // Every topic the mentors of a tenant (a key, "slack:T1") offer, with how many offer it,
    // most offered first, then by name: what topic pickers and "did you mean" suggest.
    std::vector<std::pair<std::string, int>> topics_offered_in(std::string_view tenant_key) const;
    // A mentor's load changes with every offer and session, the rest rarely: a kept index
    // is brought up to date with this instead of being built again.
    void set_weekly_load(std::uint32_t position, int weekly_load, int pending_offers = 0);
    std::optional<std::uint32_t> position_of(const std::string& member_id) const;
    std::size_t size() const { return mentors_.size(); }
    // Whether positions follow member ids (as a pool read from the database, or built with
    // put_in_order, has them): ranking then breaks ties by position instead of comparing ids.
    bool in_member_order() const { return in_member_order_; }
    // Changes whenever a mentor is added or taken out, and no two indexes share one while
    // their mentors differ: what is kept by position is valid while this stays the same.
    std::uint64_t layout() const { return layout_; }
    // One mentor added or taken out: the layout it made out of the one before.
    struct Move {
        std::uint64_t from = 0;
        std::uint64_t to = 0;
        std::uint32_t position = 0;  // where the mentor was put, or where they were taken from
        bool added = true;           // later mentors moved one up; else one down
        std::string member_id;       // who was added; empty once they were taken out again
    };
    // The moves that led from `layout` to this index's own, oldest first; none when `layout` is
    // not one it passed through lately (then what was kept by position must be built again).
    std::optional<std::vector<const Move*>> moves_since(std::uint64_t layout) const;

    // Tags and zones as small numbers, so ranking compares integers, not strings.
    static constexpr std::uint32_t unknown = UINT32_MAX;
    std::uint32_t topic_id(const std::string& topic) const;
    // The canonical tag a topic number stands for.
    const std::string& topic_name(std::uint32_t topic_id) const { return topic_names_[topic_id]; }
    struct Compiled {
        std::vector<std::uint32_t> topics;
        std::vector<std::uint32_t> skills;
        std::uint32_t zone = 0;
        std::uint32_t department = 0;
        std::uint32_t tenant = unknown;  // the workspace or server (see tenant_id)
    };
    std::uint32_t department_id(const std::string& department) const;
    // The number of a tenant key ("slack:T1"), `unknown` when no mentor is in it: comparing
    // numbers tells another workspace's mentors apart without reading their ids.
    std::uint32_t tenant_id(std::string_view tenant_key) const;
    bool in_tenant(std::uint32_t position, std::uint32_t tenant) const {
        return facts_[position].tenant == tenant && tenant != unknown;
    }
    const Compiled& compiled(std::uint32_t position) const { return compiled_[position]; }
    // What the hard rules and the fit read, packed so that scanning thousands of mentors stays in cache.
    struct RuleFacts {
        std::int64_t paused_until = INT64_MIN;  // Unix seconds: paused while now is before it
        std::int32_t remaining = 0;             // free sessions this week
        std::int32_t pending_offers = 0;        // offers waiting for an answer
        std::int32_t weekly_capacity = 0;       // sessions a week offered, taken or not
        std::uint32_t zone = 0;
        std::uint32_t tenant = unknown;  // as in Compiled: a scan of candidates reads no other entry
        std::uint32_t department = 0;
        std::int16_t hours_start = 0;  // working hours, minutes of the day in the mentor's zone
        std::int16_t hours_end = 0;
        std::int8_t level = 0;
        bool reverse = false;
        bool shadow = false;
    };
    const RuleFacts& facts(std::uint32_t position) const { return facts_[position]; }
    const std::string& zone_name(std::uint32_t zone) const { return zones_[zone]; }
    std::size_t zone_count() const { return zones_.size(); }
    // How many mentors are in a zone (by number): a zone all mentors left stays numbered.
    std::size_t mentors_in_zone(std::uint32_t zone) const {
        return zone < mentors_in_zone_.size() ? mentors_in_zone_[zone] : 0;
    }
    // Sessions a week among the mentors of a topic (by number) at `level` or above who are
    // not paused at `now`, in a tenant (by number, or TopicSeats::any_tenant): kept between
    // requests until one of the topic's mentors changes what it counts or a pause runs out.
    int seats_at_or_above(std::uint32_t tenant, std::uint32_t topic, int level, Instant now) const {
        return seats_.at_or_above(*this, tenant, topic, level, now);
    }
    // How many mentors a tenant (by number, or TopicSeats::any_tenant) has, paused or not.
    std::size_t mentors_in(std::uint32_t tenant) const {
        if (tenant == TopicSeats::any_tenant) return mentors_.size();
        const auto found = mentors_in_tenant_.find(tenant);
        return found == mentors_in_tenant_.end() ? 0 : found->second;
    }

private:
    std::uint32_t intern_topic(const std::string& topic);
    // Topic lists hold positions in ascending order, as adding in order leaves them.
    void link_topics(std::uint32_t position);
    void unlink_topics(std::uint32_t position);
    void count_in_zone(std::uint32_t zone, int by);
    // Gives the mentor a slot (a free one when there is one) holding their position.
    void take_slot(const std::string& member_id, std::uint32_t position);
    // Every position at or after `from` moves by `by` (one up or down).
    void shift_positions(std::uint32_t from, int by);
    Compiled compile(const MentorCandidate& mentor);
    static RuleFacts facts_of(const MentorCandidate& mentor, const Compiled& compiled);
    // The kept seat counts of the mentor's topics are counted again (see TopicSeats).
    void recount_seats(const Compiled& compiled);

    // Takes a number no index has had, so that one index's positions never pass for another's.
    static std::uint64_t new_layout();
    // Each gives the index a new layout and remembers the move that made it.
    void remember_move(std::uint32_t position, bool added, std::string member_id);
    void added_at(std::uint32_t position, const std::string& member_id);
    void taken_from(std::uint32_t position, const std::string& member_id);
    // Enough for the mentors who start or stop offering between two requests on a topic.
    static constexpr std::size_t moves_kept = 64;

    bool in_member_order_ = true;
    std::uint64_t layout_ = new_layout();
    std::deque<Move> moves_;  // the last moves_kept, oldest first
    std::unordered_map<std::uint32_t, std::size_t> mentors_in_tenant_;
    std::vector<std::uint32_t> mentors_in_zone_;  // by zone number
    std::vector<MentorCandidate> mentors_;
    std::vector<Compiled> compiled_;
    std::vector<RuleFacts> facts_;
    std::unordered_map<std::string, std::uint32_t> topic_ids_;
    std::vector<std::vector<std::uint32_t>> by_topic_;  // topic id → mentor positions
    // Tag id → positions of mentors with it as a skill: ranking asks it of every candidate,
    // and a search here stays in cache where each mentor's own skill list would not.
    std::vector<std::vector<std::uint32_t>> with_skill_;
    std::vector<std::string> topic_names_;  // topic id → tag
    // Member id → slot → position. A mentor keeps their slot while in the index, so when a new
    // mentor moves every later position, only the small slot vector is walked, not the map.
    std::unordered_map<std::string, std::uint32_t> slot_by_member_;
    std::vector<std::uint32_t> slot_positions_;  // `unknown` for a slot free to take
    std::vector<std::uint32_t> free_slots_;
    std::vector<std::string> zones_;
    std::unordered_map<std::string, std::uint32_t> zone_ids_;
    std::unordered_map<std::string, std::uint32_t> department_ids_;
    std::unordered_map<std::string, std::uint32_t> tenant_ids_;
    // A memo of counts the index's contents decide: filling it changes nothing a caller sees.
    mutable TopicSeats seats_;
};

// Whether a mentor (by position in an index) is one of the members a set or a map names by
// id. A match asks it of each of its candidates: when the set is the smaller, each id in it is
// looked up once and the positions kept; when the candidates are fewer (thousands of mentors
// resting after a lapse or rated in a large organisation, a topic with a few dozen), each
// candidate's id is looked up in the set instead, so a match costs in proportion to the smaller.
template <typename Keys>
class PositionSet {
public:
    PositionSet(const MentorIndex& index, const Keys& member_ids, std::size_t candidates)
        : index_(index), member_ids_(member_ids), by_id_(member_ids.size() > candidates) {
        if (by_id_) return;
        for (const auto& entry : member_ids) {
            if (auto position = index.position_of(key_of(entry))) positions_.push_back(*position);
        }
        std::sort(positions_.begin(), positions_.end());
    }
    bool contains(std::uint32_t position) const {
        if (by_id_) return member_ids_.contains(index_.mentors()[position].member_id);
        return std::binary_search(positions_.begin(), positions_.end(), position);
    }

private:
    static const std::string& key_of(const std::string& key) { return key; }
    template <typename Pair>
    static const std::string& key_of(const Pair& pair) {
        return pair.first;
    }
    const MentorIndex& index_;
    const Keys& member_ids_;
    bool by_id_;
    std::vector<std::uint32_t> positions_;
};

}  // namespace mentorbot

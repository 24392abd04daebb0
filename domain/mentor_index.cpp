// Builds and updates the mentor index: topics, zones and departments as small numbers, and the rule facts.
#include "domain/mentor_index.h"

#include <algorithm>
#include <atomic>

#include "model/member_id.h"

namespace mentorbot {
namespace {

const std::vector<std::uint32_t> no_mentors;

}  // namespace

std::uint64_t MentorIndex::new_layout() {
    static std::atomic<std::uint64_t> last{0};
    return ++last;
}

void MentorIndex::remember_move(std::uint32_t position, bool added, std::string member_id) {
    const std::uint64_t from = layout_;
    layout_ = new_layout();
    moves_.push_back({from, layout_, position, added, std::move(member_id)});
    if (moves_.size() > moves_kept) moves_.pop_front();
}

void MentorIndex::added_at(std::uint32_t position, const std::string& member_id) {
    remember_move(position, true, member_id);
}

void MentorIndex::taken_from(std::uint32_t position, const std::string& member_id) {
    // A mentor who leaves (or asks to be forgotten) leaves no id behind: what was kept from
    // before they came follows their coming and going without knowing who it was.
    for (Move& earlier : moves_) {
        if (earlier.member_id == member_id) earlier.member_id.clear();
    }
    remember_move(position, false, {});
}

std::optional<std::vector<const MentorIndex::Move*>> MentorIndex::moves_since(std::uint64_t layout) const {
    std::vector<const Move*> since;
    if (layout == layout_) return since;
    for (auto move = moves_.rbegin(); move != moves_.rend(); ++move) {
        since.push_back(&*move);
        if (move->from == layout) {
            std::reverse(since.begin(), since.end());
            return since;
        }
    }
    return std::nullopt;
}

std::uint32_t MentorIndex::intern_topic(const std::string& topic) {
    auto [found, inserted] = topic_ids_.emplace(topic, static_cast<std::uint32_t>(by_topic_.size()));
    if (inserted) {
        by_topic_.emplace_back();
        with_skill_.emplace_back();
        topic_names_.push_back(topic);
    }
    return found->second;
}

MentorIndex::Compiled MentorIndex::compile(const MentorCandidate& mentor) {
    Compiled compiled;
    for (const auto& topic : mentor.topics) {
        const std::uint32_t id = intern_topic(topic);
        if (std::find(compiled.topics.begin(), compiled.topics.end(), id) == compiled.topics.end()) {
            compiled.topics.push_back(id);
        }
    }
    for (const auto& skill : mentor.skills) compiled.skills.push_back(intern_topic(skill));
    auto [zone, inserted] = zone_ids_.emplace(mentor.schedule.time_zone, static_cast<std::uint32_t>(zones_.size()));
    if (inserted) zones_.push_back(mentor.schedule.time_zone);
    compiled.zone = zone->second;
    compiled.department =
        department_ids_.emplace(mentor.department, static_cast<std::uint32_t>(department_ids_.size())).first->second;
    if (const std::optional<MemberId> id = MemberId::parse(mentor.member_id)) {
        compiled.tenant = tenant_ids_
                              .emplace(std::string(id->tenant_key()), static_cast<std::uint32_t>(tenant_ids_.size()))
                              .first->second;
    }
    return compiled;
}

MentorIndex::RuleFacts MentorIndex::facts_of(const MentorCandidate& mentor, const Compiled& compiled) {
    RuleFacts facts;
    if (mentor.paused) {
        facts.paused_until = mentor.paused_until ? mentor.paused_until->time_since_epoch().count() : INT64_MAX;
    }
    facts.remaining = std::clamp(mentor.remaining_capacity(), -1000, 1000);
    facts.pending_offers = std::clamp(mentor.pending_offers, 0, 1000);
    facts.weekly_capacity = mentor.weekly_capacity;
    facts.hours_start = static_cast<std::int16_t>(std::clamp(mentor.schedule.hours.start_minute, INT16_MIN, INT16_MAX));
    facts.hours_end = static_cast<std::int16_t>(std::clamp(mentor.schedule.hours.end_minute, INT16_MIN, INT16_MAX));
    facts.zone = compiled.zone;
    facts.tenant = compiled.tenant;
    facts.department = compiled.department;
    facts.level = static_cast<std::int8_t>(std::clamp(mentor.level, -100, 100));
    facts.reverse = mentor.reverse_opt_in;
    facts.shadow = mentor.shadow_opt_in;
    return facts;
}

namespace {

void link(std::vector<std::uint32_t>& list, std::uint32_t position) {
    auto at = std::lower_bound(list.begin(), list.end(), position);
    if (at == list.end() || *at != position) list.insert(at, position);
}

void unlink(std::vector<std::uint32_t>& list, std::uint32_t position) {
    auto found = std::lower_bound(list.begin(), list.end(), position);
    if (found != list.end() && *found == position) list.erase(found);
}

}  // namespace

void MentorIndex::link_topics(std::uint32_t position) {
    for (std::uint32_t topic : compiled_[position].topics) link(by_topic_[topic], position);
    for (std::uint32_t skill : compiled_[position].skills) link(with_skill_[skill], position);
}

void MentorIndex::unlink_topics(std::uint32_t position) {
    for (std::uint32_t topic : compiled_[position].topics) unlink(by_topic_[topic], position);
    for (std::uint32_t skill : compiled_[position].skills) unlink(with_skill_[skill], position);
}

void MentorIndex::shift_positions(std::uint32_t from, int by) {
    for (std::uint32_t& position : slot_positions_) {
        if (position != unknown && position >= from)
            position = static_cast<std::uint32_t>(static_cast<int>(position) + by);
    }
    for (auto* lists : {&by_topic_, &with_skill_}) {
        for (auto& list : *lists) {
            // Sorted: only the tail moves.
            for (auto it = std::lower_bound(list.begin(), list.end(), from); it != list.end(); ++it) {
                *it = static_cast<std::uint32_t>(static_cast<int>(*it) + by);
            }
        }
    }
}

namespace {

// Whether two versions of a mentor count the same in their topics' weekly seats.
bool same_seats(const MentorCandidate& a, const MentorIndex::Compiled& a_compiled, const MentorCandidate& b,
                const MentorIndex::Compiled& b_compiled) {
    return a.level == b.level && a.weekly_capacity == b.weekly_capacity && a.paused == b.paused &&
           a.paused_until == b.paused_until && a_compiled.tenant == b_compiled.tenant &&
           a_compiled.topics == b_compiled.topics;
}

}  // namespace

void MentorIndex::recount_seats(const Compiled& compiled) {
    for (std::uint32_t topic : compiled.topics) seats_.forget(topic);
}

void MentorIndex::count_in_zone(std::uint32_t zone, int by) {
    if (zone >= mentors_in_zone_.size()) mentors_in_zone_.resize(zone + 1, 0);
    mentors_in_zone_[zone] = static_cast<std::uint32_t>(static_cast<int>(mentors_in_zone_[zone]) + by);
}

void MentorIndex::take_slot(const std::string& member_id, std::uint32_t position) {
    std::uint32_t slot;
    if (free_slots_.empty()) {
        slot = static_cast<std::uint32_t>(slot_positions_.size());
        slot_positions_.push_back(position);
    } else {
        slot = free_slots_.back();
        free_slots_.pop_back();
        slot_positions_[slot] = position;
    }
    slot_by_member_.emplace(member_id, slot);
}

std::size_t MentorIndex::add(MentorCandidate mentor) {
    std::uint32_t position;
    if (auto existing = slot_by_member_.find(mentor.member_id); existing != slot_by_member_.end()) {
        position = slot_positions_[existing->second];
        unlink_topics(position);
        Compiled compiled = compile(mentor);
        if (!same_seats(mentors_[position], compiled_[position], mentor, compiled)) {
            recount_seats(compiled_[position]);
            recount_seats(compiled);
        }
        count_in_zone(compiled_[position].zone, -1);
        count_in_zone(compiled.zone, +1);
        compiled_[position] = std::move(compiled);
        facts_[position] = facts_of(mentor, compiled_[position]);
        mentors_[position] = std::move(mentor);
    } else {
        position = static_cast<std::uint32_t>(mentors_.size());
        added_at(position, mentor.member_id);
        if (!mentors_.empty() && !(mentors_.back().member_id < mentor.member_id)) in_member_order_ = false;
        take_slot(mentor.member_id, position);
        compiled_.push_back(compile(mentor));
        ++mentors_in_tenant_[compiled_.back().tenant];
        count_in_zone(compiled_.back().zone, +1);
        recount_seats(compiled_.back());
        facts_.push_back(facts_of(mentor, compiled_.back()));
        mentors_.push_back(std::move(mentor));
    }
    link_topics(position);
    return position;
}

std::size_t MentorIndex::put_in_order(MentorCandidate mentor) {
    if (slot_by_member_.contains(mentor.member_id)) return add(std::move(mentor));
    auto after = std::upper_bound(mentors_.begin(), mentors_.end(), mentor.member_id,
                                  [](const std::string& id, const MentorCandidate& other) {
                                      return id < other.member_id;
                                  });
    if (after == mentors_.end()) return add(std::move(mentor));
    const auto position = static_cast<std::uint32_t>(after - mentors_.begin());
    added_at(position, mentor.member_id);
    shift_positions(position, +1);
    take_slot(mentor.member_id, position);
    Compiled compiled = compile(mentor);
    ++mentors_in_tenant_[compiled.tenant];
    count_in_zone(compiled.zone, +1);
    recount_seats(compiled);
    facts_.insert(facts_.begin() + position, facts_of(mentor, compiled));
    compiled_.insert(compiled_.begin() + position, std::move(compiled));
    mentors_.insert(after, std::move(mentor));
    link_topics(position);
    return position;
}

bool MentorIndex::remove(const std::string& member_id) {
    auto found = slot_by_member_.find(member_id);
    if (found == slot_by_member_.end()) return false;
    const std::uint32_t position = slot_positions_[found->second];
    taken_from(position, member_id);
    unlink_topics(position);
    recount_seats(compiled_[position]);
    count_in_zone(compiled_[position].zone, -1);
    if (auto tenant = mentors_in_tenant_.find(compiled_[position].tenant);
        tenant != mentors_in_tenant_.end() && --tenant->second == 0)
        mentors_in_tenant_.erase(tenant);
    slot_positions_[found->second] = unknown;
    free_slots_.push_back(found->second);
    slot_by_member_.erase(found);
    mentors_.erase(mentors_.begin() + position);
    compiled_.erase(compiled_.begin() + position);
    facts_.erase(facts_.begin() + position);
    shift_positions(position + 1, -1);
    return true;
}

void MentorIndex::set_weekly_load(std::uint32_t position, int weekly_load, int pending_offers) {
    MentorCandidate& mentor = mentors_[position];
    // A pass sets the same loads again for each request it looks at: nothing to pack then.
    if (mentor.weekly_load == weekly_load && mentor.pending_offers == pending_offers) return;
    mentor.weekly_load = weekly_load;
    mentor.pending_offers = pending_offers;
    facts_[position] = facts_of(mentor, compiled_[position]);
}

std::uint32_t MentorIndex::topic_id(const std::string& topic) const {
    auto found = topic_ids_.find(topic);
    return found == topic_ids_.end() ? unknown : found->second;
}

const std::vector<std::uint32_t>& MentorIndex::offering(const std::string& topic) const {
    const std::uint32_t id = topic_id(topic);
    return id == unknown ? no_mentors : by_topic_[id];
}

const std::vector<std::uint32_t>& MentorIndex::offering_topic(std::uint32_t topic_id) const {
    return topic_id < by_topic_.size() ? by_topic_[topic_id] : no_mentors;
}

const std::vector<std::uint32_t>& MentorIndex::with_skill(std::uint32_t topic_id) const {
    return topic_id < with_skill_.size() ? with_skill_[topic_id] : no_mentors;
}

std::vector<std::pair<std::string, int>> MentorIndex::topics_offered_in(std::string_view tenant_key) const {
    std::vector<std::pair<std::string, int>> topics;
    const std::uint32_t tenant = tenant_id(tenant_key);
    if (tenant == unknown) return topics;
    for (std::uint32_t topic = 0; topic < by_topic_.size(); ++topic) {
        const auto mentors = std::count_if(by_topic_[topic].begin(), by_topic_[topic].end(),
                                           [&](std::uint32_t position) { return in_tenant(position, tenant); });
        if (mentors > 0) topics.emplace_back(topic_names_[topic], static_cast<int>(mentors));
    }
    std::sort(topics.begin(), topics.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return topics;
}

std::uint32_t MentorIndex::department_id(const std::string& department) const {
    auto found = department_ids_.find(department);
    return found == department_ids_.end() ? unknown : found->second;
}

std::uint32_t MentorIndex::tenant_id(std::string_view tenant_key) const {
    auto found = tenant_ids_.find(std::string(tenant_key));
    return found == tenant_ids_.end() ? unknown : found->second;
}

std::optional<std::uint32_t> MentorIndex::position_of(const std::string& member_id) const {
    auto found = slot_by_member_.find(member_id);
    if (found == slot_by_member_.end()) return std::nullopt;
    return slot_positions_[found->second];
}

const MentorCandidate* MentorIndex::find(const std::string& member_id) const {
    auto position = position_of(member_id);
    return position ? &mentors_[*position] : nullptr;
}

}  // namespace mentorbot

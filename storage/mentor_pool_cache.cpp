// The mentor pool read in two queries (mentors, then their tags) and dropped when a write touches it.
#include "storage/mentor_pool_cache.h"

#include <sstream>
#include <unordered_map>

#include <date/date.h>

namespace mentorbot {

namespace {

// A level missing from a profile is taken as mid-level: it neither passes every
// "above you" rule nor fails every one.
constexpr int assumed_level = 3;

std::optional<Instant> start_of_day(const std::string& day) {
    if (day.empty()) return std::nullopt;
    std::istringstream input(day);
    date::sys_days parsed;
    input >> date::parse("%F", parsed);
    if (input.fail()) return std::nullopt;
    return Instant{parsed};
}

}  // namespace

MentorPoolCache::MentorPoolCache(Database& database) : database_(database) {
    database_.table_changes().on_row([this](std::string_view table, TableChanges::Kind, std::int64_t rowid) {
        if (!index_) return;
        // A members row is only read for mentors; a new member cannot be one before their
        // offer is written (the offer refers to the member), and that write is seen here.
        if (table == "mentor_offers" || table == "member_tags" ||
            (table == "members" && mentor_rows_.contains(rowid))) {
            index_.reset();
        }
    });
    database_.table_changes().on_reset([this] { index_.reset(); });
}

std::shared_ptr<MentorIndex> MentorPoolCache::mentors() {
    database_.table_changes().catch_up();
    if (!index_) load();
    return index_;
}

void MentorPoolCache::load() {
    std::vector<MentorCandidate> mentors;
    std::unordered_map<std::string, std::size_t> position;
    std::unordered_set<std::int64_t> rows;
    {
        auto& query = database_.prepare(
            "SELECT o.member_id, m.rowid, m.display_name, m.level, m.department, m.time_zone, o.hours_start, "
            "o.hours_end, o.capacity, o.reverse_ok, o.shadow_ok, o.paused, o.paused_until, o.last_matched_at "
            "FROM mentor_offers o JOIN members m ON m.id = o.member_id ORDER BY o.member_id");
        while (query.executeStep()) {
            MentorCandidate mentor;
            mentor.member_id = query.getColumn(0).getString();
            rows.insert(query.getColumn(1).getInt64());
            mentor.display_name = query.getColumn(2).getString();
            mentor.level = query.getColumn(3).isNull() ? assumed_level : query.getColumn(3).getInt();
            mentor.level_set = !query.getColumn(3).isNull();
            mentor.department = query.getColumn(4).isNull() ? "" : query.getColumn(4).getString();
            mentor.schedule.time_zone = query.getColumn(5).isNull() ? "UTC" : query.getColumn(5).getString();
            if (mentor.schedule.time_zone.empty()) mentor.schedule.time_zone = "UTC";
            mentor.schedule.hours = {query.getColumn(6).getInt(), query.getColumn(7).getInt()};
            mentor.weekly_capacity = query.getColumn(8).getInt();
            mentor.reverse_opt_in = query.getColumn(9).getInt() != 0;
            mentor.shadow_opt_in = query.getColumn(10).getInt() != 0;
            mentor.paused = query.getColumn(11).getInt() != 0;
            if (!query.getColumn(12).isNull()) mentor.paused_until = start_of_day(query.getColumn(12).getString());
            if (!query.getColumn(13).isNull()) {
                mentor.last_matched_at = Instant{std::chrono::seconds{query.getColumn(13).getInt64()}};
            }
            position.emplace(mentor.member_id, mentors.size());
            mentors.push_back(std::move(mentor));
        }
        query.reset();
    }
    {
        auto& tags = database_.prepare(
            "SELECT t.member_id, t.kind, t.tag FROM member_tags t JOIN mentor_offers o ON o.member_id = t.member_id "
            "WHERE t.kind IN ('topic', 'skill') ORDER BY t.member_id, t.kind, t.tag");
        while (tags.executeStep()) {
            auto found = position.find(tags.getColumn(0).getString());
            if (found == position.end()) continue;
            MentorCandidate& mentor = mentors[found->second];
            (tags.getColumn(1).getString() == "topic" ? mentor.topics : mentor.skills)
                .push_back(tags.getColumn(2).getString());
        }
        tags.reset();
    }
    auto index = std::make_shared<MentorIndex>();
    for (auto& mentor : mentors) index->add(std::move(mentor));
    index_ = std::move(index);
    mentor_rows_ = std::move(rows);
}

}  // namespace mentorbot

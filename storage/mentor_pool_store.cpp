// Mentor candidates from SQLite, one query per part, keyed by member.
#include "storage/mentor_pool_store.h"

#include <map>
#include <sstream>

#include <date/date.h>

namespace mentorbot {

namespace {

// A level missing from a profile is taken as mid-level: it neither passes every
// "above you" rule nor fails every one.
constexpr int assumed_level = 3;

std::string placeholders(std::size_t count) {
    std::string text;
    for (std::size_t i = 0; i < count; ++i) text += i == 0 ? "?" : ", ?";
    return text;
}

std::optional<Instant> start_of_day(const std::string& day) {
    if (day.empty()) return std::nullopt;
    std::istringstream input(day);
    date::sys_days parsed;
    input >> date::parse("%F", parsed);
    if (input.fail()) return std::nullopt;
    return Instant{parsed};
}

}  // namespace

std::vector<MentorCandidate> MentorPoolStore::offering_any(const std::vector<std::string>& topics,
                                                           long long week_start) {
    if (topics.empty()) return {};
    // Not a cached statement: the number of topics varies.
    SQLite::Statement query(
        database_.connection(),
        "SELECT o.member_id, m.display_name, m.level, m.department, m.time_zone, o.hours_start, o.hours_end, "
        "o.capacity, o.reverse_ok, o.shadow_ok, o.paused, o.paused_until, o.last_matched_at, "
        "(SELECT COUNT(*) FROM sessions s WHERE s.mentor_id = o.member_id AND s.created_at >= ?) + "
        "(SELECT COUNT(*) FROM requests r WHERE r.status = 'offered' AND r.candidate_id = o.member_id) "
        "FROM mentor_offers o JOIN members m ON m.id = o.member_id "
        "WHERE o.member_id IN (SELECT member_id FROM member_tags WHERE kind = 'topic' AND tag IN (" +
            placeholders(topics.size()) + ")) ORDER BY o.member_id");
    query.bind(1, static_cast<int64_t>(week_start));
    for (std::size_t i = 0; i < topics.size(); ++i) query.bind(static_cast<int>(i + 2), topics[i]);
    std::vector<MentorCandidate> mentors;
    std::map<std::string, std::size_t> position;
    while (query.executeStep()) {
        MentorCandidate mentor;
        mentor.member_id = query.getColumn(0).getString();
        mentor.display_name = query.getColumn(1).getString();
        mentor.level = query.getColumn(2).isNull() ? assumed_level : query.getColumn(2).getInt();
        mentor.department = query.getColumn(3).isNull() ? "" : query.getColumn(3).getString();
        mentor.schedule.time_zone = query.getColumn(4).isNull() ? "UTC" : query.getColumn(4).getString();
        if (mentor.schedule.time_zone.empty()) mentor.schedule.time_zone = "UTC";
        mentor.schedule.hours = {query.getColumn(5).getInt(), query.getColumn(6).getInt()};
        mentor.weekly_capacity = query.getColumn(7).getInt();
        mentor.reverse_opt_in = query.getColumn(8).getInt() != 0;
        mentor.shadow_opt_in = query.getColumn(9).getInt() != 0;
        mentor.paused = query.getColumn(10).getInt() != 0;
        if (!query.getColumn(11).isNull()) mentor.paused_until = start_of_day(query.getColumn(11).getString());
        if (!query.getColumn(12).isNull()) mentor.last_matched_at = Instant{std::chrono::seconds{query.getColumn(12).getInt64()}};
        mentor.weekly_load = query.getColumn(13).getInt();
        position[mentor.member_id] = mentors.size();
        mentors.push_back(std::move(mentor));
    }
    if (mentors.empty()) return mentors;
    SQLite::Statement tags(
        database_.connection(),
        "SELECT t.member_id, t.kind, t.tag FROM member_tags t WHERE t.kind IN ('topic', 'skill') AND t.member_id IN "
        "(SELECT member_id FROM member_tags WHERE kind = 'topic' AND tag IN (" +
            placeholders(topics.size()) + ")) ORDER BY t.member_id, t.kind, t.tag");
    for (std::size_t i = 0; i < topics.size(); ++i) tags.bind(static_cast<int>(i + 1), topics[i]);
    while (tags.executeStep()) {
        auto found = position.find(tags.getColumn(0).getString());
        if (found == position.end()) continue;
        MentorCandidate& mentor = mentors[found->second];
        (tags.getColumn(1).getString() == "topic" ? mentor.topics : mentor.skills).push_back(tags.getColumn(2).getString());
    }
    return mentors;
}

std::optional<int> MentorPoolStore::level_of(const std::string& member_id) {
    auto& query = database_.prepare("SELECT level FROM members WHERE id = ?");
    query.bind(1, member_id);
    std::optional<int> level;
    if (query.executeStep() && !query.getColumn(0).isNull()) level = query.getColumn(0).getInt();
    query.reset();
    return level;
}

}  // namespace mentorbot

// Pick lists read from SQLite: each row becomes an id and a line naming the other person and the topic.
#include "storage/pick_lists.h"

namespace mentorbot {

namespace {

// Runs `sql` with :member and :limit bound; columns: value, topic, kind, other person's name, status.
std::vector<PickItem> read_items(Database& database, const std::string& sql, const std::string& member,
                                 std::size_t limit, const char* relation) {
    auto& query = database.prepare(sql);
    query.bind(":member", member);
    query.bind(":limit", static_cast<int64_t>(limit));
    std::vector<PickItem> items;
    while (query.executeStep()) {
        PickItem item;
        item.value = query.getColumn(0).getString();
        std::string other = query.getColumn(3).getString();
        item.label = "#" + item.value + " " + query.getColumn(1).getString() + " (" + query.getColumn(2).getString() +
                     ")";
        if (!other.empty()) item.label += std::string(", ") + relation + " " + other;
        items.push_back(std::move(item));
    }
    query.reset();
    return items;
}

// The other person's name as the member reads it; a forgotten one is "a former member".
constexpr const char* name_of_other = "COALESCE(NULLIF(o.display_name, ''), 'a former member')";

// Requests `where` holds for (on r, with s its session if any), named by who asked unless
// that is the member.
std::vector<PickItem> requests_where(Database& database, const std::string& where, const std::string& member,
                                     std::size_t limit) {
    return read_items(database,
                      std::string("SELECT r.id, r.topic, r.kind, CASE WHEN r.requester_id = :member THEN '' ELSE ") +
                          name_of_other +
                          " END FROM requests r LEFT JOIN sessions s ON s.request_id = r.id"
                          " LEFT JOIN members o ON o.id = r.requester_id WHERE " +
                          where + " ORDER BY r.id DESC LIMIT :limit",
                      member, limit, "asked by");
}

}  // namespace

std::vector<PickItem> requests_offered_to(Database& database, const std::string& member, std::size_t limit,
                                          LapsedOffers lapsed) {
    const std::string offered = "(r.status = 'offered' AND r.candidate_id = :member)";
    // The same rule /flash accept applies to a late yes: the request is still open and the
    // member's offer of it lapsed without an answer.
    const std::string lapsed_here =
        " OR (r.status IN ('queued', 'offered') AND r.candidate_id IS NOT :member AND EXISTS (SELECT 1 FROM "
        "request_declines d WHERE d.request_id = r.id AND d.mentor_id = :member AND d.silent = 1))";
    return read_items(database,
                      std::string("SELECT r.id, r.topic, r.kind, ") + name_of_other +
                          " FROM requests r LEFT JOIN members o ON o.id = r.requester_id WHERE " + offered +
                          (lapsed == LapsedOffers::included ? lapsed_here : "") + " ORDER BY r.id DESC LIMIT :limit",
                      member, limit, "from");
}

std::vector<PickItem> cancellable_requests_of(Database& database, const std::string& member, std::size_t limit) {
    return requests_where(database,
                          "(r.requester_id = :member AND r.status IN ('new', 'offered', 'queued', 'accepted'))"
                          " OR (s.mentor_id = :member AND r.status = 'accepted' AND s.status <> 'done')",
                          member, limit);
}

std::vector<PickItem> requests_involving(Database& database, const std::string& member, std::size_t limit) {
    return requests_where(database, "r.requester_id = :member OR r.candidate_id = :member OR s.mentor_id = :member",
                          member, limit);
}

std::vector<PickItem> accepted_requests_of(Database& database, const std::string& member, std::size_t limit) {
    return read_items(database,
                      std::string("SELECT r.id, s.topic, s.kind, ") + name_of_other +
                          " FROM sessions s JOIN requests r ON r.id = s.request_id"
                          " LEFT JOIN members o ON o.id = CASE WHEN s.mentor_id = :member THEN s.mentee_id"
                          "                                   ELSE s.mentor_id END"
                          " WHERE (s.mentor_id = :member OR s.mentee_id = :member) AND r.status = 'accepted'"
                          " ORDER BY r.id DESC LIMIT :limit",
                      member, limit, "with");
}

std::vector<PickItem> sessions_to_rate_by(Database& database, const std::string& member, std::size_t limit) {
    return read_items(database,
                      std::string("SELECT s.id, s.topic, s.kind, ") + name_of_other +
                          " FROM sessions s"
                          " LEFT JOIN members o ON o.id = CASE WHEN s.mentor_id = :member THEN s.mentee_id"
                          "                                   ELSE s.mentor_id END"
                          " WHERE (s.mentor_id = :member OR s.mentee_id = :member)"
                          "   AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.session_id = s.id"
                          "                   AND f.from_id = :member AND f.round = s.feedback_round)"
                          " ORDER BY s.id DESC LIMIT :limit",
                      member, limit, "with");
}

std::vector<PickItem> pods_of(Database& database, const std::string& member, std::size_t limit) {
    auto& query = database.prepare(
        "SELECT p.name, COALESCE(p.topic, ''), p.kind FROM pods p JOIN pod_members m ON m.pod_id = p.id"
        " WHERE m.member_id = :member AND p.archived_at IS NULL ORDER BY p.name LIMIT :limit");
    query.bind(":member", member);
    query.bind(":limit", static_cast<int64_t>(limit));
    std::vector<PickItem> items;
    while (query.executeStep()) {
        const std::string topic = query.getColumn(1).getString();
        items.push_back({query.getColumn(0).getString(), query.getColumn(0).getString() + " (" +
                                                             (topic.empty() ? "" : topic + ", ") +
                                                             query.getColumn(2).getString() + ")"});
    }
    query.reset();
    return items;
}

}  // namespace mentorbot

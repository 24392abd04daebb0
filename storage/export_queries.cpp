// The statements the export runs, one per program table, and the member ids it checks free text against.
#include "storage/export_queries.h"

namespace mentorbot {

const std::vector<ExportedTable>& exported_tables() {
    static const std::vector<ExportedTable> tables = {
        {"members",
         "SELECT m.id, m.display_name, m.level, m.department, m.time_zone, m.location, m.started_on, "
         "(SELECT group_concat(tag, ';') FROM (SELECT tag FROM member_tags WHERE member_id = m.id AND kind = 'skill' ORDER BY rowid)) AS skills, "
         "(SELECT group_concat(tag, ';') FROM (SELECT tag FROM member_tags WHERE member_id = m.id AND kind = 'goal' ORDER BY rowid)) AS goals, "
         "(SELECT group_concat(tag, ';') FROM (SELECT tag FROM member_tags WHERE member_id = m.id AND kind = 'topic' ORDER BY rowid)) AS mentor_topics, "
         "m.created_at, m.updated_at, m.bio FROM members m ORDER BY m.id"},
        {"mentor_offers", "SELECT * FROM mentor_offers ORDER BY member_id"},
        // Matching explanations are left out: they name the people who were considered,
        // including people who have since asked to be forgotten.
        {"requests",
         "SELECT id, requester_id, kind, topic, minutes, note, when_at, status, candidate_id, offered_at, "
         "candidates_tried, created_at, accepted_at, closed_at, preferred_mentor, preferred_only, manual_match "
         "FROM requests ORDER BY id"},
        // A decline reason is the mentor's own words: gone with the mentor.
        {"request_declines",
         "SELECT request_id, mentor_id, CASE WHEN EXISTS (SELECT 1 FROM members WHERE id = mentor_id) THEN reason END "
         "AS reason, declined_at FROM request_declines ORDER BY request_id, mentor_id"},
        {"sessions", "SELECT * FROM sessions ORDER BY id"},
        {"feedback", "SELECT * FROM feedback ORDER BY id"},
        {"peer_feedback", "SELECT * FROM peer_feedback ORDER BY id"},
        {"pods", "SELECT * FROM pods ORDER BY id"},
        {"pod_members", "SELECT * FROM pod_members ORDER BY pod_id, joined_at, member_id"},
        {"pod_waitlist", "SELECT * FROM pod_waitlist ORDER BY pod_id, queued_at, member_id"},
        {"pod_pools", "SELECT * FROM pod_pools ORDER BY id"},
        {"pod_signups", "SELECT * FROM pod_signups ORDER BY pool_id, member_id"},
        {"pod_checkins", "SELECT * FROM pod_checkins ORDER BY id"},
        {"pod_attendance", "SELECT * FROM pod_attendance ORDER BY id"},
        {"announcements", "SELECT * FROM announcements ORDER BY id"},
        {"tag_aliases", "SELECT * FROM tag_aliases ORDER BY alias"},
    };
    return tables;
}

std::vector<std::string> current_member_ids(Database& database) {
    std::vector<std::string> ids;
    SQLite::Statement query(database.connection(), "SELECT id FROM members");
    while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
    return ids;
}

}  // namespace mentorbot

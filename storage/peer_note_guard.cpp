// Peer-note counts and mutes in SQLite.
#include "storage/peer_note_guard.h"

namespace mentorbot {

int PeerNoteGuard::sent_since(const std::string& from_id, long long since) {
    auto& query = database_.prepare("SELECT COUNT(*) FROM peer_feedback WHERE from_id = ? AND created_at > ?");
    query.bind(1, from_id);
    query.bind(2, static_cast<int64_t>(since));
    query.executeStep();
    return query.getColumn(0).getInt();
}

void PeerNoteGuard::mute(const std::string& member_id, const std::string& muted_id, long long now) {
    auto& insert = database_.prepare(
        "INSERT OR IGNORE INTO peer_note_mutes (member_id, muted_id, created_at) VALUES (?, ?, ?)");
    insert.bind(1, member_id);
    insert.bind(2, muted_id);
    insert.bind(3, static_cast<int64_t>(now));
    insert.exec();
}

bool PeerNoteGuard::unmute(const std::string& member_id, const std::string& muted_id) {
    auto& remove = database_.prepare("DELETE FROM peer_note_mutes WHERE member_id = ? AND muted_id = ?");
    remove.bind(1, member_id);
    remove.bind(2, muted_id);
    remove.exec();
    return database_.changes() > 0;
}

bool PeerNoteGuard::is_muted(const std::string& member_id, const std::string& sender_id) {
    auto& query = database_.prepare(
        "SELECT 1 FROM peer_note_mutes WHERE member_id = ? AND muted_id IN (?, '*') LIMIT 1");
    query.bind(1, member_id);
    query.bind(2, sender_id);
    return query.executeStep();
}

}  // namespace mentorbot

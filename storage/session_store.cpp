// Sessions in SQLite.
#include "storage/session_store.h"

#include <algorithm>

namespace mentorbot {

namespace {

const char* session_columns =
    "id, request_id, mentor_id, mentee_id, kind, topic, starts_at, minutes, rhythm_days, meetings, status, created_at, "
    "feedback_round";

Session read_session(SQLite::Statement& query) {
    Session session;
    session.id = query.getColumn(0).getInt64();
    session.request_id = query.getColumn(1).isNull() ? 0 : query.getColumn(1).getInt64();
    session.mentor_id = query.getColumn(2).isNull() ? "" : query.getColumn(2).getString();
    session.mentee_id = query.getColumn(3).isNull() ? "" : query.getColumn(3).getString();
    session.kind = query.getColumn(4).getString();
    session.topic = query.getColumn(5).getString();
    if (!query.getColumn(6).isNull()) session.starts_at = query.getColumn(6).getInt64();
    session.minutes = query.getColumn(7).getInt();
    if (!query.getColumn(8).isNull()) session.rhythm_days = query.getColumn(8).getInt();
    session.meetings = query.getColumn(9).getInt();
    session.status = query.getColumn(10).getString();
    session.created_at = query.getColumn(11).getInt64();
    session.feedback_round = query.getColumn(12).getInt();
    return session;
}

}  // namespace

long long SessionStore::create(const Session& session) {
    auto& insert = database_.prepare(
        "INSERT INTO sessions (request_id, mentor_id, mentee_id, kind, topic, starts_at, minutes, rhythm_days, "
        "meetings, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)");
    insert.bind(1, static_cast<int64_t>(session.request_id));
    insert.bind(2, session.mentor_id);
    insert.bind(3, session.mentee_id);
    insert.bind(4, session.kind);
    insert.bind(5, session.topic);
    if (session.starts_at) insert.bind(6, static_cast<int64_t>(*session.starts_at));
    else insert.bind(6);
    insert.bind(7, session.minutes);
    if (session.rhythm_days) insert.bind(8, *session.rhythm_days);
    else insert.bind(8);
    insert.bind(9, session.status);
    insert.bind(10, static_cast<int64_t>(session.created_at));
    insert.exec();
    return database_.last_insert_id();
}

std::optional<Session> SessionStore::find(long long id) {
    auto& query = database_.prepare(std::string("SELECT ") + session_columns + " FROM sessions WHERE id = ?");
    query.bind(1, static_cast<int64_t>(id));
    if (!query.executeStep()) return std::nullopt;
    Session session = read_session(query);
    query.reset();
    return session;
}

std::optional<Session> SessionStore::for_request(long long request_id) {
    auto& query = database_.prepare(std::string("SELECT ") + session_columns + " FROM sessions WHERE request_id = ?");
    query.bind(1, static_cast<int64_t>(request_id));
    if (!query.executeStep()) return std::nullopt;
    Session session = read_session(query);
    query.reset();
    return session;
}

bool SessionStore::complete(long long id, long long now) {
    auto& update = database_.prepare(
        "UPDATE sessions SET status = 'done', completed_at = COALESCE(completed_at, ?) WHERE id = ? AND status != "
        "'done'");
    update.bind(1, static_cast<int64_t>(now));
    update.bind(2, static_cast<int64_t>(id));
    return update.exec() == 1;
}

void SessionStore::record_happened(long long id, long long now) {
    auto& update = database_.prepare(
        "UPDATE sessions SET outcome = 'happened', completed_at = COALESCE(completed_at, ?) WHERE id = ? AND status = "
        "'scheduled'");
    update.bind(1, static_cast<int64_t>(now));
    update.bind(2, static_cast<int64_t>(id));
    update.exec();
}

void SessionStore::remove(long long id) {
    auto& remove = database_.prepare("DELETE FROM sessions WHERE id = ?");
    remove.bind(1, static_cast<int64_t>(id));
    remove.exec();
}

int SessionStore::open_feedback_round(long long id) {
    auto& update = database_.prepare("UPDATE sessions SET feedback_round = feedback_round + 1 WHERE id = ?");
    update.bind(1, static_cast<int64_t>(id));
    update.exec();
    auto& query = database_.prepare("SELECT feedback_round FROM sessions WHERE id = ?");
    query.bind(1, static_cast<int64_t>(id));
    query.executeStep();
    const int round = query.getColumn(0).getInt();
    query.reset();
    return round;
}

int SessionStore::count_meeting(long long id) {
    auto& update = database_.prepare("UPDATE sessions SET meetings = meetings + 1 WHERE id = ?");
    update.bind(1, static_cast<int64_t>(id));
    update.exec();
    auto& query = database_.prepare("SELECT meetings FROM sessions WHERE id = ?");
    query.bind(1, static_cast<int64_t>(id));
    query.executeStep();
    const int meetings = query.getColumn(0).getInt();
    query.reset();
    return meetings;
}

void SessionStore::note_matched(const std::string& mentor_id, long long now) {
    auto& update = database_.prepare("UPDATE mentor_offers SET last_matched_at = ? WHERE member_id = ?");
    update.bind(1, static_cast<int64_t>(now));
    update.bind(2, mentor_id);
    update.exec();
}

std::unordered_map<std::string, long long> SessionStore::last_met(const std::string& member_id) {
    // The latest per person is taken here: a GROUP BY would build a temporary b-tree
    // for the few sessions one member has.
    auto& query = database_.prepare(
        "SELECT CASE WHEN mentor_id = ?1 THEN mentee_id ELSE mentor_id END, COALESCE(starts_at, created_at) "
        "FROM sessions WHERE (mentor_id = ?1 OR mentee_id = ?1) AND mentor_id IS NOT NULL AND mentee_id IS NOT NULL");
    query.bind(1, member_id);
    std::unordered_map<std::string, long long> met;
    while (query.executeStep()) {
        const long long at = query.getColumn(1).getInt64();
        auto [entry, added] = met.emplace(query.getColumn(0).getString(), at);
        if (!added) entry->second = std::max(entry->second, at);
    }
    return met;
}

std::unordered_set<std::string> SessionStore::rated_badly_with(const std::string& member_id) {
    auto& query = database_.prepare(
        // No DISTINCT: the set drops repeats without a temporary b-tree.
        "SELECT CASE WHEN s.mentor_id = ?1 THEN s.mentee_id ELSE s.mentor_id END FROM sessions s "
        "JOIN feedback f ON f.session_id = s.id "
        "WHERE (s.mentor_id = ?1 OR s.mentee_id = ?1) AND f.rating <= 2 "
        "AND s.mentor_id IS NOT NULL AND s.mentee_id IS NOT NULL");
    query.bind(1, member_id);
    std::unordered_set<std::string> people;
    while (query.executeStep()) people.insert(query.getColumn(0).getString());
    return people;
}

}  // namespace mentorbot

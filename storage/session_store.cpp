// Sessions in SQLite.
#include "storage/session_store.h"

#include <algorithm>

namespace mentorbot {

namespace {

const char* session_columns =
    "id, request_id, mentor_id, mentee_id, kind, topic, starts_at, minutes, rhythm_days, meetings, status, created_at, "
    "completed_at, outcome, outcome_by, proposed_starts_at, proposed_by, first_starts_at, feedback_round";

std::string text_or_empty(SQLite::Statement& query, int column) {
    return query.getColumn(column).isNull() ? "" : query.getColumn(column).getString();
}

std::optional<long long> optional_integer(SQLite::Statement& query, int column) {
    if (query.getColumn(column).isNull()) return std::nullopt;
    return query.getColumn(column).getInt64();
}

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
    session.completed_at = optional_integer(query, 12);
    session.outcome = text_or_empty(query, 13);
    session.outcome_by = text_or_empty(query, 14);
    session.proposed_starts_at = optional_integer(query, 15);
    session.proposed_by = text_or_empty(query, 16);
    session.first_starts_at = optional_integer(query, 17);
    session.feedback_round = query.getColumn(18).getInt();
    return session;
}

}  // namespace

std::string Session::side_of(const std::string& member_id) const {
    if (member_id.empty()) return {};
    if (member_id == mentor_id) return "mentor";
    if (member_id == mentee_id) return "mentee";
    return {};
}

std::string Session::other_than(const std::string& member_id) const {
    return member_id == mentor_id ? mentee_id : mentor_id;
}

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

bool SessionStore::record_outcome(long long id, const std::string& outcome, const std::string& side, long long now) {
    auto& update = database_.prepare(
        "UPDATE sessions SET outcome = ?1, outcome_by = ?2, outcome_at = ?3, completed_at = CASE WHEN ?1 = "
        "'happened' THEN COALESCE(completed_at, ?3) ELSE completed_at END WHERE id = ?4 AND outcome IS NULL");
    update.bind(1, outcome);
    update.bind(2, side);
    update.bind(3, static_cast<int64_t>(now));
    update.bind(4, static_cast<int64_t>(id));
    return update.exec() == 1;
}

void SessionStore::propose_slot(long long id, long long starts_at, const std::string& side) {
    auto& update = database_.prepare("UPDATE sessions SET proposed_starts_at = ?, proposed_by = ? WHERE id = ?");
    update.bind(1, static_cast<int64_t>(starts_at));
    update.bind(2, side);
    update.bind(3, static_cast<int64_t>(id));
    update.exec();
}

void SessionStore::withdraw_proposal(long long id) {
    auto& update = database_.prepare("UPDATE sessions SET proposed_starts_at = NULL, proposed_by = NULL WHERE id = ?");
    update.bind(1, static_cast<int64_t>(id));
    update.exec();
}

bool SessionStore::move_to_proposed(long long id, long long proposed_starts_at) {
    auto& update = database_.prepare(
        "UPDATE sessions SET first_starts_at = COALESCE(first_starts_at, starts_at), starts_at = proposed_starts_at, "
        "proposed_starts_at = NULL, proposed_by = NULL, "
        "outcome_by = CASE WHEN outcome = 'moved' THEN NULL ELSE outcome_by END, "
        "outcome_at = CASE WHEN outcome = 'moved' THEN NULL ELSE outcome_at END, "
        "outcome = CASE WHEN outcome = 'moved' THEN NULL ELSE outcome END "
        "WHERE id = ? AND proposed_starts_at = ?");
    update.bind(1, static_cast<int64_t>(id));
    update.bind(2, static_cast<int64_t>(proposed_starts_at));
    return update.exec() == 1;
}

bool SessionStore::is_not_yet_held(const Session& session, long long now) {
    if (session.is(SessionStatus::done) || !session.outcome.empty() || session.meetings > 0) return false;
    return !session.starts_at || *session.starts_at > now;
}

std::vector<Session> SessionStore::not_yet_held(const std::string& member_id, bool as_mentor, long long now,
                                                std::optional<long long> starting_before) {
    auto& query = database_.prepare(std::string("SELECT ") + session_columns + " FROM sessions WHERE " +
                                    (as_mentor ? "mentor_id" : "mentee_id") +
                                    " = ? AND status != 'done' AND request_id IS NOT NULL ORDER BY id");
    query.bind(1, member_id);
    std::vector<Session> sessions;
    while (query.executeStep()) {
        Session session = read_session(query);
        if (!is_not_yet_held(session, now)) continue;
        if (starting_before && session.starts_at && *session.starts_at >= *starting_before) continue;
        sessions.push_back(std::move(session));
    }
    return sessions;
}

std::vector<Session> SessionStore::ongoing_pairings(const std::string& member_id) {
    auto& query = database_.prepare(
        std::string("SELECT ") + session_columns +
        " FROM sessions WHERE (mentor_id = ?1 OR mentee_id = ?1) AND rhythm_days IS NOT NULL"
        " AND status = 'active' AND request_id IS NOT NULL ORDER BY id");
    query.bind(1, member_id);
    std::vector<Session> sessions;
    while (query.executeStep()) sessions.push_back(read_session(query));
    return sessions;
}

std::vector<std::pair<long long, long long>> SessionStore::booked_from(const std::string& member_id, long long from) {
    auto& query = database_.prepare(
        "SELECT starts_at, starts_at + minutes * 60 FROM sessions WHERE (mentor_id = ?1 OR mentee_id = ?1) "
        "AND starts_at IS NOT NULL AND starts_at + minutes * 60 > ?2 AND status != 'done'");
    query.bind(1, member_id);
    query.bind(2, static_cast<int64_t>(from));
    std::vector<std::pair<long long, long long>> booked;
    while (query.executeStep()) booked.emplace_back(query.getColumn(0).getInt64(), query.getColumn(1).getInt64());
    return booked;
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

void SessionStore::record_meeting_held(long long id, long long now) {
    auto& update = database_.prepare(
        "UPDATE sessions SET last_met_at = ?, quiet_check_ins = 0, quiet_nudged = 0 WHERE id = ?");
    update.bind(1, static_cast<int64_t>(now));
    update.bind(2, static_cast<int64_t>(id));
    update.exec();
}

SessionStore::QuietStretch SessionStore::note_check_in(long long id, long long now, bool judged) {
    auto& query = database_.prepare(
        "SELECT last_check_in_at IS NOT NULL AND (last_met_at IS NULL OR last_met_at < last_check_in_at), "
        "quiet_check_ins, quiet_nudged FROM sessions WHERE id = ?");
    query.bind(1, static_cast<int64_t>(id));
    QuietStretch stretch;
    bool nudged = false;
    if (query.executeStep()) {
        const bool missed = judged && query.getColumn(0).getInt() != 0;
        stretch.check_ins = missed ? query.getColumn(1).getInt() + 1 : 0;
        nudged = stretch.check_ins > 0 && query.getColumn(2).getInt() != 0;
    }
    query.reset();
    stretch.nudge = stretch.check_ins >= 2 && !nudged;
    auto& update = database_.prepare(
        "UPDATE sessions SET last_check_in_at = ?, quiet_check_ins = ?, quiet_nudged = ? WHERE id = ?");
    update.bind(1, static_cast<int64_t>(now));
    update.bind(2, stretch.check_ins);
    update.bind(3, nudged || stretch.nudge ? 1 : 0);
    update.bind(4, static_cast<int64_t>(id));
    update.exec();
    return stretch;
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

// Feedback tables in SQLite.
#include "storage/feedback_store.h"

namespace mentorbot {

std::optional<SessionFeedback> FeedbackStore::find(long long session_id, const std::string& from_id, int round) {
    auto& query = database_.prepare("SELECT id, about_id, rating, goal, comment, created_at, updated_at FROM feedback "
                                    "WHERE session_id = ? AND from_id = ? AND round = ?");
    query.bind(1, static_cast<int64_t>(session_id));
    query.bind(2, from_id);
    query.bind(3, round);
    if (!query.executeStep()) return std::nullopt;
    SessionFeedback feedback;
    feedback.id = query.getColumn(0).getInt64();
    feedback.session_id = session_id;
    feedback.round = round;
    feedback.from_id = from_id;
    feedback.about_id = query.getColumn(1).isNull() ? "" : query.getColumn(1).getString();
    feedback.rating = query.getColumn(2).getInt();
    feedback.goal = query.getColumn(3).isNull() ? "" : query.getColumn(3).getString();
    feedback.comment = query.getColumn(4).isNull() ? "" : query.getColumn(4).getString();
    feedback.created_at = query.getColumn(5).getInt64();
    feedback.updated_at = query.getColumn(6).getInt64();
    query.reset();
    return feedback;
}

void FeedbackStore::save(const SessionFeedback& feedback) {
    auto& upsert = database_.prepare(
        "INSERT INTO feedback (session_id, from_id, about_id, rating, goal, comment, created_at, updated_at, round) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(session_id, from_id, round) WHERE from_id IS NOT NULL DO "
        "UPDATE SET "
        "rating = excluded.rating, goal = excluded.goal, comment = excluded.comment, updated_at = excluded.updated_at");
    upsert.bind(1, static_cast<int64_t>(feedback.session_id));
    upsert.bind(2, feedback.from_id);
    upsert.bind(3, feedback.about_id);
    upsert.bind(4, feedback.rating);
    if (feedback.goal.empty()) upsert.bind(5);
    else upsert.bind(5, feedback.goal);
    if (feedback.comment.empty()) upsert.bind(6);
    else upsert.bind(6, feedback.comment);
    upsert.bind(7, static_cast<int64_t>(feedback.created_at));
    upsert.bind(8, static_cast<int64_t>(feedback.updated_at));
    upsert.bind(9, feedback.round);
    upsert.exec();
}

MentorFeedbackSummary FeedbackStore::about_mentor(const std::string& mentor_id, int comments) {
    MentorFeedbackSummary summary;
    {
        auto& query = database_.prepare(
            "SELECT COUNT(*), AVG(f.rating), SUM(f.goal = 'met'), SUM(f.goal = 'partly'), SUM(f.goal = 'not') "
            "FROM feedback f JOIN sessions s ON s.id = f.session_id "
            "WHERE s.mentor_id = ?1 AND f.about_id = ?1");
        query.bind(1, mentor_id);
        query.executeStep();
        summary.sessions_rated = query.getColumn(0).getInt();
        if (summary.sessions_rated > 0) {
            summary.average_rating = query.getColumn(1).getDouble();
            summary.goals_met = query.getColumn(2).getInt();
            summary.goals_partly = query.getColumn(3).getInt();
            summary.goals_not = query.getColumn(4).getInt();
        }
        query.reset();
    }
    auto& recent = database_.prepare(
        "SELECT f.comment FROM feedback f JOIN sessions s ON s.id = f.session_id "
        "WHERE s.mentor_id = ?1 AND f.about_id = ?1 AND f.comment IS NOT NULL AND f.comment != '' "
        "ORDER BY f.updated_at DESC, f.id DESC LIMIT ?2");
    recent.bind(1, mentor_id);
    recent.bind(2, comments);
    while (recent.executeStep()) summary.recent_comments.push_back(recent.getColumn(0).getString());
    return summary;
}

int FeedbackStore::given_by(const std::string& member_id) {
    auto& query = database_.prepare("SELECT COUNT(*) FROM feedback WHERE from_id = ?");
    query.bind(1, member_id);
    query.executeStep();
    const int count = query.getColumn(0).getInt();
    query.reset();
    return count;
}

long long FeedbackStore::add_peer_note(const std::string& from_id, const std::string& to_id,
                                       std::optional<long long> pod_id, const std::string& note, long long now) {
    auto& insert = database_.prepare(
        "INSERT INTO peer_feedback (from_id, to_id, pod_id, note, created_at) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, from_id);
    insert.bind(2, to_id);
    if (pod_id) insert.bind(3, static_cast<int64_t>(*pod_id));
    else insert.bind(3);
    insert.bind(4, note);
    insert.bind(5, static_cast<int64_t>(now));
    insert.exec();
    return database_.last_insert_id();
}

int FeedbackStore::peer_notes_received(const std::string& member_id) {
    auto& query = database_.prepare("SELECT COUNT(*) FROM peer_feedback WHERE to_id = ?");
    query.bind(1, member_id);
    query.executeStep();
    const int count = query.getColumn(0).getInt();
    query.reset();
    return count;
}

std::vector<std::string> FeedbackStore::recent_peer_notes(const std::string& member_id, int limit) {
    auto& query = database_.prepare(
        "SELECT note FROM peer_feedback WHERE to_id = ? AND note IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT ?");
    query.bind(1, member_id);
    query.bind(2, limit);
    std::vector<std::string> notes;
    while (query.executeStep()) notes.push_back(query.getColumn(0).getString());
    return notes;
}

}  // namespace mentorbot

// Session feedback (structured) and peer feedback (informal notes) in SQLite.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/matching.h"
#include "storage/database.h"

namespace mentorbot {

struct SessionFeedback {
    long long id = 0;
    long long session_id = 0;
    int round = 0;  // the session's feedback round it belongs to (long-term pairings rate each round)
    std::string from_id;
    std::string about_id;
    int rating = 0;
    std::string goal;  // met, partly, not; empty when not given
    std::string comment;
    long long created_at = 0;
    long long updated_at = 0;
};

// A mentor's own figures: what they may see about the feedback they received.
struct MentorFeedbackSummary {
    int sessions_rated = 0;
    double average_rating = 0;
    int goals_met = 0;
    int goals_partly = 0;
    int goals_not = 0;
    std::vector<std::string> recent_comments;  // newest first, without who wrote them
};

class FeedbackStore {
public:
    explicit FeedbackStore(Database& database) : database_(database) {}

    // The person's feedback on the session in `round` (0: a one-off session's only round).
    std::optional<SessionFeedback> find(long long session_id, const std::string& from_id, int round = 0);
    // Inserts, or replaces the earlier feedback of the same person on the same session and round.
    void save(const SessionFeedback& feedback);
    MentorFeedbackSummary about_mentor(const std::string& mentor_id, int comments);
    int given_by(const std::string& member_id);

    long long add_peer_note(const std::string& from_id, const std::string& to_id, std::optional<long long> pod_id,
                            const std::string& note, long long now);
    int peer_notes_received(const std::string& member_id);
    std::vector<std::string> recent_peer_notes(const std::string& member_id, int limit);

private:
    Database& database_;
};

}  // namespace mentorbot

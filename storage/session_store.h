// Sessions (accepted requests) and what they say about who met whom.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "storage/database.h"
#include "storage/statuses.h"

namespace mentorbot {

struct Session {
    long long id = 0;
    long long request_id = 0;
    std::string mentor_id;
    std::string mentee_id;
    std::string kind;
    std::string topic;
    std::optional<long long> starts_at;
    int minutes = 30;
    std::optional<int> rhythm_days;  // long-term pairings only
    int meetings = 0;
    // A long-term pairing's current feedback round: each round (every third meeting) is
    // rated anew. 0 until the first round; one-off sessions stay at 0.
    int feedback_round = 0;
    std::string status;  // the stored text of a SessionStatus
    long long created_at = 0;

    bool is(SessionStatus wanted) const { return status == status_name(wanted); }
};

class SessionStore {
public:
    explicit SessionStore(Database& database) : database_(database) {}

    long long create(const Session& session);
    std::optional<Session> find(long long id);
    std::optional<Session> for_request(long long request_id);
    // Completes the session unless it already is; false when it was done before.
    bool complete(long long id, long long now);
    // A one-off session was rated, so it happened: it counts as completed from now on (a
    // long-term pairing completes only when it ends). Its status stays as it was, so the
    // other side is still asked for feedback.
    void record_happened(long long id, long long now);
    // Counts one more long-term meeting; returns the new count.
    int count_meeting(long long id);
    // Starts the next feedback round of a long-term pairing; returns its number.
    int open_feedback_round(long long id);
    // Deletes a session that will not happen, so it no longer counts towards the mentor's week.
    void remove(long long id);
    void note_matched(const std::string& mentor_id, long long now);

    // The member's partners and when they last had a session together.
    std::unordered_map<std::string, long long> last_met(const std::string& member_id);
    // People with whom the member had a session that either side rated 1 or 2.
    std::unordered_set<std::string> rated_badly_with(const std::string& member_id);

private:
    Database& database_;
};

}  // namespace mentorbot

// Sessions (accepted requests) and what they say about who met whom.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

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
    std::optional<long long> completed_at;
    std::string outcome;     // the answer to "did it happen?": happened, no-show, moved; empty when none
    std::string outcome_by;  // the side that answered: mentor or mentee
    std::optional<long long> proposed_starts_at;  // a new time one side proposed, waiting for the other
    std::string proposed_by;                      // mentor or mentee
    std::optional<long long> first_starts_at;     // the slot first agreed, once the session was moved

    bool is(SessionStatus wanted) const { return status == status_name(wanted); }
    bool one_off() const { return !rhythm_days.has_value(); }
    // The side ("mentor" or "mentee") a member is on; empty when they are in neither.
    std::string side_of(const std::string& member_id) const;
    // The other person of the session, by member id.
    std::string other_than(const std::string& member_id) const;
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
    // Records the first answer to "did it happen?" (happened, no-show, moved) from one side;
    // false when the session was answered before, whose answer stands. "happened" counts
    // the session completed.
    bool record_outcome(long long id, const std::string& outcome, const std::string& side, long long now);
    // Keeps a new time one side proposed until the other confirms or declines it.
    void propose_slot(long long id, long long starts_at, const std::string& side);
    void withdraw_proposal(long long id);
    // The proposed time becomes the slot (the first slot is remembered); a "we moved it"
    // answer is cleared, so the new slot gets its own outcome. False when the proposal
    // changed meanwhile.
    bool move_to_proposed(long long id, long long proposed_starts_at);
    // Counts one more long-term meeting; returns the new count.
    int count_meeting(long long id);
    // A long-term pair's meeting took place (an answer or a rating): a quiet stretch ends.
    void record_meeting_held(long long id, long long now);
    // A long-term check-in: how many check-ins in a row found no meeting recorded since the
    // check-in before, and whether this check-in brings the stretch's one nudge (from the
    // second such check-in). `judged`: there was a check-in before, whose ask could have
    // been answered.
    struct QuietStretch {
        int check_ins = 0;
        bool nudge = false;
    };
    QuietStretch note_check_in(long long id, long long now, bool judged);
    // The member's sessions that have not been held yet: their slot is still ahead (or was
    // never found), nothing says they happened, and no long-term meeting has been counted.
    // As mentor or as mentee. With `starting_before`, only those whose slot is before it.
    // When `member_id` meets in sessions (either side) starting at or after `from`: start and end, Unix seconds.
    std::vector<std::pair<long long, long long>> booked_from(const std::string& member_id, long long from);
    std::vector<Session> not_yet_held(const std::string& member_id, bool as_mentor, long long now,
                                      std::optional<long long> starting_before = std::nullopt);
    // The member's long-term pairings that go on (either side), oldest first.
    std::vector<Session> ongoing_pairings(const std::string& member_id);
    // Whether the session has not been held yet, by the rule above.
    static bool is_not_yet_held(const Session& session, long long now);
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

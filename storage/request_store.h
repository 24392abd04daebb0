// Flash mentoring requests and the mentors who declined them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/matching.h"
#include "storage/database.h"
#include "storage/statuses.h"

namespace mentorbot {

// Where a request stands: offered to a candidate, queued (nobody fits or three said no),
// accepted (a session exists), done, or cancelled.
struct FlashRequest {
    long long id = 0;
    std::string requester_id;  // empty once the requester was forgotten
    std::string kind = "flash";
    std::string topic;
    int minutes = 30;
    std::string note;
    std::optional<long long> when_at;
    std::string status;        // the stored text of a RequestStatus
    std::string candidate_id;  // the mentor offered it now, or who accepted it
    std::optional<long long> offered_at;
    int candidates_tried = 0;
    std::string explanation;         // the plain sentence the requester reads
    std::string explanation_detail;  // JSON: the mentor's sentence and the detailed scoring
    long long created_at = 0;
    std::optional<long long> accepted_at;
    std::optional<long long> closed_at;
    int pass = 0;                         // how many times a waiting request was offered round again
    std::optional<long long> held_until;  // queued for a mentor who starts work then
    std::optional<int> rhythm_days;       // long-term: days between meetings (14 or 28)
    // The mentor it was asked of (`mentor:@ben`) or assigned to by an admin: offered to them
    // first. Empty when none, or once that mentor was forgotten.
    std::string preferred_mentor;
    bool preferred_only = false;  // `only:yes`: nobody else is offered it
    bool manual_match = false;    // an admin assigned it to `preferred_mentor` by hand

    bool is(RequestStatus wanted) const { return status == status_name(wanted); }
};

// A request waiting in the queue, as far as a pass for a few changed mentors looks first.
struct QueuedTopic {
    long long id = 0;
    std::string topic;
    std::string kind;
    std::string requester_id;
    std::optional<int> requester_level;  // none: the requester set no level
    long long created_at = 0;
};

class RequestStore {
public:
    explicit RequestStore(Database& database) : database_(database) {}

    long long create(const FlashRequest& request);
    std::optional<FlashRequest> find(long long id);

    // Each change below applies only while the request is still in the state the caller
    // saw, so two commands racing on one request cannot both win; they return false then.
    bool mark_offered(long long id, const std::string& expected_status, const std::string& candidate_id,
                      int candidates_tried, const std::string& explanation, long long now);
    bool mark_queued(long long id, const std::string& expected_status, int candidates_tried,
                     const std::string& explanation);
    bool mark_accepted(long long id, const std::string& candidate_id, long long now);
    bool close(long long id, const std::string& expected_status, const std::string& status, long long now);
    bool close(long long id, RequestStatus expected_status, RequestStatus status, long long now) {
        return close(id, status_name(expected_status), status_name(status), now);
    }

    // The requester is about to be told the request waits again: true (and the time kept)
    // unless they were told so after `quiet_since` (Unix seconds), when once is enough.
    bool tell_requester_it_waits(long long id, long long now, long long quiet_since);

    // An admin gives a waiting request to a chosen mentor: it is offered to them first, and
    // counts as a manual match. Only while it is still `expected_status`.
    bool assign(long long id, const std::string& expected_status, const std::string& mentor_id);

    // The words of the latest match for the mentor and for /flash why detail:yes.
    void set_explanation_detail(long long id, const std::string& detail);
    // The plain sentence and its detail together, when the match is no longer the ranking's.
    void set_explanation(long long id, const std::string& explanation, const std::string& detail);

    // An explicit no: the mentor is never offered this request again.
    void add_decline(long long id, const std::string& mentor_id, const std::string& reason, long long now);
    // An offer left unanswered: the mentor is skipped for the rest of this pass only.
    void add_silence(long long id, const std::string& mentor_id, long long now);
    // Mentors who said no to the request: never offered it again.
    std::unordered_set<std::string> declined_by(long long id);
    // Mentors who let this pass's offer lapse: skipped until the next pass.
    std::unordered_set<std::string> lapsed_in_this_pass(long long id);
    // Mentors offered at least `limit` requests at or after `since` (Unix seconds): the ones they
    // accepted, declined or let lapse, and the one they hold now. Kept in memory between
    // commands (DayOffersCache).
    std::unordered_set<std::string> offered_at_least(long long since, int limit);
    // Mentors who let an offer of any request lapse at or after `since` (Unix seconds) and have
    // neither accepted nor declined anything since. Kept in memory between commands
    // (DayOffersCache); the set is valid until the next question about offers.
    const std::unordered_set<std::string>& silent_since(long long since);
    // Whether the mentor was offered the request before and let the offer lapse.
    bool lapsed_offer(long long id, const std::string& mentor_id);
    // How many mentors let this pass's offer of the request lapse.
    int lapsed_this_pass(long long id);
    // A new pass over the candidates of a waiting request: the count of mentors tried starts
    // again and silent mentors may be asked again. Returns the request as it now stands.
    std::optional<FlashRequest> start_new_pass(long long id);
    // Queued for the mentor who starts work at `until`; a later trigger may offer it sooner.
    bool mark_held(long long id, const std::string& expected_status, long long until, const std::string& explanation);
    // A mentor whose offer lapsed accepts while the request still waits (queued or offered
    // to someone else): the first yes wins.
    bool mark_accepted_late(long long id, const std::string& expected_status, const std::string& mentor_id,
                            long long now);
    // The mentor can no longer take the request (an offer to them withdrawn, or a session not
    // yet held called off): it waits for a mentor again, with `candidates_tried` and `pass`
    // as given. Only while it is still `expected_status`.
    bool reopen(long long id, const std::string& expected_status, int candidates_tried, int pass);
    // Requests offered to the mentor now, waiting for their answer.
    std::vector<FlashRequest> offered_to(const std::string& mentor_id);
    // The member's own requests that are not closed (new, offered, queued or accepted).
    std::vector<FlashRequest> not_closed_of(const std::string& requester_id);
    // Requests the member asked for that still wait for a mentor (new, offered or queued).
    int open_count(const std::string& requester_id);
    int open_count_on(const std::string& requester_id, const std::string& topic);

    // Requests waiting for a mentor, oldest first.
    std::vector<FlashRequest> queued();
    // The same on one of `topics`, with only what tells whether a mentor could ever take
    // each: its topic and kind, and who asks at which level. Kept in memory between commands
    // (QueuedRequestsCache).
    std::vector<QueuedTopic> queued_topics_on(const std::vector<std::string>& topics);
    // The oldest `limit` requests waiting in the queue whose requester is of `tenant`
    // ("slack:T1", see MemberId::tenant_key), and how many wait there in all.
    std::vector<FlashRequest> queued_in_tenant(const std::string& tenant, int limit);
    int queued_count_in_tenant(const std::string& tenant);
    // Whether any request waits in the queue: the cheap question before a pass over them.
    bool any_queued();
    // Requests that still need a mentor (queued or offered), except `except_id`.
    // As the matcher weighs them (the 100 oldest: they are served first anyway, and they speak for the demand), with
    // each requester's level
    // (`assumed_level` when unknown). Kept in memory between commands (WaitingRequestsCache).
    std::shared_ptr<const std::vector<CompetingRequest>> competing(long long except_id, int assumed_level);
    // Requests the member asked for or was offered, newest first.
    std::vector<FlashRequest> involving(const std::string& member_id, int limit);

private:
    FlashRequest read(SQLite::Statement& query);
    Database& database_;
};

}  // namespace mentorbot

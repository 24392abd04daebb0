// The flash mentoring flow shared by /flash, /mentor and the durable jobs: match, offer, move on, queue, accept.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/reply.h"
#include "config/config.h"
#include "domain/clock.h"
#include "domain/matching.h"
#include "storage/database.h"
#include "storage/mentor_pool_store.h"
#include "storage/request_store.h"

namespace mentorbot {

// What the flow needs: the open transaction's database, settings, the time, and where
// messages for other people go (the caller's outbox list).
// What stays the same while one pass looks at many waiting requests in turn (only offers are
// made meanwhile, which change none of it but the counts of offers): read once for the pass
// instead of per request.
struct WaitingPassMemo {
    std::optional<std::unordered_set<std::string>> resting;  // mentors resting after a lapsed offer
    // Direct messages already queued today for members who had many in the last day; the
    // pass's own offers are counted on top from the flow's outbound list.
    std::optional<std::unordered_map<std::string, int>> busy_today;
};

struct FlashFlow {
    Database& database;
    const Config& config;
    Seconds now;
    std::vector<OutboundMessage>& outbound;
    // Set when a pass over the candidates ended and the request waits for the next one:
    // news its requester always hears, unlike a wait for one mentor's working day.
    bool pass_ended = false;
    // Set by a pass over waiting requests for its duration.
    WaitingPassMemo* memo = nullptr;
};

// Gives the flow a fresh memo for the length of one pass over waiting requests, and puts
// back whatever it had before (also when the pass throws).
class PassMemoScope {
public:
    explicit PassMemoScope(FlashFlow& flow) : flow_(flow), outer_(flow.memo) { flow_.memo = &memo_; }
    ~PassMemoScope() { flow_.memo = outer_; }
    PassMemoScope(const PassMemoScope&) = delete;
    PassMemoScope& operator=(const PassMemoScope&) = delete;

private:
    FlashFlow& flow_;
    WaitingPassMemo memo_;
    WaitingPassMemo* outer_;
};

// A ranking and the mentors it points into.
struct RequestMatch {
    std::shared_ptr<const MentorIndex> mentors;
    MatchResult result;
};

// Ranks mentors for the request as it stands in the database (declines, history, waiting demand).
RequestMatch match_request(FlashFlow& flow, const FlashRequest& request);

// Why `mentor_id` cannot be offered `request` (`mentor:@ben`, or an admin's assign), in the
// words of match explanations ("Ben Okafor is paused"); empty when they may be, now or once
// what keeps them busy today has passed. `assigned`: a lapse in this pass refuses too.
std::string named_mentor_refusal(FlashFlow& flow, const FlashRequest& request, const std::string& mentor_id,
                                 bool assigned = false);

// Offers the request to the best candidate (DM with Accept/Decline and an expiry job), or
// queues it when nobody fits or enough candidates were tried. Returns what to tell the
// requester. With `quiet_when_nobody`, a request that still finds nobody is left as it was.
// `on_a_change` (a mentor offered, resumed or got room): asks whoever fits now even when
// this pass asked its share, and changes nothing when nobody does.
std::string offer_to_next_candidate(FlashFlow& flow, const FlashRequest& request, bool quiet_when_nobody = false,
                                    bool on_a_change = false);

// Offers every queued request to whoever fits it now, within its pass: called when a mentor
// offers, resumes, or gets capacity back (weekly reset, an accept, a cancelled session). The
// requester hears of it only when an offer went out.
// With `changed_mentors`, only the requests on a topic one of them offers: a change of theirs
// brings no mentor to the others, and matching each waiting request costs.
void rematch_queued_requests(FlashFlow& flow, const std::vector<std::string>& changed_mentors = {});
// The same, for callers outside the flow (/mentor offer and resume, the end of a pause).
void rematch_queued_requests(Database& database, const Config& config, Seconds now,
                             std::vector<OutboundMessage>& outbound,
                             const std::vector<std::string>& changed_mentors = {});

// The hourly look at waiting requests: offers them to mentors whose working day began, or
// whose rest after a lapsed offer ended, within the last hour (nothing else announces those).
void sweep_waiting_requests(FlashFlow& flow);

// A held request's retry as its job keeps it: which request, its moment, and whether that
// moment starts a new round of offers (everyone asked in round `pass` stayed silent) rather
// than a mentor's working hours.
struct RequestRetry {
    long long request_id = 0;
    long long due_at = 0;
    bool new_pass = false;
    int pass = 0;
};
// The retry a job's payload describes; nullopt for a payload that is not one.
std::optional<RequestRetry> request_retry_from(std::string_view payload);

// A held request's moment has come: its mentor starts work, or, for a new round, mentors
// who let an offer lapse in the round before may be asked again.
void retry_request(FlashFlow& flow, const RequestRetry& retry);

// A mentor who can no longer take what they hold: the requests offered to them now and
// those whose session with them has not been held yet (with `sessions_before`, only
// sessions starting before it). Read before the mentor's offer, pause or profile changes.
std::vector<long long> requests_held_by(FlashFlow& flow, const std::string& mentor_id,
                                        std::optional<long long> sessions_before = std::nullopt);

// How much went back to matching, for the mentor's own reply.
struct ReleasedRequests {
    int offers = 0;
    int sessions = 0;
    // " 1 offer waiting for your answer and 1 session not yet held went back to matching;
    // the requesters are told." or empty when nothing did.
    std::string describe() const;
};

// The mentor can no longer take these requests (from requests_held_by): each offer is
// withdrawn and each session not yet held is called off, the request waits for another
// mentor and is offered at once where one fits, and the requester is told in plain words.
// `mentor_name` is empty when the mentor asked to be forgotten: they are not named then.
// `excluded_mentor`, when given, is never offered these requests again (their own cancel).
ReleasedRequests release_requests(FlashFlow& flow, const std::vector<long long>& request_ids,
                                  const std::string& mentor_name, const std::string& excluded_mentor = {});

// The requester withdrew (they asked to be forgotten): their open requests close, a
// mentor holding the offer is told it is withdrawn, and a mentor with a session not yet
// held is told it is off. `request_ids` are read before the requester was forgotten.
void withdraw_requests(FlashFlow& flow, const std::vector<long long>& request_ids);

// The ask to rate a session: a menu of the ratings 1–5, each a /feedback line.
Message feedback_request_message(long long session_id, const std::string& topic, const std::string& other_member);

// Where and when a member works: profile zone (UTC when unset) and offer hours (config default otherwise).
WorkingSchedule working_schedule_of(Database& database, const Config& config, const std::string& member_id);

// "Ben Okafor" or the member id when unknown.
std::string display_name_of(Database& database, const std::string& member_id);

}  // namespace mentorbot

// The flash mentoring flow shared by /flash, /mentor and the durable jobs: match, offer, move on, queue, accept.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/reply.h"
#include "config/config.h"
#include "domain/clock.h"
#include "domain/matching.h"
#include "storage/database.h"
#include "storage/request_store.h"

namespace mentorbot {

// What the flow needs: the open transaction's database, settings, the time, and where
// messages for other people go (the caller's outbox list).
struct FlashFlow {
    Database& database;
    const Config& config;
    Seconds now;
    std::vector<OutboundMessage>& outbound;
};

// A ranking and the mentors it points into.
struct RequestMatch {
    std::shared_ptr<const MentorIndex> mentors;
    MatchResult result;
};

// Ranks mentors for the request as it stands in the database (declines, history, waiting demand).
RequestMatch match_request(FlashFlow& flow, const FlashRequest& request);

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
void rematch_queued_requests(FlashFlow& flow);
// The same, for callers outside the flow (/mentor offer and resume, the end of a pause).
void rematch_queued_requests(Database& database, const Config& config, Seconds now,
                             std::vector<OutboundMessage>& outbound);

// A held request's moment has come (`due_at`, as the job was scheduled): its mentor starts
// work, or, with `new_pass`, mentors who let an offer lapse in pass `pass` may be asked again.
void retry_request(FlashFlow& flow, long long request_id, long long due_at, bool new_pass, int pass);

// The 1–5 buttons asking one person to rate a session.
Message feedback_request_message(long long session_id, const std::string& topic, const std::string& other_member);

// Where and when a member works: profile zone (UTC when unset) and offer hours (config default otherwise).
WorkingSchedule working_schedule_of(Database& database, const Config& config, const std::string& member_id);

// "Ben Okafor" or the member id when unknown.
std::string display_name_of(Database& database, const std::string& member_id);

}  // namespace mentorbot

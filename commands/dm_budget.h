// Keeps each member within limits.dms_per_day: notes that can wait are held to their next working day.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "commands/held_note_subject.h"
#include "commands/job_handlers.h"
#include "config/config.h"
#include "domain/working_hours.h"
#include "model/reply.h"
#include "storage/database.h"

namespace mentorbot {

// Direct messages the member got on their local day so far, counting those about to be sent.
int direct_messages_today(Database& database, Seconds now, const std::vector<OutboundMessage>& outbound,
                          const std::string& member_id);

// Sends a note that can wait (an ask, a nudge, a reminder, news of a waiting request, a
// feedback ask) now, unless the member has had half of a day's direct messages already:
// the rest of the day is kept for what cannot wait (offers, answers, a match). Then it is
// held as a job until the member's next working day, and goes out then unless its `subject`
// says it has gone stale meanwhile (the request found a mentor, the session was rated).
void send_or_hold(Database& database, const Config& config, Seconds now, std::vector<OutboundMessage>& outbound,
                  const std::string& member_id, const Message& message, const HeldNoteSubject& subject);

// Members who may be near a full day: those with many direct messages queued in the last
// day, with how many of them fell on their own local day so far.
std::unordered_map<std::string, int> busy_members_today(Database& database, const Config& config, Seconds now);

// Mentors who may get no further offer today: one more would leave no room for a message
// that cannot wait (the offer's own end, a match for their own request, an answer).
// `busy_today` is what busy_members_today found; `outbound` what is about to be sent.
std::unordered_set<std::string> mentors_with_full_days(Database& database, const Config& config, Seconds now,
                                                       const std::unordered_map<std::string, int>& busy_today,
                                                       const std::vector<OutboundMessage>& outbound);

// The job that sends a held note when the member's next working day comes.
void add_held_note_jobs(std::map<std::string, JobHandler>& handlers);

}  // namespace mentorbot

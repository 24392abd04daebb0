// A long-term pairing's rhythm: every two or four weeks, each meeting proposed a week ahead.
#include "commands/long_term_rhythm.h"

#include <nlohmann/json.hpp>

#include "commands/dm_budget.h"
#include "commands/flash_flow.h"
#include "commands/meeting_calendar.h"
#include "domain/working_hours.h"
#include "model/mention.h"
#include "storage/job_keys.h"
#include "storage/job_store.h"
#include "storage/member_store.h"

namespace mentorbot {

namespace {

// A check-in comes this long before the meeting it proposes: a week's notice, and on the
// same weekday and time as the last meeting, so inside both people's working hours.
constexpr auto check_in_notice = std::chrono::days(7);

std::string profile_zone_of(Database& database, const std::string& member_id) {
    auto profile = MemberStore(database).find(member_id);
    return profile && !profile->time_zone.empty() ? profile->time_zone : "UTC";
}

}  // namespace

std::vector<std::string> rhythm_choices() { return {"2w", "4w"}; }

std::optional<int> rhythm_days_of(const std::string& every) {
    if (every == "2w") return 14;
    if (every == "4w") return 28;
    return std::nullopt;
}

std::string rhythm_text(int days) {
    if (days % 7 == 0) return std::to_string(days / 7) + " weeks";
    return std::to_string(days) + " days";
}

void schedule_check_in(Database& database, long long session_id, int meeting, Seconds around, long long now) {
    nlohmann::json payload{{"session", session_id}, {"meeting", meeting}, {"around", to_unix(around)}};
    JobStore(database).schedule(JobKind::long_term_checkin, payload.dump(), to_unix(around - check_in_notice),
                                JobKey::checkin(session_id, meeting), now);
}

void run_check_in(Database& database, const Config& config, Seconds now, long long session_id, Seconds around,
                  std::vector<OutboundMessage>& outbound) {
    SessionStore sessions(database);
    auto session = sessions.find(session_id);
    if (!session || !session->is(SessionStatus::active) || session->mentor_id.empty() || session->mentee_id.empty())
        return;
    const int meeting = sessions.count_meeting(session_id);
    const auto length = std::chrono::minutes(session->minutes);
    // The first time both are at work at or after the day the rhythm gives.
    const std::optional<Seconds> slot = suggest_slot(working_schedule_of(database, config, session->mentee_id),
                                                     working_schedule_of(database, config, session->mentor_id),
                                                     std::max(around, now), std::chrono::minutes(0), length);
    std::string calendar;
    MeetingCalendar meeting_file;
    if (slot) {
        Meeting next;
        next.session_id = session_id;
        next.meeting = meeting;
        next.start = *slot;
        next.length = length;
        next.mentor_id = session->mentor_id;
        next.mentee_id = session->mentee_id;
        next.topic = session->topic;
        next.context = "long-term mentorship on " + session->topic;
        meeting_file = meeting_calendar(database, config, now, next);
        calendar = meeting_file.lines();
    }
    const bool feedback_round = meeting % 3 == 0;
    if (feedback_round) sessions.open_feedback_round(session_id);
    // Each check-in asks whether the last meeting (at first, the accepted slot) took place, so
    // from the second one on, a check-in can tell whether an answer came since the one before.
    const SessionStore::QuietStretch quiet = sessions.note_check_in(session_id, to_unix(now), meeting >= 2);
    const std::string request = std::to_string(session->request_id);
    for (const auto& [reader, other] :
         {std::pair{session->mentee_id, session->mentor_id}, std::pair{session->mentor_id, session->mentee_id}}) {
        Message message;
        message.text = "Check-in for your long-term mentorship on " + session->topic + " with " + mention(other) +
                       ": time for meeting " + std::to_string(meeting) + ". ";
        message.text += slot ? "Proposed slot: " + format_in_zone(*slot, profile_zone_of(database, reader)) +
                                   " for you, " + format_in_zone(*slot, profile_zone_of(database, other)) + " for " +
                                   mention(other) + "." + calendar
                             : std::string("Your working hours do not overlap in the two weeks after ") +
                                   format_in_zone(around, profile_zone_of(database, reader)) +
                                   ": agree on a time directly.";
        message.text += "\nEnd the pairing any time with /flash done " + request + ".";
        attach_to(message, meeting_file);
        if (quiet.nudge) {
            message.text += "\n👋 No meeting has been recorded for " + std::to_string(quiet.check_ins) +
                            " check-ins. Even 30 minutes keeps a mentorship going: the slot above is a good start. "
                            "If the rhythm no longer suits you both, agree a new one, or end the pairing.";
        }
        if (feedback_round) {
            // A rating says the meeting took place, so the rating menu stands for both.
            Message ask = feedback_request_message(session->id, session->topic, other);
            message.text += "\nEvery third meeting I ask for feedback: " + ask.text;
            message.selects = ask.selects;
        } else {
            message.text += "\nDid your last meeting take place? One tap tells me.";
            message.buttons = {{"We met", "/flash outcome " + request + " answer:happened"},
                               {"We did not meet", "/flash outcome " + request + " answer:moved"}};
        }
        send_or_hold(database, config, now, outbound, reader, message, HeldNoteSubject::pairing_active(session_id));
    }
    const int rhythm = session->rhythm_days.value_or(default_rhythm_days);
    schedule_check_in(database, session_id, meeting + 1, slot.value_or(around) + std::chrono::days(rhythm),
                      to_unix(now));
}

}  // namespace mentorbot

// The calendar part of a meeting message: Google and Outlook links, and the meeting's .ics event.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "config/config.h"
#include "domain/clock.h"
#include "model/attachment.h"
#include "model/reply.h"
#include "storage/database.h"

namespace mentorbot {

// One meeting of one session, as both people's calendars should show it.
struct Meeting {
    long long session_id = 0;
    int meeting = 0;  // 0 for the session's own slot; a long-term pairing's later meetings count from 1
    Seconds start;
    std::chrono::minutes length{30};
    std::string mentor_id;
    std::string mentee_id;
    std::string topic;
    std::string context;  // "request #4 (flash, kubernetes)"; typed text is fine, it is escaped
    std::string note;     // the requester's note, if any: in the .ics file, not in the links
};

struct MeetingCalendar {
    std::string google;
    std::string outlook;
    std::string file_path;     // written on the console only
    std::string file_problem;  // why the file could not be written, if it could not
    // The same event to attach to the messages for Slack and Discord members.
    std::optional<Attachment> attachment;

    // "\nAdd to calendar: <Google link>\nOutlook: <link>" and, on the console, the file's path.
    std::string lines() const;
};

// The Google and Outlook links for `meeting`, writing nothing (a view that only reads).
MeetingCalendar meeting_links(Database& database, const Meeting& meeting);

// The links for `meeting`; writes its .ics file when one of the two is a console member,
// and holds it as an attachment when one of them is on Slack or Discord (their messages
// carry it; see attach_to).
MeetingCalendar meeting_calendar(Database& database, const Config& config, Seconds now, const Meeting& meeting);

// Puts the meeting's .ics on `message` when there is one for it.
void attach_to(Message& message, const MeetingCalendar& calendar);

}  // namespace mentorbot

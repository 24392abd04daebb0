// The calendar part of a meeting message: links for everyone, an .ics file on the console, attached elsewhere.
#include "commands/meeting_calendar.h"

#include <stdexcept>

#include "domain/calendar_event.h"
#include "domain/calendar_links.h"
#include "model/member_id.h"
#include "storage/calendar_files.h"
#include "storage/member_store.h"

namespace mentorbot {

namespace {

std::string name_of(Database& database, const std::string& member_id) {
    if (member_id.empty()) return "a former member";
    auto profile = MemberStore(database).find(member_id);
    return profile && !profile->display_name.empty() ? profile->display_name : "a colleague";
}

bool on_console(const std::string& member_id) {
    auto id = MemberId::parse(member_id);
    return id && id->platform() == Platform::console;
}

// Slack and Discord take a file with a message.
bool on_chat_platform(const std::string& member_id) {
    auto id = MemberId::parse(member_id);
    return id && (id->platform() == Platform::slack || id->platform() == Platform::discord);
}

// "session-12", "session-12-meeting-3": the file names end in it on every platform.
std::string file_stem(const Meeting& meeting) {
    return "session-" + std::to_string(meeting.session_id) +
           (meeting.meeting > 0 ? "-meeting-" + std::to_string(meeting.meeting) : "");
}

// "Mentoring: kubernetes"
std::string title_of(const Meeting& meeting) { return "Mentoring: " + meeting.topic; }

// The links leave the note out: it is in the message already, and a long one would make a
// link longer than a Slack section or a Discord message, which would cut it.
std::string description_of(Database& database, const Meeting& meeting, bool with_note) {
    std::string text = "mentorbot " + meeting.context + ", session #" + std::to_string(meeting.session_id);
    if (meeting.meeting > 0) text += ", meeting " + std::to_string(meeting.meeting);
    text += ": " + name_of(database, meeting.mentee_id) + " with " + name_of(database, meeting.mentor_id) + ".";
    if (with_note && !meeting.note.empty()) text += "\nNote: " + meeting.note;
    return text;
}

}  // namespace

std::string MeetingCalendar::lines() const {
    std::string text = "\nAdd to calendar: " + google + "\nOutlook: " + outlook;
    if (!file_path.empty()) text += "\nCalendar file (.ics): " + file_path;
    if (!file_problem.empty()) text += "\nThe calendar file could not be written: " + file_problem + ".";
    return text;
}

MeetingCalendar meeting_links(Database& database, const Meeting& meeting) {
    const std::string title = title_of(meeting);
    const std::string description = description_of(database, meeting, false);
    MeetingCalendar calendar;
    calendar.google = calendar_link(title, description, meeting.start, meeting.length);
    calendar.outlook = outlook_calendar_link(title, description, meeting.start, meeting.length);
    return calendar;
}

MeetingCalendar meeting_calendar(Database& database, const Config& config, Seconds now, const Meeting& meeting) {
    MeetingCalendar calendar = meeting_links(database, meeting);
    const bool console = on_console(meeting.mentor_id) || on_console(meeting.mentee_id);
    const bool chat = on_chat_platform(meeting.mentor_id) || on_chat_platform(meeting.mentee_id);
    if (!console && !chat) return calendar;
    CalendarEvent event;
    event.uid = calendar_event_uid(meeting.session_id, meeting.meeting);
    event.stamp = now;
    event.start = meeting.start;
    event.length = meeting.length;
    event.summary = title_of(meeting);
    event.description = description_of(database, meeting, true);
    const std::string text = calendar_file_text(event);
    if (chat && text.size() <= Attachment::max_bytes) {
        calendar.attachment = Attachment{"mentoring-" + file_stem(meeting) + ".ics", "text/calendar; charset=utf-8",
                                         text};
    }
    if (!console) return calendar;
    const std::string stem = std::filesystem::path(database.path()).stem().string();
    const std::string name = (stem.empty() ? std::string("mentorbot") : stem) + "-" + file_stem(meeting) + ".ics";
    try {
        // The whole path, so the reader can open it from wherever they are.
        const std::filesystem::path directory = std::filesystem::absolute(
            calendar_directory(config.calendar_directory, database.path()));
        calendar.file_path = write_calendar_file(directory, name, text).string();
    } catch (const std::runtime_error& error) {
        calendar.file_problem = error.what();
    }
    return calendar;
}

void attach_to(Message& message, const MeetingCalendar& calendar) {
    if (calendar.attachment) message.attachment = calendar.attachment;
}

}  // namespace mentorbot

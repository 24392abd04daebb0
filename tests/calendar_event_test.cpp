// Meeting invitations: the .ics text (escaping, folding, UTC), the Google and Outlook links, the private file.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <date/date.h>
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "domain/calendar_event.h"
#include "domain/calendar_links.h"
#include "storage/calendar_files.h"
#include "tests/support/calendar_file_reader.h"
#include "tests/support/temp_directory.h"
#include "tests/support/text_file.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

std::chrono::sys_seconds utc(int year, unsigned month, unsigned day, int hour, int minute = 0) {
    return date::sys_days{date::year{year} / month / day} + std::chrono::hours(hour) + std::chrono::minutes(minute);
}

CalendarEvent event_with(std::string summary, std::string description) {
    CalendarEvent event;
    event.uid = calendar_event_uid(12, 3);
    event.stamp = utc(2026, 11, 26, 14, 5);
    event.start = utc(2026, 11, 27, 15, 30);
    event.length = 45min;
    event.summary = std::move(summary);
    event.description = std::move(description);
    return event;
}

}  // namespace

TEST_CASE("an .ics event has one VEVENT with a stable UID and the times in UTC", "[calendar]") {
    const std::string text = calendar_file_text(event_with("Mentoring: kubernetes", "session #12"));
    const std::vector<std::string> lines = calendar_lines(text);
    REQUIRE(lines.size() >= 6);
    CHECK(lines.front() == "BEGIN:VCALENDAR");
    CHECK(lines.back() == "END:VCALENDAR");
    CHECK(calendar_property(text, "VERSION") == "2.0");
    CHECK(calendar_property(text, "UID") == "session-12-meeting-3@mentorbot");
    CHECK(calendar_property(text, "DTSTAMP") == "20261126T140500Z");
    CHECK(calendar_property(text, "DTSTART") == "20261127T153000Z");
    CHECK(calendar_property(text, "DTEND") == "20261127T161500Z");
    CHECK(calendar_property(text, "SUMMARY") == "Mentoring: kubernetes");
    CHECK(calendar_properties(text).count("BEGIN") == 2);
    // The same meeting gives the same UID, so importing it again updates the event.
    CHECK(calendar_event_uid(12, 3) == calendar_event_uid(12, 3));
    CHECK(calendar_event_uid(12, 3) != calendar_event_uid(12, 4));
    CHECK(calendar_event_uid(12, 0) == "session-12@mentorbot");
}

TEST_CASE("typed text in an .ics event is escaped and cannot add a property", "[calendar]") {
    const std::string typed = "k8s, helm; and C:\\temp\r\nEND:VEVENT\nBEGIN:VEVENT\rATTENDEE:mailto:x@example.org";
    const std::string text = calendar_file_text(event_with("Mentoring: " + typed, "Note: " + typed));
    CHECK(escape_calendar_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
    CHECK(escape_calendar_text("one\r\ntwo\rthree") == "one\\ntwo\\nthree");
    CHECK(escape_calendar_text(std::string("bell\x07 and tab\t")) == "bell and tab\t");
    const auto properties = calendar_properties(text);
    CHECK(properties.count("BEGIN") == 2);
    CHECK(properties.count("END") == 2);
    CHECK(properties.count("ATTENDEE") == 0);
    CHECK(calendar_property(text, "SUMMARY") ==
          "Mentoring: k8s\\, helm\\; and C:\\\\temp\\nEND:VEVENT\\nBEGIN:VEVENT\\nATTENDEE:mailto:x@example.org");
}

TEST_CASE("long .ics lines fold at 75 octets without splitting a character", "[calendar]") {
    CHECK(fold_calendar_line("SUMMARY:short") == "SUMMARY:short\r\n");
    const std::string long_line = "DESCRIPTION:" + std::string(200, 'x');
    const std::string folded = fold_calendar_line(long_line);
    CHECK(folded.substr(0, 77) == long_line.substr(0, 75) + "\r\n");
    CHECK(calendar_lines(folded) == std::vector<std::string>{long_line});
    // "ü" is two octets: a fold never lands between them.
    std::string umlauts = "SUMMARY:";
    for (int i = 0; i < 60; ++i) umlauts += "\xC3\xBC";
    const std::string folded_umlauts = fold_calendar_line(umlauts);
    CHECK(calendar_lines(folded_umlauts) == std::vector<std::string>{umlauts});
    std::size_t at = 0;
    while ((at = folded_umlauts.find("\r\n", at)) != std::string::npos && at + 2 < folded_umlauts.size()) {
        CHECK(folded_umlauts[at + 2] == ' ');
        CHECK((static_cast<unsigned char>(folded_umlauts[at + 3]) & 0xC0) != 0x80);
        at += 2;
    }
    // A whole event with a long note still reads back as the note.
    const std::string note = "Note: " + std::string(300, 'n') + " end";
    CHECK(calendar_property(calendar_file_text(event_with("Mentoring: go", note)), "DESCRIPTION") == note);
}

TEST_CASE("the Outlook link composes an event with the slot in UTC and encodes the text", "[calendar]") {
    const std::string link = outlook_calendar_link("Mentoring: kubernetes & helm", "ana + carla\n#1?x=y",
                                                   utc(2026, 11, 26, 14), 30min);
    CHECK(link.rfind("https://outlook.office.com/calendar/deeplink/compose?", 0) == 0);
    CHECK(link.find("rru=addevent") != std::string::npos);
    CHECK(link.find("startdt=2026-11-26T14%3A00%3A00Z") != std::string::npos);
    CHECK(link.find("enddt=2026-11-26T14%3A30%3A00Z") != std::string::npos);
    CHECK(link.find("subject=Mentoring%3A%20kubernetes%20%26%20helm") != std::string::npos);
    CHECK(link.find("body=ana%20%2B%20carla%0A%231%3Fx%3Dy") != std::string::npos);
    // Typed text adds no parameter: the only & and = are the link's own.
    CHECK(std::count(link.begin(), link.end(), '&') == 5);
    CHECK(link.find('#') == std::string::npos);
    CHECK(link.find(' ') == std::string::npos);
}

TEST_CASE("the console's .ics file is private and never written through a symbolic link", "[calendar]") {
    TempDirectory directory;
    const std::string text = calendar_file_text(event_with("Mentoring: go", "x"));
    const auto path = write_calendar_file(directory.path(), "s-1.ics", text);
    CHECK(read_text_file(path) == text);
    struct stat status {};
    REQUIRE(::stat(path.c_str(), &status) == 0);
    CHECK((status.st_mode & 0777) == 0600);
    // Written again (a later meeting of the same name), the file is replaced, not appended to.
    write_calendar_file(directory.path(), "s-1.ics", "short");
    CHECK(read_text_file(path) == "short");

    const auto target = directory.path() / "elsewhere.txt";
    { std::ofstream(target) << "keep me"; }
    std::filesystem::create_symlink(target, directory.path() / "link.ics");
    CHECK_THROWS_WITH(write_calendar_file(directory.path(), "link.ics", text), Catch::Contains("symbolic link"));
    CHECK(read_text_file(target) == "keep me");

    CHECK(calendar_directory("", "/var/lib/mentorbot/mentorbot.db") == "/var/lib/mentorbot");
    CHECK(calendar_directory("", "mentorbot.db") == ".");
    CHECK(calendar_directory("/srv/calendar", "/var/lib/mentorbot/mentorbot.db") == "/srv/calendar");
}

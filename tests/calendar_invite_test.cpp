// An accepted session's messages carry Google and Outlook links and, on the console, a private .ics file.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <regex>

#include "tests/support/calendar_file_reader.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"
#include "tests/support/text_file.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

std::string ics_path_in(const std::string& text) {
    static const std::regex path(R"(Calendar file \(\.ics\): (\S+))");
    std::smatch match;
    return std::regex_search(text, match, path) ? match[1].str() : std::string();
}

// ana asks for kubernetes help with a note full of calendar syntax; ben (London) accepts.
Reply accepted_session(TestChat& chat) {
    chat.jump(5h);  // 14:00 UTC
    chat.run("kai", "/mentor pause");
    chat.run("ana", "/flash request kubernetes note:\"helm, charts; values\\ END:VEVENT\"");
    chat.take_deliveries();
    return chat.run("ben", "/flash accept 1");
}

}  // namespace

TEST_CASE("an accepted session's DM carries Google and Outlook links and the path of an .ics file that parses",
          "[calendar][flash]") {
    TestChat chat;
    const Reply accepted = accepted_session(chat);
    const auto to_ana = chat.messages_for("ana");
    REQUIRE(to_ana.size() == 1);
    const std::string& dm = to_ana.front().text;
    INFO(dm);
    CHECK(has(dm, "Add to calendar: https://calendar.google.com/calendar/render?action=TEMPLATE"));
    CHECK(has(dm, "dates=20261126T143000Z/20261126T150000Z"));
    CHECK(has(dm, "Outlook: https://outlook.office.com/calendar/deeplink/compose?"));
    CHECK(has(dm, "startdt=2026-11-26T14%3A30%3A00Z&enddt=2026-11-26T15%3A00%3A00Z"));
    // Names are encoded in the links; the note is in the message and the file, not in the links,
    // so a long one cannot make a link too long for a chat message.
    CHECK(has(dm, "session%20%231%3A%20Ana%20Souza%20with%20Ben%20Okafor."));
    CHECK_FALSE(has(dm, "helm%2C"));
    CHECK(has(dm, "Note: helm, charts; values"));

    const std::string path = ics_path_in(dm);
    REQUIRE_FALSE(path.empty());
    CHECK(ics_path_in(accepted.response.text) == path);
    CHECK(std::filesystem::path(path).parent_path() == std::filesystem::path(chat.database_path()).parent_path());
    REQUIRE(std::filesystem::is_regular_file(path));
    struct stat status {};
    REQUIRE(::stat(path.c_str(), &status) == 0);
    CHECK((status.st_mode & 0777) == 0600);

    const std::string ics = read_text_file(path);
    CHECK(calendar_lines(ics).front() == "BEGIN:VCALENDAR");
    CHECK(calendar_property(ics, "UID") == "session-1@mentorbot");
    CHECK(calendar_property(ics, "DTSTAMP") == "20261126T140000Z");
    CHECK(calendar_property(ics, "DTSTART") == "20261126T143000Z");
    CHECK(calendar_property(ics, "DTEND") == "20261126T150000Z");
    CHECK(calendar_property(ics, "SUMMARY") == "Mentoring: kubernetes");
    const std::string description = calendar_property(ics, "DESCRIPTION");
    CHECK(has(description, "session #1: Ana Souza with Ben Okafor."));
    CHECK(has(description, "\\nNote: helm\\, charts\\; values"));
    // The note's "END:VEVENT" stays inside the description.
    CHECK(calendar_properties(ics).count("END") == 2);
}

TEST_CASE("the console writes .ics files to the configured calendar directory", "[calendar][flash]") {
    TempDirectory elsewhere;
    Config config = default_config();
    config.calendar_directory = (elsewhere.path() / "calendar").string();
    TestChat chat(true, config);
    const Reply accepted = accepted_session(chat);
    const std::string path = ics_path_in(accepted.response.text);
    INFO(accepted.response.text);
    CHECK(std::filesystem::path(path).parent_path() == elsewhere.path() / "calendar");
    CHECK(std::filesystem::is_regular_file(path));
}

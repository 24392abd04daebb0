// End to end through the real binary: a console script with pods, formation, rounds, reminders, announcements and
// figures; import and export.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>

#include <date/date.h>
#include <nlohmann/json.hpp>

#include "tests/support/run_binary.h"
#include "tests/support/temp_directory.h"
#include "tests/support/text.h"

using namespace mentorbot::testing;

namespace {

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

}  // namespace

TEST_CASE("a console session creates, joins, forms, reminds, announces and reports", "[e2e][pods]") {
    TempDirectory directory;
    // The console runs on the real clock: the pod meets three hours from now (whole hour, UTC).
    auto now = std::chrono::time_point_cast<std::chrono::hours>(std::chrono::system_clock::now());
    auto meeting = now + std::chrono::hours{3};
    date::sys_days meeting_day = date::floor<date::days>(meeting);
    const char* weekdays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    std::string day = weekdays[date::weekday{meeting_day}.c_encoding()];
    char time[8];
    std::snprintf(time, sizeof time, "%02d:00", static_cast<int>((meeting - meeting_day).count()));

    std::ofstream script(directory.file("script.txt"));
    script << ":as zed\n"  // a new member without a time zone: UTC
           << "/pod create rust-readers topic:rust size:3 day:" << day << " time:" << time
           << "\n"
           // The real clock may put the meeting outside their working hours: they join knowingly.
           << ":as ana\n/pod join rust-readers confirm:yes\n"
           << ":as ben\n/pod join rust-readers confirm:yes\n"
           << ":as carla\n/pod join rust-readers confirm:yes\n"
           << ":as ben\n/pod leave rust-readers\n";
    for (const char* person : {"dev", "emma", "farid", "gia", "hugo", "ines", "jon", "kai", "lena"})
        script << ":as " << person << "\n/pod signup onboarding kind:circle\n";
    script << ":as olivia\n/pod form onboarding kind:circle size:3\n"
           << ":advance 1h\n:advance 1h\n:advance 1h\n"
           << ":as ana\n/pod checkin rust-readers note:\"we met\"\n"
           << ":as olivia\n/announce pod:rust-readers text:\"Slides: see the wiki ✨\"\n"
           << "/announce pod:rust-readers text:\"Slides: see the wiki ✨\"\n"
           << ":as ben\n/announce pod:all text:\"hello all\"\n"
           << ":as olivia\n/coach stats\n:quit\n";
    script.close();

    int exit_code = run_mentorbot_to_file("--db '" + directory.file("bot.db") + "'", directory.file("script.txt"),
                                          directory.file("out.txt"));
    std::string out = read_text_file(directory.file("out.txt"));
    INFO(out);
    REQUIRE(exit_code == 0);
    REQUIRE(contains(out, "Pod rust-readers created (learning, rust, room for 3)"));
    REQUIRE(contains(out, "number 1 on its wait list"));
    REQUIRE(contains(out, "moved up from the wait list"));
    REQUIRE(contains(out, "[DM to carla] A place opened in pod rust-readers: you are in."));
    REQUIRE(contains(out, "Formed round 1 of onboarding circle pods: 9 signups → 3 pods of about 3."));
    REQUIRE(occurrences(out, "Why this pod: ") == 9);  // one direct message per member
    REQUIRE(contains(out, "3 departments ("));
    // One reminder per member of rust-readers, each in their own zone (the console clock moves in
    // whole hours here, so "in an hour" may read "in 19 minutes").
    REQUIRE(occurrences(out, "⏰ Your pod rust-readers meets in ") == 3);
    REQUIRE(contains(out, "(Europe/Berlin).\n"));     // ana
    REQUIRE(contains(out, "(America/New_York).\n"));  // carla
    REQUIRE(contains(out, "Check-in recorded for pod rust-readers (1 so far)"));
    REQUIRE(contains(out, "Announcement #1 to pod rust-readers: 0 channel posts and 3 direct messages"));
    REQUIRE(occurrences(out, "📣 Announcement for pod rust-readers") == 3);
    REQUIRE(contains(out, "Slides: see the wiki ✨"));
    REQUIRE(contains(out, "this exact text went to pod rust-readers less than a minute ago"));
    REQUIRE(contains(out, "/announce is for program admins only; nothing was done."));
    REQUIRE_FALSE(contains(out, "hello all\n"));
    REQUIRE(contains(out, "📊 Program figures, last 30 days"));
    REQUIRE(contains(out, "Active pods: 4 (12 memberships)"));
    REQUIRE(contains(out, "Check-ins: 1 (1 pod met)"));
    REQUIRE(contains(out, "Announcements: 1 (deliveries: 3 sent, 0 failed, 0 waiting)"));
}

TEST_CASE("a console session runs weekly pod rounds with an opt-out, a skip, a confirmed re-form and a stop",
          "[e2e][pods]") {
    TempDirectory directory;
    std::ofstream script(directory.file("script.txt"));
    for (const char* person : {"ana", "ben", "carla", "dev", "emma", "farid"})
        script << ":as " << person << "\n/pod signup rust\n";
    script << ":as olivia\n/pod form rust size:3 every:1 day:thu time:15:00\n"
           << ":as ben\n/pod signup rust cancel:yes\n"
           << ":as carla\n/pod skip rust\n/pod list\n"
           << ":advance 7d\n"
           << ":as olivia\n/pod form rust\n/pod form topic:rust kind:learning confirm:yes\n/pod form rust every:0\n"
           << ":as ana\n/pod list\n:quit\n";
    script.close();

    int exit_code = run_mentorbot_to_file("--db '" + directory.file("bot.db") + "'", directory.file("script.txt"),
                                          directory.file("out.txt"));
    std::string out = read_text_file(directory.file("out.txt"));
    INFO(out);
    REQUIRE(exit_code == 0);
    REQUIRE(contains(out, "Formed round 1 of rust learning pods: 6 signups → 2 pods of about 3."));
    REQUIRE(contains(out, "[only ben sees] You left the rust learning pool: no later round places you."));
    REQUIRE(contains(out, "[only carla sees] You skip round 2 of rust learning pods, due "));
    REQUIRE(contains(out, "you: signed up, skipping round 2"));
    // The week passes: round 2 forms by itself without Ben and Carla, on the day and time set for round 1.
    REQUIRE(contains(out, "[DM to ben] 🔚 Pod rust-learning-1-"));
    REQUIRE(contains(out, "You are no longer in the pool, so no new pod for you."));
    REQUIRE(contains(out, "[DM to carla] 🔚 Pod rust-learning-1-"));
    REQUIRE(contains(out, "You skip round 2 as you asked"));
    REQUIRE(occurrences(out, "(rust, round 2) with") == 4);
    // The admin is asked before a re-form by hand, then round 3 places Carla again.
    REQUIRE(contains(out, "Round 2 of rust learning pods still meets: "));
    REQUIRE(contains(out, "[Form round 3] → /pod form topic:rust kind:learning confirm:yes"));
    REQUIRE(contains(out, "Formed round 3 of rust learning pods: 5 signups → "));
    REQUIRE(occurrences(out, "(rust, round 3) with") == 5);
    REQUIRE(occurrences(out, "Meets every Thursday at 15:00 (Europe/London)") == 6 + 4 + 5);
    REQUIRE(contains(out, "Automatic rounds of rust learning pods stopped: no round 4 will be formed by itself"));
    REQUIRE(contains(out, "• rust learning pool, round 3 — you: signed up"));
    REQUIRE(contains(out, "← you are in it"));
}

TEST_CASE("the command line imports members and exports everything", "[e2e][import][export]") {
    TempDirectory directory;
    std::ofstream csv(directory.file("people.csv"));
    csv << "name,platform id,department,level,time zone,start date,skills\n"
        << "Ana Souza,slack:T1:U1,Engineering,junior,Europe/Berlin,2026-09-01,\"python, sql\"\n"
        << "Nobody,slack:T1:U2,Engineering,11,Europe/Berlin,2026-09-01,\n"
        << "Ben Okafor,slack:T1:U3,Sales,senior,Europe/London,2021-03-15,negotiation\n";
    csv.close();
    std::string db = "--db '" + directory.file("bot.db") + "'";

    int imported = run_mentorbot_to_file(db + " import members '" + directory.file("people.csv") + "'", "",
                                         directory.file("import.txt"));
    std::string report = read_text_file(directory.file("import.txt"));
    INFO(report);
    REQUIRE(imported == 3);  // imported, with a row skipped
    REQUIRE(contains(report, "2 members created, 0 updated; 1 row skipped:"));
    REQUIRE(contains(report, "line 3: level must be 1–6"));

    REQUIRE(run_mentorbot_to_file(db + " export --format csv --out '" + directory.file("csv") + "'", "",
                                  directory.file("export.txt")) == 0);
    std::string members = read_text_file(directory.file("csv/members.csv"));
    REQUIRE(contains(members, "slack:T1:U1,Ana Souza,2,Engineering,Europe/Berlin,,2026-09-01,python;sql,"));
    REQUIRE(contains(members, "slack:T1:U3,Ben Okafor,4,Sales"));
    REQUIRE_FALSE(contains(members, "Nobody"));

    REQUIRE(run_mentorbot_to_file(db + " export --format json --out '" + directory.file("json") + "'", "",
                                  directory.file("export.txt")) == 0);
    auto exported = nlohmann::json::parse(read_text_file(directory.file("json/mentorbot-export.json")));
    REQUIRE(exported["tables"]["members"].size() == 2);  // no demo organisation was loaded by the import

    REQUIRE(run_mentorbot_to_file(db + " export --format xml", "", directory.file("bad.txt")) != 0);
    REQUIRE(run_mentorbot_to_file(db + " import members '" + directory.file("missing.csv") + "'", "",
                                  directory.file("bad.txt")) == 1);
    REQUIRE(contains(read_text_file(directory.file("bad.txt")), "cannot read"));
}

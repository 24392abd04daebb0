// Members in from CSV (bad rows by line, good rows kept) and everything out as CSV or JSON, forgotten members never
// back.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bot/export_data.h"
#include "bot/import_members.h"
#include "storage/member_store.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"
#include "tests/support/text_file.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

const char* hr_export = "\xEF\xBB\xBFName,Platform ID,Department,Level,Time Zone,Start Date,Skills,Cost Centre\r\n"
                        "Zoë Ündset,slack:T1:U100,Engineering,senior,Europe/Oslo,2020-02-03,\"Rust, k8s; Go\",CC-1\r\n"
                        "\"Okafor, Ben\",slack:T1:U101,\"Sales\nEMEA\",2,Europe/London,2024-07-01,negotiation,CC-2\r\n"
                        "Bad Level,slack:T1:U102,Sales,9,Europe/London,2024-07-01,,CC-2\r\n"
                        "Bad Zone,slack:T1:U103,Sales,3,Mars/Olympus,2024-07-01,,CC-2\r\n"
                        "\r\n"
                        "Bad Date,slack:T1:U104,Sales,3,UTC,2024-13-40,,CC-2\r\n"
                        "Bad Id,U105,Sales,3,UTC,2024-01-01,,CC-2\r\n"
                        "Short row,slack:T1:U106,Sales\r\n"
                        "Zoë again,slack:T1:U100,Design,3,UTC,2021-01-01,,CC-3\r\n"
                        "李小龍,discord:42:777,设计,mid,Asia/Shanghai,2023-05-06,figma,CC-4\r\n";

}  // namespace

TEST_CASE("CSV records follow RFC 4180 and remember their line", "[import]") {
    std::istringstream input("a,\"b,\"\"c\"\"\",d\n\n\"multi\nline\",x,\n");
    auto records = parse_csv(input);
    REQUIRE(records.size() == 2);
    REQUIRE(records[0].fields == std::vector<std::string>{"a", "b,\"c\"", "d"});
    REQUIRE(records[1].line == 3);
    REQUIRE(records[1].fields == std::vector<std::string>{"multi\nline", "x", ""});
    std::istringstream unclosed("a,b\nc,\"never closed\n");
    REQUIRE_THROWS_WITH(parse_csv(unclosed), Catch::Contains("line 2: a quote is opened and never closed"));
}

TEST_CASE("importing members keeps good rows and reports bad ones by line", "[import]") {
    TestChat chat(false);
    std::istringstream csv(hr_export);
    ImportReport report = import_members_csv(chat.database(), csv, TagAliases{}, to_unix(chat.clock().now()));
    REQUIRE(report.created == 3);
    REQUIRE(report.updated == 0);
    std::string described = describe_import(report);
    INFO(described);
    REQUIRE(report.problems.size() == 6);
    REQUIRE(contains(described, "3 members created, 0 updated; 6 rows skipped:"));
    REQUIRE(contains(described, "line 5: level must be 1–6"));
    REQUIRE(contains(described, "line 6: time zone `Mars/Olympus` is not an IANA zone"));
    REQUIRE(contains(described, "line 8: start date must be YYYY-MM-DD (got `2024-13-40`)"));
    REQUIRE(contains(described, "line 9: platform id `U105` is not a member id"));
    REQUIRE(contains(described, "line 10: expected 8 fields like the header, found 3"));
    REQUIRE(contains(described, "line 11: slack:T1:U100 already appears on line 2"));

    MemberStore members(chat.database());
    auto zoe = members.find("slack:T1:U100");
    REQUIRE(zoe);
    REQUIRE(zoe->display_name == "Zoë Ündset");
    REQUIRE(zoe->level == 4);
    REQUIRE(zoe->department == "Engineering");
    REQUIRE(zoe->time_zone == "Europe/Oslo");
    REQUIRE(zoe->started_on == "2020-02-03");
    REQUIRE(members.tags("slack:T1:U100", "skill") == std::vector<std::string>{"rust", "kubernetes", "go"});
    auto ben = members.find("slack:T1:U101");
    REQUIRE(ben->display_name == "Okafor, Ben");
    REQUIRE(ben->department == "Sales\nEMEA");
    REQUIRE(members.find("discord:42:777")->department == "设计");
    REQUIRE_FALSE(members.find("slack:T1:U102"));

    // Importing again updates; what the file leaves empty stays.
    std::istringstream update("platform id,department,level\nslack:T1:U100,Platform,\n");
    ImportReport second = import_members_csv(chat.database(), update, TagAliases{}, to_unix(chat.clock().now()));
    REQUIRE(second.updated == 1);
    REQUIRE(members.find("slack:T1:U100")->department == "Platform");
    REQUIRE(members.find("slack:T1:U100")->level == 4);
}

TEST_CASE("a file the importer cannot use imports nothing", "[import]") {
    TestChat chat(false);
    std::istringstream no_id("name,department\nAna,Engineering\n");
    REQUIRE_THROWS_WITH(import_members_csv(chat.database(), no_id, TagAliases{}, 0),
                        Catch::Contains("line 1: the header has no platform id column"));
    std::istringstream empty("");
    REQUIRE_THROWS_WITH(import_members_csv(chat.database(), empty, TagAliases{}, 0), Catch::Contains("empty"));
    REQUIRE(MemberStore(chat.database()).count() == 0);
}

TEST_CASE("an export in CSV imports back into an empty bot with the same members", "[export]") {
    TestChat chat(false);
    std::istringstream csv(hr_export);
    import_members_csv(chat.database(), csv, TagAliases{}, to_unix(chat.clock().now()));
    TempDirectory out;
    auto files = export_data(chat.database(), ExportFormat::csv, out.path(), to_unix(chat.clock().now()));
    REQUIRE(files.size() == 16);  // one per table, pod_attendance included
    std::string members_csv = read_text_file(out.path() / "members.csv");
    REQUIRE(members_csv.starts_with("id,display_name,level,department,time_zone,location,started_on,skills,"));
    REQUIRE(contains(members_csv, "\"Okafor, Ben\""));
    REQUIRE(contains(members_csv, "\"Sales\nEMEA\""));

    TestChat fresh(false);
    std::istringstream back(members_csv);
    ImportReport report = import_members_csv(fresh.database(), back, TagAliases{}, to_unix(fresh.clock().now()));
    REQUIRE(report.problems.empty());
    REQUIRE(report.created == 3);
    MemberStore before(chat.database()), after(fresh.database());
    for (const auto& profile : before.all()) {
        auto copy = after.find(profile.id);
        REQUIRE(copy);
        REQUIRE(copy->display_name == profile.display_name);
        REQUIRE(copy->level == profile.level);
        REQUIRE(copy->department == profile.department);
        REQUIRE(copy->time_zone == profile.time_zone);
        REQUIRE(copy->started_on == profile.started_on);
        REQUIRE(after.tags(profile.id, "skill") == before.tags(profile.id, "skill"));
    }
}

TEST_CASE("a JSON export holds every table and never brings a forgotten member back", "[export]") {
    TestChat chat;
    chat.run("ana", "/pod create rust-readers");
    chat.run("ben", "/pod join rust-readers");
    chat.run("ben", "/pod checkin rust-readers note:\"Ben's private note\"");
    chat.run("olivia", "/announce pod:rust-readers text:\"Welcome <@console:local:ben>!\"");
    chat.run("ben", "/pod signup go");
    // Ana's request names Ben in its detailed scoring as the runner-up (admins read it);
    // Ben is offered Mo's request and declines it with a reason.
    chat.run("ana", "/flash request kubernetes");
    REQUIRE(contains(chat.run("olivia", "/flash why 1 detail:yes").response.text, "Ben Okafor"));
    REQUIRE(contains(chat.run("mo", "/flash request go").response.text, "offered to <@console:local:ben>"));
    chat.run("ben", "/flash decline 2 reason:\"Ben is swamped this week\"");
    chat.run("ben", "/profile forget confirm:yes");

    TempDirectory out;
    auto files = export_data(chat.database(), ExportFormat::json, out.path(), to_unix(chat.clock().now()));
    REQUIRE(files.size() == 1);
    std::string text = read_text_file(files[0]);
    nlohmann::json exported = nlohmann::json::parse(text);
    for (const char* table :
         {"members", "mentor_offers", "requests", "sessions", "feedback", "peer_feedback", "pods", "pod_members",
          "pod_waitlist", "pod_pools", "pod_signups", "pod_checkins", "announcements"})
        REQUIRE(exported["tables"].contains(table));
    REQUIRE(exported["tables"]["members"].size() == 13);
    REQUIRE(exported["tables"]["pods"][0]["name"] == "rust-readers");
    REQUIRE(exported["tables"]["pod_checkins"].size() == 1);  // the meeting still counts…
    // …but nothing says who Ben was or what he wrote.
    REQUIRE_FALSE(contains(text, "console:local:ben"));
    REQUIRE_FALSE(contains(text, "Ben Okafor"));
    REQUIRE_FALSE(contains(text, "private note"));
    REQUIRE_FALSE(contains(text, "swamped"));
    REQUIRE(exported["tables"]["requests"].size() == 2);
    REQUIRE(exported["tables"]["request_declines"].size() == 1);
    REQUIRE(exported["tables"]["announcements"][0]["text"] == "Welcome <@(forgotten member)>!");
    REQUIRE(contains(text, "console:local:ana"));
}

namespace {

long long members_in(TestChat& chat) {
    return chat.database().connection().execAndGet("SELECT COUNT(*) FROM members").getInt64();
}

}  // namespace

TEST_CASE("an import over the size or row limit is refused by name and imports nothing", "[import]") {
    TestChat chat(false);
    const long long before = members_in(chat);
    std::string three_rows = "name,platform id\nAna,slack:T1:U1\nBen,slack:T1:U2\nCai,slack:T1:U3\n";
    std::istringstream rows(three_rows);
    REQUIRE_THROWS_WITH(import_members_csv(chat.database(), rows, TagAliases{}, 0, CsvLimits{.max_rows = 2}),
                        Catch::Contains("more than the limit of 2 rows"));
    CHECK(members_in(chat) == before);
    std::istringstream big(three_rows);
    REQUIRE_THROWS_WITH(import_members_csv(chat.database(), big, TagAliases{}, 0, CsvLimits{.max_bytes = 40}),
                        Catch::Contains("larger than the limit of 40 bytes"));
    CHECK(members_in(chat) == before);
    // At the limits exactly, it goes through.
    std::istringstream fits(three_rows);
    ImportReport report = import_members_csv(chat.database(), fits, TagAliases{}, 0,
                                             CsvLimits{.max_bytes = three_rows.size(), .max_rows = 3});
    CHECK(report.created == 3);
}

TEST_CASE("an import with a field over the default character limit is refused by line and imports nothing",
          "[import]") {
    TestChat chat(false);
    const long long before = members_in(chat);
    // Counted in characters, not bytes: 1000 "é" fit.
    std::string fits;
    for (std::size_t index = 0; index < CsvLimits::default_max_field_chars; ++index) fits += "é";
    std::istringstream ok("platform id,notes\nslack:T1:U1," + fits + "\n");
    CHECK(import_members_csv(chat.database(), ok, TagAliases{}, 0).created == 1);
    std::istringstream too_long("platform id,notes\nslack:T1:U2,x\nslack:T1:U3,\"" + fits + "é\"\n");
    REQUIRE_THROWS_WITH(import_members_csv(chat.database(), too_long, TagAliases{}, 0),
                        Catch::Contains("line 3: field 2 is longer than the limit of 1,000 characters"));
    CHECK(members_in(chat) == before + 1);
}

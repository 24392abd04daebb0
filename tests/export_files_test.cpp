// The export as an HR admin meets it: safe to open in a spreadsheet, readable only by its owner, never written
// through a link or over an earlier file.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bot/export_data.h"
#include "bot/import_members.h"
#include "storage/member_store.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"
#include "tests/support/text_file.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

// The CSV file's records, as a spreadsheet or the importer would read them.
std::vector<CsvRecord> read_csv(const std::filesystem::path& path) {
    std::istringstream text(read_text_file(path.string()));
    return parse_csv(text);
}

// The record whose first field is `key`, or an empty one.
CsvRecord row_for(const std::vector<CsvRecord>& records, const std::string& key) {
    auto found = std::find_if(records.begin(), records.end(), [&](const CsvRecord& record) {
        return !record.fields.empty() && record.fields[0] == key;
    });
    return found == records.end() ? CsvRecord{} : *found;
}

unsigned permissions(const std::filesystem::path& path) {
    struct stat status {};
    REQUIRE(::lstat(path.c_str(), &status) == 0);
    return status.st_mode & 07777;
}

}  // namespace

TEST_CASE("export text that a spreadsheet would run as a formula is written with a leading quote", "[export]") {
    TestChat chat(false);
    std::istringstream people("name,platform id,department,level,time zone\n"
                              "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",console:local:eve,@SUM(A1),2,UTC\n"
                              "\"+cmd|' /C calc'!A0\",console:local:mal,-10+20,3,UTC\n"
                              "Plain Ana,console:local:ana,Engineering,4,UTC\n");
    ImportReport imported = import_members_csv(chat.database(), people, TagAliases{}, to_unix(chat.clock().now()));
    REQUIRE(imported.problems.empty());
    // The importer trims spaces, tabs and line ends; a platform's display name is kept as sent.
    MemberStore(chat.database()).ensure("console:local:tab", "\tTabbed", to_unix(chat.clock().now()));
    MemberStore(chat.database()).ensure("console:local:ret", "\rReturn", to_unix(chat.clock().now()));
    REQUIRE(contains(chat.run("ana", "/pod create name:=1+2").response.text, "=1+2"));

    TempDirectory out;
    export_data(chat.database(), ExportFormat::csv, out.path(), to_unix(chat.clock().now()));
    auto members = read_csv(out.path() / "members.csv");
    REQUIRE(members.at(0).fields.at(1) == "display_name");
    REQUIRE(members.at(0).fields.at(2) == "level");
    REQUIRE(members.at(0).fields.at(3) == "department");

    CsvRecord eve = row_for(members, "console:local:eve");
    REQUIRE(eve.fields.size() > 3);
    CHECK(eve.fields[1] == "'=HYPERLINK(\"http://x\",\"y\")");
    CHECK(eve.fields[3] == "'@SUM(A1)");
    CHECK(eve.fields[2] == "2");  // a number the bot wrote stays a number
    CsvRecord mal = row_for(members, "console:local:mal");
    REQUIRE(mal.fields.size() > 3);
    CHECK(mal.fields[1] == "'+cmd|' /C calc'!A0");
    CHECK(mal.fields[3] == "'-10+20");
    CHECK(row_for(members, "console:local:tab").fields.at(1) == "'\tTabbed");
    CHECK(row_for(members, "console:local:ret").fields.at(1) == "'\rReturn");
    CsvRecord ana = row_for(members, "console:local:ana");
    REQUIRE(ana.fields.size() > 3);
    CHECK(ana.fields[1] == "Plain Ana");
    CHECK(ana.fields[3] == "Engineering");

    auto pods = read_csv(out.path() / "pods.csv");
    REQUIRE(pods.size() == 2);
    auto name = std::find(pods[0].fields.begin(), pods[0].fields.end(), "name");
    REQUIRE(name != pods[0].fields.end());
    CHECK(pods[1].fields.at(static_cast<std::size_t>(name - pods[0].fields.begin())) == "'=1+2");
    // The raw bytes keep RFC 4180 quoting around the quote-prefixed cell.
    CHECK(contains(read_text_file((out.path() / "members.csv").string()),
                   ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","));
}

TEST_CASE("export files are readable by their owner only", "[export]") {
    TestChat chat;
    TempDirectory out;
    auto csv_files = export_data(chat.database(), ExportFormat::csv, out.path() / "csv", 0);
    auto json_files = export_data(chat.database(), ExportFormat::json, out.path() / "json", 0);
    REQUIRE(csv_files.size() == 16);  // one CSV per table, pod_attendance included
    REQUIRE(json_files.size() == 1);
    csv_files.push_back(json_files[0]);
    for (const auto& file : csv_files) {
        INFO(file.string());
        CHECK(permissions(file) == 0600);
    }
}

TEST_CASE("export refuses to write through a symbolic link and leaves its target unchanged", "[export]") {
    TestChat chat;
    TempDirectory out;
    std::filesystem::path target = out.path() / "precious.txt";
    std::ofstream(target) << "keep me\n";
    std::filesystem::create_directory(out.path() / "dump");
    std::filesystem::create_symlink(target, out.path() / "dump" / "members.csv");

    CHECK_THROWS_WITH(export_data(chat.database(), ExportFormat::csv, out.path() / "dump", 0),
                      Catch::Contains("members.csv is a symbolic link"));
    CHECK(read_text_file(target.string()) == "keep me\n");
    // Nothing else was written either: a refused export leaves no partial set.
    CHECK(!std::filesystem::exists(out.path() / "dump" / "mentor_offers.csv"));

    // A dangling link is refused too, and nothing appears where it points.
    std::filesystem::create_symlink(out.path() / "nowhere.json", out.path() / "dump" / "mentorbot-export.json");
    CHECK_THROWS_WITH(export_data(chat.database(), ExportFormat::json, out.path() / "dump", 0),
                      Catch::Contains("mentorbot-export.json is a symbolic link"));
    CHECK(!std::filesystem::exists(out.path() / "nowhere.json"));
}

TEST_CASE("export never overwrites an earlier export", "[export]") {
    TestChat chat;
    TempDirectory out;
    auto first = export_data(chat.database(), ExportFormat::json, out.path(), 0);
    REQUIRE(first.size() == 1);
    std::string before = read_text_file(first[0].string());
    CHECK_THROWS_WITH(export_data(chat.database(), ExportFormat::json, out.path(), 1),
                      Catch::Contains("already exists") && Catch::Contains("mentorbot-export.json"));
    CHECK(read_text_file(first[0].string()) == before);
    // Another directory is fine.
    CHECK(export_data(chat.database(), ExportFormat::json, out.path() / "again", 1).size() == 1);
}

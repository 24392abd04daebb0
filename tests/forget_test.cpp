// A member who asked to be forgotten stays forgotten: not re-imported, not exported, unless they come back.
#include <catch2/catch.hpp>

#include <sstream>

#include "bot/import_members.h"
#include "storage/member_store.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using mentorbot::testing::TestChat;
using mentorbot::testing::console_member;

namespace {

ImportReport import(TestChat& chat, const std::string& csv) {
    std::istringstream input(csv);
    return import_members_csv(chat.database(), input, TagAliases{},
                              chat.app().clock().now().time_since_epoch().count());
}

const std::string hr_file = "name,platform id,department,level,time zone,start date,skills\n"
                            "Ben Okafor,console:local:ben,Engineering,4,Europe/London,2021-03-15,go\n"
                            "Ana Souza,console:local:ana,Engineering,2,Europe/Berlin,2026-09-01,python\n";

}  // namespace

TEST_CASE("a later HR import does not bring back a member who asked to be forgotten", "[forget]") {
    TestChat chat;
    chat.run("ben", "/profile forget confirm:yes");
    ImportReport report = import(chat, hr_file);
    CHECK(report.updated == 1);  // ana
    CHECK(report.created == 0);
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].line == 2);
    CHECK_THAT(report.problems[0].reason, Catch::Contains("asked mentorbot to forget them"));
    CHECK_FALSE(MemberStore(chat.database()).exists(console_member("ben")));
    // Only a hash is kept, never the id itself.
    CHECK(chat.database()
              .connection()
              .execAndGet("SELECT COUNT(*) FROM forgotten_members WHERE id_hash LIKE '%ben%'")
              .getInt() == 0);
}

TEST_CASE("a forgotten member who uses the bot again is back, and imports reach them again", "[forget]") {
    TestChat chat;
    chat.run("ben", "/profile forget confirm:yes");
    CHECK_THAT(chat.run("ben", "/profile show").response.text, Catch::Contains("Skills: none yet"));
    ImportReport report = import(chat, hr_file);
    CHECK(report.problems.empty());
    CHECK(MemberStore(chat.database()).find(console_member("ben"))->skills == std::vector<std::string>{"go"});
}

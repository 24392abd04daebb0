// A big CSV import commits a few hundred rows at a time, yet a file over a limit imports nothing.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <sstream>
#include <string>

#include "bot/import_members.h"
#include "storage/member_store.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using mentorbot::testing::TestChat;

namespace {

std::string members_file(int rows, int long_field_at = -1) {
    std::string csv = "name,platform id,department\n";
    for (int row = 0; row < rows; ++row) {
        const std::string department = row == long_field_at ? std::string(1001, 'x') : "Engineering";
        csv += "Member " + std::to_string(row) + ",console:local:m" + std::to_string(row) + "," + department + "\n";
    }
    return csv;
}

int count_commit(void* commits) {
    ++*static_cast<int*>(commits);
    return 0;  // let it commit
}

}  // namespace

TEST_CASE("A CSV import commits in chunks so the bot waits for one chunk at most", "[import]") {
    TestChat chat(false);
    int commits = 0;
    sqlite3_commit_hook(chat.database().connection().getHandle(), count_commit, &commits);
    std::istringstream csv(members_file(1200));
    ImportReport report = import_members_csv(chat.database(), csv, TagAliases{}, 0);
    sqlite3_commit_hook(chat.database().connection().getHandle(), nullptr, nullptr);
    CHECK(report.created == 1200);
    CHECK(report.problems.empty());
    CHECK(MemberStore(chat.database()).count() == 1200);
    CHECK(commits >= 3);
}

TEST_CASE("A CSV import that meets a limit on a late row imports nothing even in chunks", "[import]") {
    TestChat chat(false);
    std::istringstream csv(members_file(1200, 1100));
    CHECK_THROWS_WITH(import_members_csv(chat.database(), csv, TagAliases{}, 0), Catch::Contains("1,000"));
    CHECK(MemberStore(chat.database()).count() == 0);
}

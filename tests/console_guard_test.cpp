// The console chat refuses a database that serves Slack or Discord members unless told it is meant.
#include <catch2/catch.hpp>

#include "storage/database.h"
#include "storage/member_store.h"
#include "tests/support/run_binary.h"
#include "tests/support/temp_directory.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

long long members_in(const std::string& path) {
    Database database(path);
    return MemberStore(database).count();
}

}  // namespace

TEST_CASE("The console chat refuses a live bot's database and changes nothing in it", "[console][binary]") {
    TempDirectory directory;
    const std::string path = directory.file("live.db");
    {
        Database database(path);
        MemberStore(database).ensure("slack:T1:U1", "Sam", 0);
    }
    // An admin's name would do anything there: the console must not get that far.
    BinaryRun refused = run_mentorbot(directory, "--db " + path, ":as olivia\n/coach stats\n");
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.errors, Catch::Contains("holds Slack or Discord members"));
    CHECK_THAT(refused.errors, Catch::Contains("--console-on-platform-data"));
    CHECK(members_in(path) == 1);  // no demo people, no console member

    BinaryRun meant = run_mentorbot(directory, "--db " + path + " --console-on-platform-data", "/profile show\n");
    CHECK(meant.exit_code == 0);
    CHECK(members_in(path) >= 1);
}

TEST_CASE("The console chat still opens its own database of console members", "[console][binary]") {
    TempDirectory directory;
    const std::string path = directory.file("own.db");
    BinaryRun first = run_mentorbot(directory, "--db " + path, "/profile show\n");
    CHECK(first.exit_code == 0);
    BinaryRun again = run_mentorbot(directory, "--db " + path, "/profile show\n");
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.errors, !Catch::Contains("holds Slack or Discord members"));
}

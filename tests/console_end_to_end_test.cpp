// The real mentorbot binary driven through standard input, as a person or a script would.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "tests/support/run_binary.h"

using mentorbot::testing::TempDirectory;
using mentorbot::testing::run_mentorbot;
using RunResult = mentorbot::testing::BinaryRun;

TEST_CASE("the console reads commands from a script, echoes them and shows who sees each reply", "[e2e]") {
    TempDirectory directory;
    RunResult result = run_mentorbot(directory, "--db " + directory.file("x.db") + " --no-demo",
                                     "/profile set skills:rust level:3 tz:Europe/Berlin\n/profile show\n");
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.output, Catch::Contains("ana> /profile set skills:rust level:3 tz:Europe/Berlin\n"));
    CHECK_THAT(result.output, Catch::Contains("ana> /profile show\n  [only ana sees] Ana (@ana) — mid (level 3)"));
    CHECK_THAT(result.output, Catch::Contains("Time zone: Europe/Berlin"));
    CHECK_THAT(result.output, Catch::Contains("Skills: rust"));
}

TEST_CASE("the demo organisation is there on first start and users can be switched", "[e2e]") {
    TempDirectory directory;
    RunResult result =
        run_mentorbot(directory, "--db " + directory.file("demo.db"),
                      ":users\n:as ben\n/mentor status\n:as newbie\n/profile show\n:quit\n/profile show\n");
    CHECK(result.exit_code == 0);
    // At least 12 members in 4 departments, 3 zones, levels 1–6, 5 mentors.
    for (const char* name :
         {"ana", "ben", "carla", "dev", "emma", "farid", "gia", "hugo", "ines", "jon", "kai", "lena"}) {
        CHECK_THAT(result.output, Catch::Contains(std::string("  ") + name + " — "));
    }
    CHECK_THAT(result.output, Catch::Contains("level 1") && Catch::Contains("level 6"));
    CHECK_THAT(result.output, Catch::Contains("America/New_York") && Catch::Contains("Europe/London") &&
                                  Catch::Contains("Europe/Berlin"));
    CHECK_THAT(result.output, Catch::Contains("ben> /mentor status\n  [only ben sees] Your mentor offer"));
    CHECK_THAT(result.output, Catch::Contains("(you are now newbie, a new member)"));
    CHECK_THAT(result.output, Catch::Contains("newbie> /profile show\n  [only newbie sees] Newbie (@newbie)"));
    // Nothing after :quit runs.
    CHECK(result.output.find("/profile show", result.output.find(":quit")) == std::string::npos);
}

TEST_CASE("the demo is loaded once, and not with --no-demo", "[e2e]") {
    TempDirectory directory;
    std::string db = "--db " + directory.file("once.db");
    run_mentorbot(directory, db, "");
    RunResult second = run_mentorbot(directory, db, ":users\n");
    CHECK(second.output.find("  ben — ") == second.output.rfind("  ben — "));
    RunResult empty = run_mentorbot(directory, "--no-demo --db " + directory.file("empty.db"), ":users\n");
    CHECK(empty.output.find("ben") == std::string::npos);
}

TEST_CASE("bad input in the console gets a clear answer with the usage line", "[e2e]") {
    TempDirectory directory;
    RunResult result = run_mentorbot(directory, "--db " + directory.file("bad.db"),
                                     "/mentor offer capacity:-1 topics:go\nhello\n:as Bad Name!\n");
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.output, Catch::Contains("capacity must be between 1 and 20 (got -1)"));
    CHECK_THAT(result.output, Catch::Contains("Usage: /mentor offer"));
    CHECK_THAT(result.output, Catch::Contains("commands start with /"));
    CHECK_THAT(result.output, Catch::Contains("usage: :as NAME"));
}

TEST_CASE("startup errors exit non-zero with one line saying why", "[e2e]") {
    TempDirectory directory;
    std::ofstream(directory.file("garbage.db")) << std::string(4096, 'g');
    RunResult garbage = run_mentorbot(directory, "--db " + directory.file("garbage.db"), "");
    CHECK(garbage.exit_code != 0);
    CHECK_THAT(garbage.errors, Catch::StartsWith("mentorbot: cannot start: database") &&
                                   Catch::Contains("not a usable SQLite database"));
    RunResult missing_directory = run_mentorbot(directory, "--db /nonexistent/dir/x.db", "");
    CHECK(missing_directory.exit_code != 0);
    CHECK_THAT(missing_directory.errors, Catch::Contains("cannot open database"));
    RunResult bad_level = run_mentorbot(directory, "--log-level shouting", "");
    CHECK(bad_level.exit_code != 0);
    RunResult half_discord = run_mentorbot(directory, "--db " + directory.file("d.db"), "",
                                           "DISCORD_BOT_TOKEN=test-token-not-real");
    CHECK(half_discord.exit_code != 0);
    CHECK_THAT(half_discord.errors, Catch::Contains("DISCORD_APPLICATION_ID is not"));
    CHECK_THAT(half_discord.errors, !Catch::Contains("test-token-not-real"));
}

TEST_CASE("check-config accepts a good file and names the first problem of a bad one", "[e2e][config]") {
    TempDirectory directory;
    RunResult good = run_mentorbot(
        directory, "check-config " + std::string(MENTORBOT_SOURCE_DIR) + "/config/mentorbot.example.toml", "");
    CHECK(good.exit_code == 0);
    CHECK_THAT(good.output, Catch::Contains(": ok"));
    std::ofstream(directory.file("bad.toml")) << "admins = []\n[offers]\nmax_candidates = 99\n";
    RunResult bad = run_mentorbot(directory, "check-config " + directory.file("bad.toml"), "");
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.errors, Catch::Contains("bad.toml:3: offers.max_candidates must be from 1 to 10"));
    RunResult refused = run_mentorbot(directory,
                                      "--config " + directory.file("bad.toml") + " --db " + directory.file("c.db"), "");
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.errors, Catch::StartsWith("mentorbot: cannot start: ") && Catch::Contains("bad.toml:3"));
}

TEST_CASE("the program's options work after a subcommand as well as before it", "[e2e]") {
    TempDirectory directory;
    const std::string db = "--db " + directory.file("after.db");
    REQUIRE(run_mentorbot(directory, db, "").exit_code == 0);
    RunResult after = run_mentorbot(directory, "export --format json --out " + directory.file("after") + " " + db, "");
    CHECK(after.exit_code == 0);
    std::ifstream exported(directory.file("after") + "/mentorbot-export.json");
    std::string text((std::istreambuf_iterator<char>(exported)), std::istreambuf_iterator<char>());
    CHECK_THAT(text, Catch::Contains("console:local:ben"));  // read from after.db, not from a new default file
    RunResult before = run_mentorbot(directory, db + " export --format json --out " + directory.file("before"), "");
    CHECK(before.exit_code == 0);
    RunResult unknown = run_mentorbot(directory, "export --colour blue", "");
    CHECK(unknown.exit_code != 0);
    CHECK_THAT(unknown.errors, Catch::Contains("--colour"));
}

TEST_CASE("admins from MENTORBOT_ADMINS are admins in the console", "[e2e][config]") {
    TempDirectory directory;
    RunResult result = run_mentorbot(directory, "--db " + directory.file("a.db"), ":users\n",
                                     "MENTORBOT_ADMINS=console:local:ben");
    CHECK_THAT(result.output, Catch::Contains("ben — Ben Okafor, level 4, Engineering, Europe/London, mentor, admin"));
}

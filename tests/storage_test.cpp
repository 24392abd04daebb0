// The SQLite file: migrations, refusing newer or damaged files, and one transaction per command.
#include <catch2/catch.hpp>

#include <fstream>

#include "storage/database.h"
#include "storage/job_store.h"
#include "storage/member_store.h"
#include "storage/migrations.h"
#include "storage/outbox_store.h"
#include "storage/pod_store.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using mentorbot::testing::TempDirectory;

TEST_CASE("a new file is created at the newest schema with WAL and foreign keys on", "[storage]") {
    TempDirectory directory;
    Database database(directory.file("new.db"));
    CHECK(database.schema_version() == Database::newest_schema_version());
    CHECK(database.connection().execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(database.connection().execAndGet("PRAGMA foreign_keys").getInt() == 1);
    for (const char* table : {"members", "member_tags", "tag_aliases", "mentor_offers", "requests", "sessions",
                              "feedback", "peer_feedback", "pods", "pod_members", "pod_waitlist", "pod_signups",
                              "pod_checkins", "announcements", "outbox", "jobs", "processed_deliveries"}) {
        INFO(table);
        CHECK(database.connection().tableExists(table));
    }
}

TEST_CASE("a database from every earlier schema version migrates and keeps its data", "[storage]") {
    for (int version = 1; version < Database::newest_schema_version(); ++version) {
        TempDirectory directory;
        std::string path = directory.file("old.db");
        {
            Database old(path, version);
            REQUIRE(old.schema_version() == version);
            MemberStore(old).ensure("console:local:ana", "Ana", 1);
        }
        Database migrated(path);
        CHECK(migrated.schema_version() == Database::newest_schema_version());
        CHECK(MemberStore(migrated).exists("console:local:ana"));
    }
    // From nothing at all (version 0) to the newest.
    TempDirectory directory;
    Database(directory.file("empty.db"), 0);
    Database migrated(directory.file("empty.db"));
    CHECK(migrated.schema_version() == Database::newest_schema_version());
}

TEST_CASE("messages and timers waiting in an older file are kept when their tables are built again", "[storage]") {
    TempDirectory directory;
    const std::string path = directory.file("before-24.db");
    {
        Database old(path, 23);
        old.execute("INSERT INTO outbox (destination_kind, target, message, status, next_attempt_at, created_at) "
                    "VALUES ('direct', 'console:local:ana', '{\"text\":\"hi\"}', 'pending', 100, 90), "
                    "('channel', 'console:local:general', '{\"text\":\"pod\"}', 'sent', 100, 80)");
        old.execute("INSERT INTO jobs (kind, payload, due_at, dedupe_key, created_at) "
                    "VALUES ('offer_expiry', '{\"request\":7}', 500, 'offer:7:1:0', 90)");
    }
    Database migrated(path);
    REQUIRE(migrated.schema_version() == Database::newest_schema_version());
    OutboxStore outbox(migrated);
    CHECK(outbox.pending_count() == 1);
    const auto due = outbox.due(100);
    REQUIRE(due.size() == 1);
    CHECK(due.front().message.destination.target == "console:local:ana");
    JobStore jobs(migrated);
    const auto timers = jobs.due(500);
    REQUIRE(timers.size() == 1);
    CHECK(timers.front().payload == "{\"request\":7}");
    // The same timer is still scheduled once, and the same statuses are still the only ones allowed.
    CHECK(jobs.schedule("offer_expiry", "{}", 600, "offer:7:1:0", 95) == 0);
    CHECK_THROWS(migrated.execute("UPDATE jobs SET status = 'later'"));
    CHECK_THROWS(migrated.execute("UPDATE outbox SET status = 'lost'"));
    CHECK_THROWS(migrated.execute("UPDATE outbox SET destination_kind = 'email'"));
    // Writing a message or a timer builds no temporary b-tree for its checks.
    for (const char* write : {"INSERT INTO outbox (destination_kind, target, message, next_attempt_at, created_at) "
                              "VALUES (?, ?, ?, ?, ?)",
                              "INSERT OR IGNORE INTO jobs (kind, payload, due_at, dedupe_key, created_at) "
                              "VALUES (?, ?, ?, ?, ?)"}) {
        INFO(write);
        SQLite::Statement plan(migrated.connection(), std::string("EXPLAIN ") + write);
        bool ephemeral = false;
        while (plan.executeStep()) ephemeral = ephemeral || plan.getColumn(1).getString() == "OpenEphemeral";
        CHECK_FALSE(ephemeral);
    }
    for (const char* index :
         {"outbox_pending", "outbox_by_target", "outbox_by_announcement", "outbox_by_time", "jobs_due"}) {
        INFO(index);
        CHECK(migrated.connection()
                  .execAndGet(std::string("SELECT COUNT(*) FROM sqlite_master WHERE name = '") + index + "'")
                  .getInt() == 1);
    }
}

TEST_CASE("a pod's check-ins and a member's last one are read from an index, not from every pod's check-ins",
          "[storage][pod]") {
    TempDirectory directory;
    Database database(directory.file("checkins.db"));
    MemberStore members(database);
    for (const char* name : {"ana", "ben"}) members.ensure(std::string("console:local:") + name, name, 1);
    database.execute(
        "INSERT INTO pods (id, name, topic, kind, size, cadence, created_at) VALUES "
        "(1, 'rust-1', 'rust', 'learning', 6, 'weekly', 1), (2, 'go-1', 'go', 'learning', 6, 'weekly', 1)");
    PodStore pods(database);
    pods.add_checkin(1, "console:local:ana", "", 100);
    pods.add_checkin(1, "console:local:ana", "", 300);
    pods.add_checkin(1, "console:local:ben", "", 200);
    pods.add_checkin(2, "console:local:ana", "", 900);
    CHECK(pods.checkin_count(1) == 3);
    CHECK(pods.checkin_count(2) == 1);
    CHECK(pods.last_checkin(1, "console:local:ana") == 300);
    CHECK(pods.last_checkin(1, "console:local:ben") == 200);
    CHECK(pods.last_checkin(2, "console:local:ben") == std::nullopt);
    database.release_statements();
    // How SQLite plans the stores' reads and forgetting's clean-up: a search of an index, no scan.
    for (const char* read : {"SELECT COUNT(*) FROM pod_checkins WHERE pod_id = ?",
                             "SELECT MAX(created_at) FROM pod_checkins WHERE pod_id = ? AND member_id = ?",
                             "UPDATE pod_checkins SET note = NULL WHERE member_id = ?"}) {
        INFO(read);
        SQLite::Statement plan(database.connection(), std::string("EXPLAIN QUERY PLAN ") + read);
        std::string steps;
        while (plan.executeStep()) steps += plan.getColumn(3).getString() + "; ";
        INFO(steps);
        CHECK(steps.find("SCAN") == std::string::npos);
        CHECK(steps.find("INDEX pod_checkins_by_") != std::string::npos);
    }
}

TEST_CASE("a database written by a newer mentorbot is refused with a clear message", "[storage]") {
    TempDirectory directory;
    std::string path = directory.file("newer.db");
    {
        Database database(path);
        database.execute("PRAGMA user_version=" + std::to_string(Database::newest_schema_version() + 1));
    }
    try {
        Database database(path);
        FAIL("a newer database was opened");
    } catch (const DatabaseError& error) {
        CHECK_THAT(error.what(), Catch::Contains("newer mentorbot") && Catch::Contains(path));
    }
}

TEST_CASE("a file that is not a database is refused and left untouched", "[storage]") {
    TempDirectory directory;
    std::string path = directory.file("garbage.db");
    std::string garbage(8192, 'x');
    std::ofstream(path) << garbage;
    try {
        Database database(path);
        FAIL("garbage was opened as a database");
    } catch (const DatabaseError& error) {
        CHECK_THAT(error.what(), Catch::Contains("not a usable SQLite database"));
    }
    std::ifstream reread(path);
    std::string content((std::istreambuf_iterator<char>(reread)), std::istreambuf_iterator<char>());
    CHECK(content == garbage);
}

TEST_CASE("a command that fails with a user error changes nothing", "[storage]") {
    testing::TestChat chat(false);
    chat.run("ana", "/profile set level:junior");
    std::string reply = chat.run("ana", "/mentor offer topics:go hours:17-17").response.text;
    CHECK_THAT(reply, Catch::Contains("must not end when they start"));
    CHECK(chat.database().connection().execAndGet("SELECT COUNT(*) FROM mentor_offers").getInt() == 0);
    CHECK(chat.database().connection().execAndGet("SELECT COUNT(*) FROM member_tags WHERE kind='topic'").getInt() == 0);
}

TEST_CASE("a user error from a member's first command does not even create the member", "[storage]") {
    testing::TestChat chat(false);
    chat.run("zoe", "/mentor status");
    CHECK_FALSE(MemberStore(chat.database()).exists(testing::console_member("zoe")));
}

TEST_CASE("jobs with the same dedupe key are scheduled once", "[storage]") {
    TempDirectory directory;
    Database database(directory.file("jobs.db"));
    JobStore jobs(database);
    CHECK(jobs.schedule("x", "{}", 100, "offer:1") != 0);
    CHECK(jobs.schedule("x", "{}", 200, "offer:1") == 0);
    CHECK(jobs.due(150).size() == 1);
    jobs.cancel("offer:1");
    CHECK(jobs.due(1000).empty());
}

TEST_CASE("a Discord user's guild is found from their member id, matching the whole user id", "[storage]") {
    mentorbot::testing::TempDirectory directory;
    Database database(directory.file("guilds.db"));
    MemberStore members(database);
    members.ensure("discord:111:55", "ana", 10);
    members.ensure("discord:222:155", "ben", 20);
    members.ensure("slack:T1:55", "cy", 30);
    CHECK(members.discord_guild_of("55") == "111");
    CHECK(members.discord_guild_of("155") == "222");
    CHECK(members.discord_guild_of("5").empty());
    CHECK(members.discord_guild_of("%").empty());
}

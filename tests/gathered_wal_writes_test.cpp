// A commit's log writes go out as one write, and are in the file, for every other reader, when COMMIT returns.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <filesystem>
#include <string>

#include "storage/database.h"
#include "storage/gathered_wal_writes.h"
#include "tests/support/temp_directory.h"

using namespace mentorbot;
using mentorbot::testing::TempDirectory;

namespace {

// What another process sees: a connection of its own through the default VFS.
long long rows_seen_elsewhere(const std::string& path, const std::string& sql) {
    SQLite::Database elsewhere(path, SQLite::OPEN_READONLY);
    return elsewhere.execAndGet(sql).getInt64();
}

void insert_notes(Database& database, int count, std::size_t bytes_each, int first = 0) {
    SQLite::Statement insert(database.connection(), "INSERT INTO notes (id, body) VALUES (?, ?)");
    for (int i = 0; i < count; ++i) {
        insert.bind(1, first + i);
        insert.bind(2, std::string(bytes_each, static_cast<char>('a' + i % 26)));
        insert.exec();
        insert.reset();
    }
}

}  // namespace

TEST_CASE("A commit's pages reach the log in one write, readable elsewhere as soon as COMMIT returns",
          "[storage][wal]") {
    TempDirectory directory;
    const std::string path = directory.file("bot.db");
    Database database(path);
    database.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");

    const GatheredWalFigures before = gathered_wal_figures();
    database.execute("BEGIN");
    insert_notes(database, 40, 1000);  // about ten pages, each a header and a page written
    database.execute("COMMIT");
    const GatheredWalFigures after = gathered_wal_figures();

    CHECK(after.writes_asked - before.writes_asked >= 20);
    CHECK(after.writes_made - before.writes_made == 1);
    CHECK(rows_seen_elsewhere(path, "SELECT COUNT(*) FROM notes") == 40);
    CHECK(rows_seen_elsewhere(path, "SELECT SUM(LENGTH(body)) FROM notes") == 40 * 1000);
}

TEST_CASE("A transaction larger than the log keeps in memory is written in parts and reads back whole",
          "[storage][wal]") {
    TempDirectory directory;
    const std::string path = directory.file("bot.db");
    Database database(path);
    database.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");

    // Three megabytes in one transaction: past the 1 MiB kept, and past the 128 KiB the
    // default VFS writes in one call.
    database.execute("BEGIN");
    insert_notes(database, 1500, 2000);
    database.execute("COMMIT");
    CHECK(rows_seen_elsewhere(path, "SELECT SUM(LENGTH(body)) FROM notes") == 1500 * 2000);

    // Undone, a transaction leaves nothing behind, and the next commit is whole.
    database.execute("BEGIN");
    insert_notes(database, 800, 2000, 10000);
    database.execute("ROLLBACK");
    database.execute("BEGIN");
    insert_notes(database, 3, 10, 20000);
    database.execute("COMMIT");
    CHECK(rows_seen_elsewhere(path, "SELECT COUNT(*) FROM notes") == 1503);
    CHECK(rows_seen_elsewhere(path, "SELECT COUNT(*) FROM notes WHERE id >= 10000 AND id < 20000") == 0);

    // A checkpoint copies the log back into the file: the rows are there without the log.
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    CHECK(std::filesystem::file_size(path + "-wal") == 0);
    CHECK(SQLite::Database(path, SQLite::OPEN_READONLY).execAndGet("PRAGMA quick_check").getString() == "ok");
    CHECK(rows_seen_elsewhere(path, "SELECT SUM(LENGTH(body)) FROM notes") == 1500 * 2000 + 30);
}

TEST_CASE("Commit after commit, a burst's pages are held in the memory the log kept, not grown anew",
          "[storage][wal]") {
    TempDirectory directory;
    const std::string path = directory.file("bot.db");
    Database database(path);
    database.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");

    // About 45 pages a commit (185 KiB of log): what a group commit of a burst of Discord
    // interactions writes. Grown page by page, the memory holding them was given back after
    // every such commit and grown again at the next.
    auto commit_a_burst = [&](int first) {
        database.execute("BEGIN");
        insert_notes(database, 45, 3900, first);
        database.execute("COMMIT");
    };
    const GatheredWalFigures before = gathered_wal_figures();
    for (int commit = 0; commit < 30; ++commit) commit_a_burst(commit * 100);
    const GatheredWalFigures after = gathered_wal_figures();
    CHECK(after.buffer_growths - before.buffer_growths == 0);

    // A transaction past what is kept grows it, and gives the rest back once written.
    database.execute("BEGIN");
    insert_notes(database, 400, 3900, 10000);
    database.execute("COMMIT");
    const GatheredWalFigures after_large = gathered_wal_figures();
    CHECK(after_large.buffer_growths > after.buffer_growths);
    for (int commit = 0; commit < 5; ++commit) commit_a_burst(20000 + commit * 100);
    CHECK(gathered_wal_figures().buffer_growths == after_large.buffer_growths);
    CHECK(rows_seen_elsewhere(path, "SELECT COUNT(*) FROM notes") == 35 * 45 + 400);
}

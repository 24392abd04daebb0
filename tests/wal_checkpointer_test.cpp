// The checkpoint thread keeps the write-ahead log short while the bot's connection writes.
#include <catch2/catch.hpp>

#include <filesystem>

#include "storage/database.h"
#include "storage/wal_checkpointer.h"
#include "tests/support/temp_directory.h"
#include "tests/support/wait_until.h"

using namespace mentorbot;

namespace {

long long wal_bytes(const std::string& database_path) {
    std::error_code error;
    auto size = std::filesystem::file_size(database_path + "-wal", error);
    return error ? 0 : static_cast<long long>(size);
}

}  // namespace

TEST_CASE("checkpointer: the log is copied back by the thread and stays short under steady writes", "[storage]") {
    testing::TempDirectory directory;
    const std::string path = (directory.path() / "bot.db").string();
    Database database(path);
    database.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
    long long largest_wal = 0;
    {
        WalCheckpointer checkpointer(database, std::chrono::milliseconds(10));
        CHECK(database.connection().execAndGet("PRAGMA wal_autocheckpoint").getInt() ==
              WalCheckpointer::safety_net_pages);
        // Waits until the thread has started and finished a checkpoint after this moment:
        // paced by the thread's own beats, not by the clock, so a busy machine slows the
        // test down instead of failing it. The bound only stops a hung thread.
        auto wait_for_a_fresh_checkpoint = [&] {
            const long long seen = checkpointer.checkpoints();
            REQUIRE(testing::wait_until([&] { return checkpointer.checkpoints() >= seen + 2; },
                                        std::chrono::seconds(60), std::chrono::milliseconds(2)));
        };
        // 4,000 commits of a page or more each: about 16 MB of log without checkpoints,
        // far below the safety net, so only the thread can keep it short. Every 200 commits
        // the writer lets a whole checkpoint happen, after which the next commit starts the
        // log again from its beginning: so the log never holds much more than 200 commits
        // (about 2 MB), whatever the machine's speed.
        for (int row = 0; row < 4000; ++row) {
            SQLite::Statement insert(database.connection(), "INSERT INTO notes (body) VALUES (?)");
            insert.bind(1, std::string(3000, static_cast<char>('a' + row % 26)));
            insert.exec();
            if (row % 200 == 199) wait_for_a_fresh_checkpoint();
            largest_wal = std::max(largest_wal, wal_bytes(path));
        }
        CHECK(checkpointer.checkpoints() > 0);
        // Quiet now: the next beat copies everything back.
        wait_for_a_fresh_checkpoint();
        SQLite::Statement status(database.connection(), "PRAGMA wal_checkpoint(PASSIVE)");
        REQUIRE(status.executeStep());
        CHECK(status.getColumn(1).getInt() == status.getColumn(2).getInt());  // frames in log == frames copied
    }
    CHECK(largest_wal < 8 * 1024 * 1024);
    CHECK(database.connection().execAndGet("PRAGMA wal_autocheckpoint").getInt() == 1000);
    CHECK(database.connection().execAndGet("SELECT COUNT(*) FROM notes").getInt() == 4000);
}

// kill -9 while an import runs: the file stays whole, holds whole chunks only, and a second run completes it.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <filesystem>
#include <fstream>

#include "tests/support/bot_process.h"
#include "tests/support/temp_directory.h"
#include "tests/support/text_file.h"
#include "tests/support/wait_until.h"

using namespace mentorbot::testing;

namespace {

constexpr long long import_rows = 200'000;

long long member_count(const std::string& database_path) {
    if (!std::filesystem::exists(database_path)) return 0;
    SQLite::Database database(database_path, SQLite::OPEN_READONLY);
    database.setBusyTimeout(5000);
    if (!database.tableExists("members")) return 0;
    return database.execAndGet("SELECT count(*) FROM members").getInt64();
}

}  // namespace

TEST_CASE("kill -9 during a CSV import leaves a whole file with whole chunks and a second run completes it",
          "[crash][import][binary]") {
    TempDirectory directory;
    const std::string database_path = directory.file("bot.db");
    const std::string csv_path = directory.file("people.csv");
    {
        std::ofstream csv(csv_path);
        csv << "name,platform id,department,level\n";
        for (long long row = 0; row < import_rows; ++row)
            csv << "Person " << row << ",slack:T1:U" << row << ",Engineering," << (row % 6 + 1) << "\n";
    }
    const std::vector<std::string> arguments = {"--db", database_path, "import", "members", csv_path};
    {
        BotProcess import(arguments, {}, directory.file("first.log"));
        // Killed as soon as the first chunk is in.
        // (While the import creates the file, a reader may find it not ready yet.)
        auto some_imported = [&] {
            try {
                return member_count(database_path) > 0;
            } catch (const SQLite::Exception&) {
                return false;
            }
        };
        REQUIRE(wait_until(some_imported, std::chrono::seconds(120), std::chrono::milliseconds(1)));
        import.kill_now();
    }
    {
        SQLite::Database database(database_path, SQLite::OPEN_READWRITE);
        REQUIRE(database.execAndGet("PRAGMA integrity_check").getString() == "ok");
    }
    const long long after_kill = member_count(database_path);
    INFO("members after the kill: " << after_kill);
    CHECK(after_kill % 500 == 0);
    CHECK(after_kill < import_rows);

    BotProcess again(arguments, {}, directory.file("second.log"));
    const std::optional<int> exit_code = again.wait_for_exit(std::chrono::seconds(200));
    INFO(read_text_file(directory.file("second.log")));
    CHECK(exit_code == std::optional<int>(0));
    CHECK(member_count(database_path) == import_rows);
}

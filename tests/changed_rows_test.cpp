// Which rows a kept copy of tables reads again, and when it reads everything: across rollbacks, other writers and bulk
// writes.
#include <catch2/catch.hpp>

#include <string>

#include "storage/changed_rows.h"
#include "storage/database.h"
#include "tests/support/temp_directory.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

// The smallest mirror: it follows two tables and tells whether it still holds what it read.
struct FollowedRows {
    explicit FollowedRows(Database& database)
        : rows(database.table_changes(), {"notes", "tags"}, [this] { holding = false; }) {}
    void load() {
        rows.loaded();
        holding = true;
    }
    bool holding = false;
    ChangedRows rows;
};

constexpr std::size_t notes = 0;
constexpr std::size_t tags = 1;

// A database of two followed tables and one that is not.
struct TwoTables {
    TwoTables() {
        database.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
        database.execute("CREATE TABLE tags (id INTEGER PRIMARY KEY, text TEXT)");
        database.execute("CREATE TABLE unrelated (id INTEGER PRIMARY KEY, text TEXT)");
    }
    TempDirectory directory;
    Database database{directory.file("rows.db")};
};

// Writes `count` notes in one statement, with ids from `first` on.
void write_notes(Database& database, std::size_t first, std::size_t count) {
    database.execute("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < " +
                     std::to_string(count) + ") INSERT INTO notes (id, text) SELECT i + " + std::to_string(first) +
                     ", 'x' FROM n");
}

// Reads "everything" as a mirror does at its first look.
FollowedRows& loaded(Database& database) {
    FollowedRows& followed = database.attached<FollowedRows>();
    database.table_changes().catch_up();
    REQUIRE(followed.rows.must_load());
    followed.load();
    REQUIRE_FALSE(followed.rows.must_load());
    return followed;
}

}  // namespace

TEST_CASE_METHOD(TwoTables, "rows written are handed over once by table and other tables are not followed",
                 "[storage][changed-rows]") {
    FollowedRows& followed = loaded(database);
    database.execute("INSERT INTO notes (id, text) VALUES (1, 'a'), (2, 'b')");
    database.execute("INSERT INTO tags (id, text) VALUES (7, 'go')");
    database.execute("INSERT INTO unrelated (id, text) VALUES (9, 'x')");
    REQUIRE(followed.rows.any_changed());
    const auto changed = followed.rows.take_changed();
    CHECK(changed[notes] == ChangedRows::Rows{1, 2});
    CHECK(changed[tags] == ChangedRows::Rows{7});
    CHECK_FALSE(followed.rows.any_changed());
    CHECK(followed.rows.take_changed()[notes].empty());
    CHECK(followed.holding);
}

TEST_CASE_METHOD(TwoTables, "rows written and then rolled back are read again at the next look",
                 "[storage][changed-rows]") {
    database.execute("INSERT INTO notes (id, text) VALUES (1, 'a')");
    FollowedRows& followed = loaded(database);

    database.execute("BEGIN IMMEDIATE");
    database.execute("UPDATE notes SET text = 'changed' WHERE id = 1");
    database.execute("INSERT INTO tags (id, text) VALUES (7, 'go')");
    // A look inside the transaction reads what it wrote...
    CHECK(followed.rows.take_changed()[notes] == ChangedRows::Rows{1});
    database.execute("ROLLBACK");
    // ...and after the rollback those rows are read again, not everything.
    CHECK_FALSE(followed.rows.must_load());
    const auto changed = followed.rows.take_changed();
    CHECK(changed[notes] == ChangedRows::Rows{1});
    CHECK(changed[tags] == ChangedRows::Rows{7});
    CHECK(followed.holding);

    // Rows written before a savepoint that is undone stay as they are.
    database.execute("BEGIN IMMEDIATE");
    database.execute("INSERT INTO notes (id, text) VALUES (2, 'b')");
    database.execute("SAVEPOINT command");
    database.execute("INSERT INTO notes (id, text) VALUES (3, 'c')");
    followed.rows.take_changed();
    database.execute("ROLLBACK TO command; RELEASE command");
    database.execute("COMMIT");
    CHECK(followed.rows.take_changed()[notes] == ChangedRows::Rows{2, 3});
    CHECK(followed.holding);
}

TEST_CASE_METHOD(TwoTables, "a mirror read as a whole after its transaction wrote is read again after a rollback",
                 "[storage][changed-rows]") {
    FollowedRows& followed = database.attached<FollowedRows>();

    database.execute("BEGIN IMMEDIATE");
    database.execute("INSERT INTO notes (id, text) VALUES (1, 'a')");
    followed.load();  // read with the row the rollback undoes
    database.execute("ROLLBACK");
    CHECK(followed.rows.must_load());
    CHECK_FALSE(followed.holding);

    // A transaction that wrote nothing read only what was committed: its rollback keeps the mirror.
    database.execute("BEGIN");
    followed.load();
    database.execute("ROLLBACK");
    CHECK_FALSE(followed.rows.must_load());
    CHECK(followed.holding);
}

TEST_CASE_METHOD(TwoTables, "another connection's commit makes the mirror read everything again",
                 "[storage][changed-rows]") {
    FollowedRows& followed = loaded(database);
    database.table_changes().catch_up();
    CHECK_FALSE(followed.rows.must_load());

    Database other(directory.file("rows.db"));
    other.execute("INSERT INTO notes (id, text) VALUES (1, 'from elsewhere')");
    // This connection heard no row: only the next look learns of the commit.
    CHECK_FALSE(followed.rows.any_changed());
    database.table_changes().catch_up();
    CHECK(followed.rows.must_load());
    CHECK_FALSE(followed.holding);
}

TEST_CASE_METHOD(TwoTables, "too many rows written between two looks make the mirror read everything again",
                 "[storage][changed-rows]") {
    FollowedRows& followed = loaded(database);

    // As many as are kept, counted over both tables, are read one by one.
    write_notes(database, 1, ChangedRows::most_changes_kept - 1);
    database.execute("INSERT INTO tags (id, text) VALUES (1, 'go')");
    CHECK_FALSE(followed.rows.must_load());
    CHECK(followed.holding);

    // One more and reading all again costs less.
    database.execute("INSERT INTO tags (id, text) VALUES (2, 'rust')");
    CHECK(followed.rows.must_load());
    CHECK_FALSE(followed.rows.any_changed());
    CHECK_FALSE(followed.holding);
}

TEST_CASE_METHOD(TwoTables, "a transaction that wrote too many rows to remember is read as a whole after its rollback",
                 "[storage][changed-rows]") {
    FollowedRows& followed = loaded(database);
    const std::size_t half = ChangedRows::most_changes_kept / 2;

    database.execute("BEGIN IMMEDIATE");
    // Looked at in between, so the writes never wait in numbers large enough to drop.
    write_notes(database, 1, half);
    followed.rows.take_changed();
    write_notes(database, 1 + half, half);
    followed.rows.take_changed();
    CHECK_FALSE(followed.rows.must_load());
    database.execute("ROLLBACK");
    CHECK(followed.rows.must_load());
    CHECK_FALSE(followed.holding);
}

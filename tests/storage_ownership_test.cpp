// The shape of the code, continued: SQL statements live in storage/, and UnitOfWork is the only transaction.
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "tests/support/product_sources.h"

using mentorbot::testing::product_sources;
using mentorbot::testing::SourceFile;

namespace {

// A string literal that starts an SQL statement: "SELECT …", "INSERT INTO …", "BEGIN", …
// Words that only look alike (an HTTP "DELETE", "-----BEGIN CERTIFICATE") do not match.
const std::regex& sql_statement() {
    static const std::regex statement(
        R"re("\s*(SELECT\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|REPLACE\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|WITH\s+(RECURSIVE\s+)?\w+(\s*\([^)]*\))?\s+AS\s*\(|CREATE\s+(TABLE|INDEX|UNIQUE|TRIGGER|VIEW)\s|DROP\s+(TABLE|INDEX)\s|ALTER\s+TABLE\s|(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|PRAGMA)\b))re");
    return statement;
}

}  // namespace

TEST_CASE("the SQL statement pattern finds statements and nothing else", "[layering]") {
    for (const char* statement :
         {R"sql("SELECT id FROM members")sql", R"sql("INSERT INTO settings (key, value) VALUES (?, ?)")sql",
          R"sql("UPDATE jobs SET status = 'done'")sql", R"sql("DELETE FROM sessions WHERE id = ?")sql",
          R"sql("WITH recent AS (SELECT 1) SELECT * FROM recent")sql", R"sql("CREATE TABLE t (x)")sql",
          R"sql("BEGIN IMMEDIATE")sql", R"sql("COMMIT")sql", R"sql("PRAGMA user_version")sql"}) {
        INFO(statement);
        CHECK(std::regex_search(std::string(statement), sql_statement()));
    }
    for (const char* other : {R"sql("DELETE")sql", R"sql("-----BEGIN CERTIFICATE-----")sql",
                              R"sql("Select a mentor")sql", R"sql("update your profile")sql", R"sql("with care")sql"}) {
        INFO(other);
        CHECK_FALSE(std::regex_search(std::string(other), sql_statement()));
    }
}

TEST_CASE("SQL statements are written only in storage/", "[layering]") {
    std::vector<std::string> found;
    const auto files = product_sources();
    REQUIRE(files.size() > 100);
    for (const SourceFile& file : files) {
        if (file.folder == "storage") continue;
        if (std::regex_search(file.code, sql_statement())) found.push_back(file.path);
    }
    CAPTURE(found);
    CHECK(found.empty());
}

TEST_CASE("transactions are opened only through UnitOfWork", "[layering]") {
    std::vector<std::string> found;
    for (const SourceFile& file : product_sources()) {
        if (file.path.starts_with("storage/unit_of_work.")) continue;
        if (file.code.find("SQLite::Transaction") != std::string::npos) found.push_back(file.path);
    }
    CAPTURE(found);
    CHECK(found.empty());
}

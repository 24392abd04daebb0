// The number a counting query returns, for assertions on what the database holds.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <string>

#include "storage/database.h"

namespace mentorbot::testing {

// Runs `sql` (a SELECT count(*) or other single-number query) and returns its first column.
inline long long count_rows(Database& database, const std::string& sql) {
    SQLite::Statement query(database.connection(), sql);
    query.executeStep();
    return query.getColumn(0).getInt64();
}

}  // namespace mentorbot::testing

// Empties the write-ahead log now, so rows just deleted leave no old copies in it.
#pragma once

#include "storage/database.h"

namespace mentorbot {

// Copies the whole log into the database file and truncates it to nothing. False when
// another connection's reader or writer kept it from finishing; the regular checkpoints
// (and journal_size_limit, see Database) then finish the job a moment later. Call with
// no transaction open on `database`.
bool truncate_log(Database& database);

}  // namespace mentorbot

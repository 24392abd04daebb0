// The TRUNCATE checkpoint behind truncate_log.
#include "storage/log_truncation.h"

namespace mentorbot {

bool truncate_log(Database& database) {
    database.release_statements();
    SQLite::Statement checkpoint(database.connection(), "PRAGMA wal_checkpoint(TRUNCATE)");
    // One row: busy (1 when it could not finish), frames in the log, frames copied.
    if (!checkpoint.executeStep()) return false;
    return checkpoint.getColumn(0).getInt() == 0;
}

}  // namespace mentorbot

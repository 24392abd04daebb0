// The one query behind has_platform_members.
#include "storage/platform_members.h"

namespace mentorbot {

bool has_platform_members(Database& database) {
    Database::StatementScope statements(database);
    auto& query = database.prepare("SELECT 1 FROM members WHERE id NOT LIKE 'console:%' LIMIT 1");
    return query.executeStep();
}

}  // namespace mentorbot

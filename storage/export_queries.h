// What an export reads: each program table as one statement, and who is still a member.
#pragma once

#include <string>
#include <vector>

#include "storage/database.h"

namespace mentorbot {

struct ExportedTable {
    std::string name;
    std::string query;  // its columns are the exported columns
};

// What the program holds, in an order a reader can follow. Delivery machinery (outbox,
// jobs, processed deliveries) is not program data and is left out.
const std::vector<ExportedTable>& exported_tables();

// Every member id in the members table.
std::vector<std::string> current_member_ids(Database& database);

}  // namespace mentorbot

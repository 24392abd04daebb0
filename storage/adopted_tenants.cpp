// The served_tenants table in SQLite.
#include "storage/adopted_tenants.h"

namespace mentorbot {

TenantKeys load_adopted_tenants(Database& database) {
    TenantKeys tenants;
    auto& query = database.prepare("SELECT tenant FROM served_tenants");
    while (query.executeStep()) tenants.insert(query.getColumn(0).getString());
    query.reset();
    return tenants;
}

void adopt_tenant(Database& database, const std::string& tenant_key, long long now) {
    auto& insert = database.prepare("INSERT OR IGNORE INTO served_tenants (tenant, adopted_at) VALUES (?, ?)");
    insert.bind(1, tenant_key);
    insert.bind(2, static_cast<int64_t>(now));
    insert.exec();
    insert.reset();
}

}  // namespace mentorbot

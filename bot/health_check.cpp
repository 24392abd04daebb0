// The health report and the gauges read from the database.
#include "bot/health_check.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <sqlite3.h>

#include "bot/metrics.h"
#include "storage/job_store.h"
#include "storage/outbox_store.h"

namespace mentorbot {

namespace {

// Why the bot could not write its database now, or empty. A file removed under the
// running bot counts: its writes would go where nobody can open them again.
std::string database_unwritable_reason(Database& database) {
    if (sqlite3_db_readonly(database.connection().getHandle(), "main") == 1) return "opened read-only";
    const std::string& path = database.path();
    if (path.empty() || path == ":memory:" || path.starts_with("file:")) return {};
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) return path + " is gone: " + std::strerror(errno);
    return read_only_reason(path);
}

}  // namespace

HealthReport HealthCheck::report() {
    Database::StatementScope statements(database_);
    HealthReport report;
    for (const Transport* transport : transports_) {
        bool up = transport->healthy();
        report.healthy = report.healthy && up;
        report.detail += std::string(platform_name(transport->platform())) + ": " +
                         (up ? "connected" : "not connected") + "\n";
    }
    // Anyone who can reach the endpoint may ask, as often as they like: so this is a
    // read, which in WAL mode never waits for a writer and never holds one up, and the
    // file's permissions, which cost no lock at all. It never takes the write lock.
    try {
        database_.schema_version();
    } catch (const std::exception& error) {
        report.healthy = false;
        report.detail += std::string("database: not readable (") + error.what() + ")\n";
        return report;
    }
    if (std::string reason = database_unwritable_reason(database_); !reason.empty()) {
        report.healthy = false;
        report.detail += "database: not writable (" + reason + ")\n";
    } else {
        report.detail += "database: writable\n";
    }
    return report;
}

void HealthCheck::refresh_gauges() {
    Database::StatementScope statements(database_);
    metrics().set(metric::outbox_pending, {}, static_cast<double>(OutboxStore(database_).pending_count()));
    metrics().set(metric::jobs_due, {}, static_cast<double>(JobStore(database_).due_count(to_unix(clock_.now()))));
    for (const Transport* transport : transports_) {
        metrics().set(metric::transport_up, {{"transport", std::string(platform_name(transport->platform()))}},
                      transport->healthy() ? 1 : 0);
    }
}

}  // namespace mentorbot

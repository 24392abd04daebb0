// The health report and the gauges read from the database.
#include "bot/health_check.h"

#include "bot/metrics.h"
#include "storage/job_store.h"
#include "storage/outbox_store.h"
#include "storage/unit_of_work.h"

namespace mentorbot {

HealthReport HealthCheck::report() {
    Database::StatementScope statements(database_);
    HealthReport report;
    for (const Transport* transport : transports_) {
        bool up = transport->healthy();
        report.healthy = report.healthy && up;
        report.detail += std::string(platform_name(transport->platform())) + ": " +
                         (up ? "connected" : "not connected") + "\n";
    }
    try {
        // Takes the write lock and gives it back: proves the file is writable now.
        UnitOfWork::transaction(database_, UnitOfWork::Lock::immediate).rollback();
        report.detail += "database: writable\n";
    } catch (const std::exception& error) {
        report.healthy = false;
        report.detail += std::string("database: not writable (") + error.what() + ")\n";
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

// What /healthz and the gauges report: transports connected, the database writable, queues' depth.
#pragma once

#include <vector>

#include "bot/metrics_server.h"
#include "bot/transport.h"
#include "domain/clock.h"
#include "storage/database.h"

namespace mentorbot {

class HealthCheck {
public:
    HealthCheck(Database& database, const Clock& clock, const std::vector<Transport*>& transports)
        : database_(database), clock_(clock), transports_(transports) {}

    // Healthy when every transport is connected and the database can be read now and
    // written (its file, log and directory may be written). Never takes the write lock,
    // so a probe neither waits for a long write nor delays one.
    HealthReport report();
    // Sets the gauges read from the database (outbox depth, jobs due) and the transports'.
    void refresh_gauges();

private:
    Database& database_;
    const Clock& clock_;
    const std::vector<Transport*>& transports_;
};

}  // namespace mentorbot

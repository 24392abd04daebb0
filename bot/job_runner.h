// Runs the durable jobs that are due, each with its effects and outbox messages in one unit of work.
#pragma once

#include <optional>

#include "config/config.h"
#include "domain/clock.h"
#include "storage/database.h"

namespace mentorbot {

// A job's effects and the mark that it is done commit together, so a job runs exactly
// once across crashes and restarts. A job that throws is retried with exponential
// backoff and given up after a few attempts.
class JobRunner {
public:
    JobRunner(Database& database, const Config& config, const Clock& clock)
        : database_(database), config_(config), clock_(clock) {}

    // Runs the jobs due now; returns how many ran to the end.
    int run_due();
    // When the next pending job falls due, if any.
    std::optional<Seconds> next_due();

private:
    Database& database_;
    const Config& config_;
    const Clock& clock_;
};

}  // namespace mentorbot

// Durable job kinds and what each does when it falls due.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/reply.h"
#include "config/config.h"
#include "domain/clock.h"
#include "storage/database.h"
#include "storage/job_store.h"

namespace mentorbot {

// What a job handler gets. It runs inside one transaction together with marking the
// job done, so a job's effects happen exactly once even across crashes and restarts.
struct JobContext {
    Database& database;
    const Config& config;
    const Clock& clock;
    const Job& job;
    nlohmann::json payload;
    // Messages to send; stored in the outbox in the same transaction.
    std::vector<OutboundMessage> outbound;

    long long now() const { return to_unix(clock.now()); }
};

using JobHandler = std::function<void(JobContext&)>;

// kind → handler for every job kind of the product.
const std::map<std::string, JobHandler>& job_handlers();

}  // namespace mentorbot

// Durable timers: jobs written in a command's transaction and run once when due.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/job_keys.h"

namespace mentorbot {

struct Job {
    long long id = 0;
    std::string kind;
    std::string payload;  // JSON object
    long long due_at = 0;
    int attempts = 0;
};

class JobStore {
public:
    explicit JobStore(Database& database) : database_(database) {}

    // Schedules a job. With a non-empty `dedupe_key`, a second job with the same key
    // is not added (returns 0) — e.g. one expiry per offer.
    long long schedule(const std::string& kind, const std::string& payload, long long due_at,
                       const std::string& dedupe_key = {}, long long now = 0);
    long long schedule(JobKind kind, const std::string& payload, long long due_at, const std::string& dedupe_key = {},
                       long long now = 0) {
        return schedule(job_kind_name(kind), payload, due_at, dedupe_key, now);
    }
    // Pending jobs due at or before `now`, oldest first.
    std::vector<Job> due(long long now, int limit = 100);
    void mark_done(long long job_id, long long now);
    // A failed run: try again at `retry_at`, or give up after too many attempts.
    void mark_failed_attempt(long long job_id, long long retry_at, bool give_up);
    // Cancels pending jobs with this dedupe key (e.g. an offer that was answered).
    void cancel(const std::string& dedupe_key);
    // Whether a job with this dedupe key is still waiting to run.
    bool has_pending(const std::string& dedupe_key);
    // The payload of the pending job scheduled under `dedupe_key`, if there is one.
    std::optional<std::string> pending_payload(const std::string& dedupe_key);
    long long pending_count();
    // Pending jobs due at or before `now` (for the jobs_due gauge).
    long long due_count(long long now);
    std::optional<long long> next_due_at();

private:
    Database& database_;
};

}  // namespace mentorbot

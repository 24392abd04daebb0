// The due-job loop: dispatch by kind, one unit of work per job, retry with backoff.
#include "bot/job_runner.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "commands/job_handlers.h"
#include "storage/job_store.h"
#include "storage/outbox_store.h"
#include "storage/unit_of_work.h"

namespace mentorbot {

namespace {

// A job that fails this many times is given up (and stays in the table, failed, for the log).
constexpr int max_job_attempts = 5;

// Two minutes after the first failure, doubling each time.
long long seconds_before_retry(int attempts_so_far) { return 60LL * (1LL << attempts_so_far); }

}  // namespace

int JobRunner::run_due() {
    Database::StatementScope statements(database_);
    int ran = 0;
    const auto& handlers = job_handlers();
    const long long now = to_unix(clock_.now());
    for (const Job& job : JobStore(database_).due(now)) {
        auto handler = handlers.find(job.kind);
        try {
            UnitOfWork work = UnitOfWork::transaction(database_, UnitOfWork::Lock::immediate);
            if (handler == handlers.end()) {
                spdlog::error("job {} has unknown kind '{}'; marking it failed", job.id, job.kind);
                JobStore(database_).mark_failed_attempt(job.id, now, true);
                work.commit();
                continue;
            }
            JobContext context{database_, config_, clock_, job, nlohmann::json::parse(job.payload), {}};
            handler->second(context);
            OutboxStore outbox(database_);
            for (const auto& message : context.outbound) outbox.enqueue(message, now);
            JobStore(database_).mark_done(job.id, now);
            work.commit();
            ++ran;
        } catch (const std::exception& error) {
            // Another process holds the write lock: not the job's fault. It and the rest
            // run at a later tick, without losing an attempt.
            if (is_database_busy(error)) {
                spdlog::debug("job {} ({}) waits: the database is locked by another connection", job.id, job.kind);
                return ran;
            }
            // Its unit of work rolled back; record the attempt on its own and retry later.
            const int attempts = job.attempts + 1;
            const bool give_up = attempts >= max_job_attempts;
            spdlog::error("job {} ({}) failed (attempt {}{}): {}", job.id, job.kind, attempts,
                          give_up ? ", giving up" : "", error.what());
            UnitOfWork work = UnitOfWork::transaction(database_, UnitOfWork::Lock::immediate);
            JobStore(database_).mark_failed_attempt(job.id, now + seconds_before_retry(attempts), give_up);
            work.commit();
        }
    }
    return ran;
}

std::optional<Seconds> JobRunner::next_due() {
    Database::StatementScope statements(database_);
    const std::optional<long long> due = JobStore(database_).next_due_at();
    if (!due) return std::nullopt;
    return from_unix(*due);
}

}  // namespace mentorbot

// Jobs table access.
#include "storage/job_store.h"

namespace mentorbot {

long long JobStore::schedule(const std::string& kind, const std::string& payload, long long due_at,
                             const std::string& dedupe_key, long long now) {
    if (!dedupe_key.empty()) {
        // The same key is often scheduled again (the weekly reset, once per queued request).
        // Looking first is cheap; the insert is not even when ignored: the CHECK on status
        // makes SQLite build a temporary b-tree for it every time.
        auto& known = database_.prepare("SELECT 1 FROM jobs WHERE dedupe_key = ?");
        known.bind(1, dedupe_key);
        const bool scheduled = known.executeStep();
        known.reset();
        if (scheduled) return 0;
    }
    auto& insert = database_.prepare(
        "INSERT OR IGNORE INTO jobs (kind, payload, due_at, dedupe_key, created_at) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, kind);
    insert.bind(2, payload);
    insert.bind(3, static_cast<int64_t>(due_at));
    if (dedupe_key.empty()) insert.bind(4);
    else insert.bind(4, dedupe_key);
    insert.bind(5, static_cast<int64_t>(now));
    return insert.exec() == 0 ? 0 : database_.last_insert_id();
}

std::vector<Job> JobStore::due(long long now, int limit) {
    auto& query = database_.prepare(
        "SELECT id, kind, payload, due_at, attempts FROM jobs WHERE status = 'pending' AND due_at <= ? "
        "ORDER BY due_at, id LIMIT ?");
    query.bind(1, static_cast<int64_t>(now));
    query.bind(2, limit);
    std::vector<Job> jobs;
    while (query.executeStep()) {
        jobs.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString(), query.getColumn(2).getString(),
                        query.getColumn(3).getInt64(), query.getColumn(4).getInt()});
    }
    return jobs;
}

void JobStore::mark_done(long long job_id, long long now) {
    auto& update = database_.prepare("UPDATE jobs SET status = 'done', done_at = ?, dedupe_key = NULL WHERE id = ?");
    update.bind(1, static_cast<int64_t>(now));
    update.bind(2, static_cast<int64_t>(job_id));
    update.exec();
}

void JobStore::mark_failed_attempt(long long job_id, long long retry_at, bool give_up) {
    auto& update = database_.prepare(
        "UPDATE jobs SET attempts = attempts + 1, due_at = ?, status = CASE WHEN ? THEN 'failed' ELSE status END "
        "WHERE id = ?");
    update.bind(1, static_cast<int64_t>(retry_at));
    update.bind(2, give_up ? 1 : 0);
    update.bind(3, static_cast<int64_t>(job_id));
    update.exec();
}

void JobStore::cancel(const std::string& dedupe_key) {
    auto& update = database_.prepare(
        "UPDATE jobs SET status = 'done', dedupe_key = NULL WHERE dedupe_key = ? AND status = 'pending'");
    update.bind(1, dedupe_key);
    update.exec();
}

bool JobStore::has_pending(const std::string& dedupe_key) {
    auto& query = database_.prepare("SELECT COUNT(*) FROM jobs WHERE dedupe_key = ? AND status = 'pending'");
    query.bind(1, dedupe_key);
    query.executeStep();
    const bool pending = query.getColumn(0).getInt() > 0;
    query.reset();
    return pending;
}

std::optional<std::string> JobStore::pending_payload(const std::string& dedupe_key) {
    auto& query = database_.prepare("SELECT payload FROM jobs WHERE dedupe_key = ? AND status = 'pending'");
    query.bind(1, dedupe_key);
    std::optional<std::string> payload;
    if (query.executeStep()) payload = query.getColumn(0).getString();
    query.reset();
    return payload;
}

long long JobStore::pending_count() {
    auto& query = database_.prepare("SELECT COUNT(*) FROM jobs WHERE status = 'pending'");
    query.executeStep();
    return query.getColumn(0).getInt64();
}

long long JobStore::due_count(long long now) {
    auto& query = database_.prepare("SELECT COUNT(*) FROM jobs WHERE status = 'pending' AND due_at <= ?");
    query.bind(1, static_cast<int64_t>(now));
    query.executeStep();
    return query.getColumn(0).getInt64();
}

std::optional<long long> JobStore::next_due_at() {
    auto& query = database_.prepare("SELECT MIN(due_at) FROM jobs WHERE status = 'pending'");
    query.executeStep();
    if (query.getColumn(0).isNull()) return std::nullopt;
    return query.getColumn(0).getInt64();
}

}  // namespace mentorbot

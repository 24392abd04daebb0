// The checkpoint thread: its own connection, a passive checkpoint on a fixed beat.
#include "storage/wal_checkpointer.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

namespace mentorbot {

namespace {

// SQLite's own default: the WAL size at which a commit checkpoints.
constexpr int default_autocheckpoint_pages = 1000;

}  // namespace

WalCheckpointer::WalCheckpointer(Database& database, std::chrono::milliseconds interval)
    : database_(database), database_path_(database.path()), interval_(interval) {
    database_.execute("PRAGMA wal_autocheckpoint=" + std::to_string(safety_net_pages));
    // After a burst the log is cut back to this size once it starts over.
    database_.execute("PRAGMA journal_size_limit=" + std::to_string(64 * 1024 * 1024));
    thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    try {
        database_.execute("PRAGMA wal_autocheckpoint=" + std::to_string(default_autocheckpoint_pages));
    } catch (const std::exception& error) {
        spdlog::warn("could not restore automatic checkpoints: {}", error.what());
    }
}

long long WalCheckpointer::checkpoints() const {
    std::lock_guard lock(mutex_);
    return checkpoints_;
}

void WalCheckpointer::run() {
    try {
        SQLite::Database connection(database_path_, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
        // Brief: a checkpoint that meets a busy lock simply tries again next beat.
        connection.setBusyTimeout(50);
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            wake_.wait_for(lock, interval_, [this] { return stopping_; });
            if (stopping_) break;
            lock.unlock();
            try {
                connection.exec("PRAGMA wal_checkpoint(PASSIVE)");
            } catch (const std::exception& error) {
                spdlog::debug("wal checkpoint skipped: {}", error.what());
            }
            lock.lock();
            ++checkpoints_;
        }
    } catch (const std::exception& error) {
        // The bot's own connection still checkpoints at its safety-net size.
        spdlog::warn("the checkpoint thread stopped: {}", error.what());
    }
}

}  // namespace mentorbot

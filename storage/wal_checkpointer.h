// Copies the write-ahead log back into the database file from a thread of its own.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "storage/database.h"

namespace mentorbot {

// SQLite's automatic checkpoint runs inside whichever commit crosses the WAL size
// limit, so one command in a few hundred would pay for copying pages and an fsync.
// This thread checkpoints on its own connection instead (PASSIVE: it never blocks the
// writer), and the bot's connection keeps a far larger automatic limit only as a
// safety net should this thread fall behind.
class WalCheckpointer {
public:
    // Frames the bot's own connection lets the WAL reach before checkpointing itself.
    static constexpr int safety_net_pages = 20000;

    // Call on the thread that owns `database`; it must outlive this object.
    explicit WalCheckpointer(Database& database, std::chrono::milliseconds interval = std::chrono::milliseconds(100));
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    // Checkpoints that finished (for tests and the log).
    long long checkpoints() const;

private:
    void run();

    Database& database_;
    std::string database_path_;
    std::chrono::milliseconds interval_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    long long checkpoints_ = 0;
    std::thread thread_;
};

}  // namespace mentorbot

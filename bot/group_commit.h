// Group commit: commands whose changes may wait share one transaction that commits a moment later.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "bot/internal_error.h"
#include "model/reply.h"
#include "storage/database.h"
#include "storage/unit_of_work.h"

namespace mentorbot {

// One commit costs about as much as the commands in it together; under load, commands
// that may answer a moment later share one. The batch is a transaction that wrote and
// was kept open: further commands run in savepoints of it, their replies are held, and
// it commits `window` after it opened, when enough replies wait, or when anything else
// needs the database. Everything runs on the thread that owns the database.
class GroupCommit {
public:
    // What the owner is told after each commit of a batch.
    struct Listener {
        // The batch is durable: deliveries it queued may go out now.
        std::function<void()> committed;
        // The batch was lost: answers remembered during it may describe lost changes.
        std::function<void()> lost;
    };
    // How a commit of the batch went; `error_id` names the log line when it failed.
    struct Result {
        bool committed = true;
        std::string error_id;
    };

    GroupCommit(Database& database, InternalErrors& internal_errors, Listener listener);
    // Commits what is open; replies still held are not sent (their transports may be
    // gone), so the platform re-sends them and the run-once records answer.
    ~GroupCommit();

    // From now on a transaction that wrote may be kept open as the batch (see
    // keep_open). The timer lives on `executor`: call disable() before that executor's
    // io_context goes away.
    void enable(boost::asio::any_io_executor executor, std::chrono::microseconds window);
    // Commits what is pending and goes back to one commit per command.
    void disable();
    bool enabled() const { return timer_ != nullptr; }
    // A batch is open: work runs in savepoints of it, and its replies wait.
    bool open() const { return batch_.has_value(); }

    // Keeps `transaction` open as the batch; only while enabled() and not open().
    void keep_open(UnitOfWork transaction);
    // Sends `reply` through `done` once the batch commits, an apology if that fails.
    void hold(std::function<void(Reply)> done, Reply reply);
    // Commits the open batch, if any, and releases the replies that waited for it.
    Result commit();

    // Applies `change` now and lets it commit with the batch: in a savepoint of the open
    // batch, in a transaction that opens one, or (when not enabled) committed at once.
    void write_soon(const std::function<void()>& change);

private:
    struct Timer;
    struct HeldReply {
        std::function<void(Reply)> release;
        Reply reply;
    };

    Database& database_;
    InternalErrors& internal_errors_;
    Listener listener_;
    std::unique_ptr<Timer> timer_;
    std::chrono::microseconds window_{0};
    std::optional<UnitOfWork> batch_;
    std::vector<HeldReply> held_replies_;
};

}  // namespace mentorbot

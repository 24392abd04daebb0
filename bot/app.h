// The app: runs commands in transactions, keeps the durable outbox moving, runs due jobs.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "bot/command_service.h"
#include "bot/internal_error.h"
#include "bot/metrics_server.h"
#include "bot/recent_replies.h"
#include "bot/transport.h"
#include "commands/registry.h"
#include "config/config.h"
#include "domain/clock.h"
#include "domain/rate_limiter.h"
#include "model/user_error.h"
#include "storage/database.h"

namespace mentorbot {

// Everything here runs on one thread: the one that owns the database connection.
class App final : public CommandService {
public:
    App(Database& database, Config config, const Clock& clock,
        const CommandRegistry& registry = CommandRegistry::standard());

    // Runs the request (see CommandService): parse, permission and rate checks, the
    // command in its transaction (or in the open batch), its outbox messages and its
    // run-once record; a delivery seen before is answered from that record.
    void dispatch(CommandRequest request, Completion done) override;

    // Group commit: from now on, a request with CommitPolicy::may_share_commit whose changes
    // can wait joins an open batch that commits `window` after it opened (or sooner, when
    // the batch is full or anything else needs the database). Without this call every
    // command commits at once. The timer lives on `executor`: call
    // disable_group_commit() before that executor's io_context goes away.
    void enable_group_commit(boost::asio::any_io_executor executor,
                             std::chrono::microseconds window = std::chrono::microseconds(1000));
    // Commits what is pending and goes back to one commit per command.
    void disable_group_commit();
    // Commits the open batch, if any, and releases the replies that waited for it.
    // Returns false when that commit failed (the batch's commands were answered with an
    // apology and none of their changes remain).
    bool commit_pending();

    // Runs the jobs that are due now, each in its own transaction; returns how many ran.
    int run_due_jobs();
    // Hands every due outbox delivery to the transport that serves its target.
    void deliver_outbox();
    void add_transport(Transport& transport) { transports_.push_back(&transport); }

    // Regular upkeep, called from the scheduler's tick: forgets run-once records older
    // than a day (at most once a minute).
    void housekeeping();

    // For /healthz: every transport connected and the database writable.
    HealthReport health();
    // Sets the gauges read from the database (outbox depth, jobs due, transports up).
    void refresh_gauges();

    ~App() override;

    Database& database() { return database_; }
    const Config& config() const { return config_; }
    const Clock& clock() const { return clock_; }
    const CommandRegistry& registry() const { return registry_; }
    // Commands that ended in an internal error (a bug of ours) since start.
    long long internal_error_count() const { return internal_errors_; }

private:
    // Whether a command's changes must be committed before its reply is returned.
    enum class Commit { now, may_wait };
    struct Outcome {
        Reply reply;
        // Set when the command was refused as a user error: what kind.
        std::optional<UserErrorKind> refused;
        // The command ran inside an open batch: its reply waits for that commit.
        bool in_batch = false;
        // A delivery seen before: its earlier answer, nothing run.
        bool replayed = false;
    };
    Outcome run_request(const CommandRequest& request);
    // Reads the request's input into a typed invocation; `label` names the command for
    // the figures once it is known.
    Invocation parse(const CommandRequest& request, std::string& label) const;
    // Runs `command` with its outbox messages and run-once record: in a transaction of
    // its own, or in a savepoint of the open batch.
    Outcome run_in_transaction(const std::string& delivery_key, const char* begin, Commit commit,
                               const std::function<Reply()>& command);
    Outcome run_in_batch(const std::string& delivery_key, const std::function<Reply()>& command);
    // Runs `command` inside the open transaction or savepoint, queues its outbox
    // messages and keeps what a re-sent delivery needs; rolling back is the caller's.
    struct Applied {
        Reply reply;
        std::optional<UserErrorKind> refused;
        bool changed = false;
        bool replayed = false;
    };
    Applied apply(const std::string& delivery_key, const std::function<Reply()>& command);
    // Keeps the transaction that just wrote open as the batch, to commit a moment later.
    void open_batch();
    // Applies `change` now and lets it commit with the batch (or at once without group commit).
    void write_soon(const std::function<void()>& change);
    Reply execute(const Invocation& invocation);
    Transport* transport_for(const std::string& target);

    Database& database_;
    Config config_;
    const Clock& clock_;
    const CommandRegistry& registry_;
    RateLimiter rate_limiter_;
    long long internal_errors_ = 0;
    long long next_prune_at_ = 0;
    RecentReplies recent_replies_;
    std::vector<Transport*> transports_;
    // Deliveries handed to a transport whose outcome has not come back yet.
    std::set<long long> in_flight_;

    // Group commit (see enable_group_commit).
    struct BatchTimer;
    std::unique_ptr<BatchTimer> batch_timer_;
    std::chrono::microseconds batch_window_{0};
    bool batch_open_ = false;
    // The outbox was asked for while a batch was open: deliver once it commits.
    bool outbox_wanted_ = false;
    struct HeldReply {
        std::function<void(Reply)> release;
        Reply reply;
    };
    std::vector<HeldReply> held_replies_;
};

}  // namespace mentorbot

// The app: runs commands in transactions, keeps the durable outbox moving, runs due jobs.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "bot/command_service.h"
#include "bot/metrics_server.h"
#include "bot/recent_replies.h"
#include "bot/transport.h"
#include "commands/registry.h"
#include "config/config.h"
#include "domain/clock.h"
#include "domain/rate_limiter.h"
#include "storage/database.h"

namespace mentorbot {

// Everything here runs on one thread: the one that owns the database connection.
class App final : public CommandService {
public:
    App(Database& database, Config config, const Clock& clock,
        const CommandRegistry& registry = CommandRegistry::standard());

    Reply run_text(const Caller& caller, std::string_view command_line, const std::string& member_id_prefix) override;
    Reply run_options(const Caller& caller, const std::string& command, const std::string& subcommand,
                      const std::vector<std::pair<std::string, std::string>>& options,
                      const std::string& member_id_prefix) override;
    Reply run_text_once(const std::string& delivery_key, const Caller& caller, std::string_view command_line,
                        const std::string& member_id_prefix) override;
    Reply run_options_once(const std::string& delivery_key, const Caller& caller, const std::string& command,
                           const std::string& subcommand,
                           const std::vector<std::pair<std::string, std::string>>& options,
                           const std::string& member_id_prefix) override;
    void run_text_batched(const std::string& delivery_key, const Caller& caller, std::string_view command_line,
                          const std::string& member_id_prefix, std::function<void(Reply)> release) override;

    // Group commit: from now on, a command run through run_text_batched whose changes
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
        bool user_error = false;
        // The command ran inside an open batch: its reply waits for that commit.
        bool in_batch = false;
        // A delivery seen before: its earlier answer, nothing run.
        bool replayed = false;
    };
    template <typename Parse>
    Outcome run(const Caller& caller, const std::string& delivery_key, Commit commit, Parse parse);
    // Runs `command` with its outbox messages and run-once record: in a transaction of
    // its own, or in a savepoint of the open batch.
    Outcome run_in_transaction(const std::string& delivery_key, const char* begin, Commit commit,
                               const std::function<Reply()>& command);
    Outcome run_in_batch(const std::string& delivery_key, const std::function<Reply()>& command);
    // Runs `command` inside the open transaction or savepoint, queues its outbox
    // messages and keeps what a re-sent delivery needs; rolling back is the caller's.
    struct Applied {
        Reply reply;
        bool user_error = false;
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

// The text shown for an internal error: a short apology with an id to find the log line.
std::string internal_error_text(const std::string& error_id);

}  // namespace mentorbot

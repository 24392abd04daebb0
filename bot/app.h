// The app: runs commands in transactions, keeps the durable outbox moving, runs due jobs.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

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

    Database& database() { return database_; }
    const Config& config() const { return config_; }
    const Clock& clock() const { return clock_; }
    const CommandRegistry& registry() const { return registry_; }
    // Commands that ended in an internal error (a bug of ours) since start.
    long long internal_error_count() const { return internal_errors_; }

private:
    struct Outcome {
        Reply reply;
        bool user_error = false;
    };
    template <typename Parse>
    Reply run(const Caller& caller, const std::string& delivery_key, Parse parse);
    // Runs `command` in one transaction with its outbox messages and run-once record.
    Outcome run_in_transaction(const std::string& delivery_key, SQLite::TransactionBehavior behavior,
                               const std::function<Reply()>& command);
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
};

// The text shown for an internal error: a short apology with an id to find the log line.
std::string internal_error_text(const std::string& error_id);

}  // namespace mentorbot

// The app: the services that run commands, commit them, run jobs, deliver the outbox and report health, wired together.
#pragma once

#include <chrono>
#include <optional>

#include <boost/asio/any_io_executor.hpp>

#include "bot/command_runner.h"
#include "bot/command_service.h"
#include "bot/exactly_once.h"
#include "bot/group_commit.h"
#include "bot/health_check.h"
#include "bot/internal_error.h"
#include "bot/job_runner.h"
#include "bot/tenant_gate.h"
#include "bot/metrics_server.h"
#include "bot/outbox_dispatcher.h"
#include "bot/transport.h"
#include "commands/home_view.h"
#include "commands/registry.h"
#include "config/config.h"
#include "domain/clock.h"
#include "storage/database.h"

namespace mentorbot {

// Everything here runs on one thread: the one that owns the database connection. Each
// concern has a service of its own; the app owns them and is the seam transports call.
class App final : public CommandService {
public:
    App(Database& database, Config config, const Clock& clock,
        const CommandRegistry& registry = CommandRegistry::standard());

    // Runs the request (see CommandService): parse, permission and rate checks, the
    // command in its unit of work (or in the open batch), its outbox messages and its
    // run-once record; a delivery seen before is answered from that record.
    void dispatch(CommandRequest request, Completion done) override;

    // Group commit: from now on, a request with CommitPolicy::may_share_commit whose changes
    // can wait joins an open batch that commits `window` after it opened (or sooner, when
    // the batch is full or anything else needs the database). Without this call every
    // command commits at once. The timer lives on `executor`: call
    // disable_group_commit() before that executor's io_context goes away. Delivery outcomes
    // that could not be written are retried by a timer on the same executor.
    void enable_group_commit(boost::asio::any_io_executor executor,
                             std::chrono::microseconds window = std::chrono::microseconds(1000));
    // Commits what is pending and goes back to one commit per command; delivery outcomes
    // still waiting for the database are then retried at the next deliver_outbox().
    void disable_group_commit();
    // Commits the open batch, if any, and releases the replies that waited for it.
    // Returns false when that commit failed (the batch's commands were answered with an
    // apology and none of their changes remain).
    bool commit_pending() { return group_commit_.commit().committed; }

    // Runs the jobs that are due now, each in its own unit of work; returns how many ran.
    int run_due_jobs();
    // When the next pending job falls due, if any (the console and tests step time through it).
    std::optional<Seconds> next_job_due() { return jobs_.next_due(); }
    // Hands every due outbox delivery to the transport that serves its target.
    void deliver_outbox() { outbox_.deliver(); }
    void add_transport(Transport& transport) { outbox_.add_transport(transport); }

    // Regular upkeep, called from the scheduler's tick: forgets run-once records older
    // than a day (at most once a minute).
    void housekeeping();

    // For /healthz: every transport connected and the database writable.
    HealthReport health();
    // The member's Home (commands/home_view.h), read in one snapshot once the open batch is
    // committed, so it shows what their last command did. nullopt for a tenant the bot does not
    // serve. Throws when the database cannot be read (the caller logs it and goes on).
    std::optional<HomeView> home_view(const MemberId& member);
    // Sets the gauges read from the database (outbox depth, jobs due, transports up).
    void refresh_gauges();

    Database& database() { return database_; }
    const Config& config() const { return config_; }
    // The workspaces and servers served (the configured lists, or the ones adopted).
    const TenantGate& tenants() const { return tenants_; }
    const Clock& clock() const { return clock_; }
    const CommandRegistry& registry() const { return registry_; }
    // Commands that ended in an internal error (a bug of ours) since start.
    long long internal_error_count() const { return internal_errors_.count(); }

private:
    Database& database_;
    Config config_;
    const Clock& clock_;
    const CommandRegistry& registry_;
    // Declared in the order they depend on each other; destroyed the other way round, so
    // the open batch commits while everything it tells still exists.
    InternalErrors internal_errors_;
    TenantGate tenants_;
    ExactlyOnce exactly_once_;
    OutboxDispatcher outbox_;
    GroupCommit group_commit_;
    CommandRunner commands_;
    JobRunner jobs_;
    HealthCheck health_;
};

}  // namespace mentorbot

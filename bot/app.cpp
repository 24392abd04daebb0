// Command execution with one transaction per command, exactly-once deliveries, jobs and the outbox.
#include "bot/app.h"

#include <chrono>
#include <optional>
#include <random>

#include <sqlite3.h>

#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "bot/metrics.h"
#include "commands/command_context.h"
#include "commands/command_line.h"
#include "model/user_error.h"
#include "commands/job_handlers.h"
#include "storage/delivery_store.h"
#include "storage/job_store.h"
#include "storage/member_store.h"
#include "storage/outbox_store.h"

namespace mentorbot {

namespace {

// A batch commits early once this many answers wait for it.
constexpr std::size_t max_held_replies = 256;

std::string new_error_id() {
    static std::mt19937_64 generator{std::random_device{}()};
    static const char digits[] = "0123456789abcdef";
    std::string id = "E-";
    for (int index = 0; index < 8; ++index) id.push_back(digits[generator() % 16]);
    return id;
}

Reply user_error_reply(const UserError& error) {
    std::string text = "⚠️ " + std::string(error.what());
    if (!error.usage().empty()) text += "\nUsage: " + error.usage();
    return Reply::private_text(text);
}

std::string command_label(const std::string& command, const std::string& subcommand) {
    return subcommand.empty() ? command : command + " " + subcommand;
}

// True when SQLite refused because another connection holds or has moved past our lock.
bool is_busy(const SQLite::Exception& error) { return (error.getErrorCode() & 0xff) == SQLITE_BUSY; }

}  // namespace

std::string internal_error_text(const std::string& error_id) {
    return "Sorry, something went wrong on our side. Nothing was changed. If it keeps happening, tell your "
           "mentorbot admin error id " +
           error_id + ".";
}

App::App(Database& database, Config config, const Clock& clock, const CommandRegistry& registry)
    : database_(database),
      config_(std::move(config)),
      clock_(clock),
      registry_(registry),
      rate_limiter_(config_.commands_per_minute) {}

Reply App::execute(const Invocation& invocation) {
    const CommandSpec* command = registry_.find(invocation.command);
    const SubcommandSpec* subcommand = registry_.find(invocation.command, invocation.subcommand);
    CommandContext context{database_, config_, clock_, registry_, invocation, *command, *subcommand};
    try {
        if (subcommand->admin_only && !context.caller_is_admin()) {
            throw not_allowed("/" + command->name + (subcommand->name.empty() ? "" : " " + subcommand->name) +
                              " is for program admins only; nothing was done.");
        }
        MemberStore(database_).note_caller(invocation.caller.member_id(), invocation.caller.display_name,
                                           context.now());
        return subcommand->handler(context);
    } catch (UserError& error) {
        // Every refusal shows the usage line, also those a handler did not dress itself.
        if (error.usage().empty()) error.set_usage(context.usage());
        throw;
    }
}

App::Outcome App::run_request(const CommandRequest& request) {
    const Caller& caller = request.caller;
    const std::string& delivery_key = request.delivery_key;
    const Commit commit = request.commit == CommitPolicy::may_share_commit ? Commit::may_wait : Commit::now;
    // Figures label commands by name once they are known; a line that does not parse
    // is counted as "unparsed".
    std::string command_label = "unparsed";
    auto count = [&](const char* outcome) {
        metrics().add(metric::commands, {{"command", command_label}, {"outcome", outcome}});
    };
    Database::StatementScope statements(database_);
    try {
        // Admitted once, even if a busy database makes the command run a second time.
        std::optional<long long> rate_limit_wait;
        auto counted = [&](Outcome outcome) {
            if (outcome.replayed) {
                spdlog::info("delivery {} seen before; answering again without running it", delivery_key);
                count("replayed");
            } else if (rate_limit_wait && *rate_limit_wait > 0) {
                count("rate_limited");
            } else {
                count(outcome.refused ? "user_error" : "ok");
                if (outcome.refused) {
                    metrics().add(metric::user_errors, {{"command", command_label},
                                                        {"kind", std::string(user_error_kind_name(*outcome.refused))}});
                }
            }
            return outcome;
        };
        // A delivery answered moments ago is answered from memory; one from longer ago
        // (or before a restart) is found by apply() in the command's own transaction.
        if (const Reply* remembered = delivery_key.empty() ? nullptr : recent_replies_.find(delivery_key)) {
            // Its record may still be in the open batch: answer once that is durable.
            return counted({.reply = *remembered, .in_batch = batch_open_, .replayed = true});
        }
        auto command = [&]() -> Reply {
            if (!rate_limit_wait) {
                rate_limit_wait = caller.rate_limited ? rate_limiter_.admit(caller.member_id(), clock_.now()) : 0;
            }
            if (*rate_limit_wait > 0) {
                return Reply::private_text(
                    "You are sending commands quickly: at most " + std::to_string(config_.commands_per_minute) +
                    " a minute. Nothing was done; try again in " + std::to_string(*rate_limit_wait) + " s.");
            }
            return execute(parse(request, command_label));
        };
        if (batch_open_) return counted(run_in_batch(delivery_key, command));
        try {
            // Most commands only read: a deferred transaction lets them run without the
            // write lock, and the first write takes it.
            return counted(run_in_transaction(delivery_key, "BEGIN DEFERRED", commit, command));
        } catch (const SQLite::Exception& error) {
            if (!is_busy(error)) throw;
            // Another process (an import, a backup) wrote since our read began, and an
            // old read cannot become a write. Everything rolled back: run it again,
            // holding the write lock from the start (the busy timeout waits for it).
            database_.release_statements();
            return counted(run_in_transaction(delivery_key, "BEGIN IMMEDIATE", commit, command));
        }
    } catch (const std::exception& error) {
        std::string error_id = new_error_id();
        spdlog::error("[{}] internal error in a command from {}: {}", error_id, caller.member_id(), error.what());
        count("internal_error");
        ++internal_errors_;
        return {.reply = Reply::private_text(internal_error_text(error_id))};
    }
}

namespace {

// Rolls back the transaction or savepoint it guards unless dismissed: every way out of
// a command that is not success leaves nothing behind.
class RollbackGuard {
public:
    // `savepoint` null: the whole transaction; else just that savepoint.
    RollbackGuard(Database& database, const char* savepoint = nullptr) : database_(database), savepoint_(savepoint) {}
    ~RollbackGuard() {
        if (dismissed_) return;
        try {
            if (savepoint_ == nullptr) {
                database_.execute_prepared("ROLLBACK");
                return;
            }
            database_.execute_prepared(std::string("ROLLBACK TO ") + savepoint_);
            database_.execute_prepared(std::string("RELEASE ") + savepoint_);
        } catch (const std::exception& error) {
            spdlog::error("rollback failed: {}", error.what());
        }
    }
    void dismiss() { dismissed_ = true; }
    RollbackGuard(const RollbackGuard&) = delete;
    RollbackGuard& operator=(const RollbackGuard&) = delete;

private:
    Database& database_;
    const char* savepoint_;
    bool dismissed_ = false;
};

}  // namespace

App::Applied App::apply(const std::string& delivery_key, const std::function<Reply()>& command) {
    sqlite3* handle = database_.connection().getHandle();
    // The durable run-once record, read in the transaction the command runs in: a
    // lookup of its own would take and release the database's read locks once more.
    if (!delivery_key.empty()) {
        if (std::optional<Reply> earlier = DeliveryStore(database_).find(delivery_key)) {
            return {.reply = std::move(*earlier), .replayed = true};
        }
    }
    const sqlite3_int64 changes_before = sqlite3_total_changes64(handle);
    Reply reply;
    try {
        reply = command();
        OutboxStore outbox(database_);
        for (const auto& message : reply.outbound) outbox.enqueue(message, to_unix(clock_.now()));
    } catch (const UserError& error) {
        // A user error changes nothing: the caller rolls its transaction or savepoint back.
        Reply refusal = user_error_reply(error);
        recent_replies_.remember(delivery_key, refusal);
        return {.reply = std::move(refusal), .refused = error.kind()};
    }
    // Only a command that changed something needs a run-once record: running a
    // command that changed nothing again changes nothing either, and such a command
    // commits a read transaction, which costs no write at all.
    const bool changed = sqlite3_total_changes64(handle) != changes_before;
    if (changed && !delivery_key.empty()) DeliveryStore(database_).save(delivery_key, reply, to_unix(clock_.now()));
    if (!changed) recent_replies_.remember(delivery_key, reply);
    return {.reply = std::move(reply), .changed = changed};
}

App::Outcome App::run_in_transaction(const std::string& delivery_key, const char* begin, Commit commit,
                                     const std::function<Reply()>& command) {
    database_.execute_prepared(begin);
    RollbackGuard transaction(database_);
    Applied applied = apply(delivery_key, command);
    if (applied.refused) return {.reply = std::move(applied.reply), .refused = applied.refused};
    if (applied.replayed) {
        database_.execute_prepared("COMMIT");
        transaction.dismiss();
        return {.reply = std::move(applied.reply), .replayed = true};
    }
    if (applied.changed && commit == Commit::may_wait && batch_timer_) {
        // This transaction holds the write lock now: it stays open as the batch.
        transaction.dismiss();
        open_batch();
        return {.reply = std::move(applied.reply), .in_batch = true};
    }
    auto commit_started = std::chrono::steady_clock::now();
    database_.execute_prepared("COMMIT");
    transaction.dismiss();
    if (applied.changed) {
        metrics().observe(metric::commit_seconds, {},
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - commit_started).count());
        metrics().add(metric::commits);
    }
    return {.reply = std::move(applied.reply)};
}

App::Outcome App::run_in_batch(const std::string& delivery_key, const std::function<Reply()>& command) {
    // A savepoint per command: one that fails is undone alone, the batch goes on.
    database_.execute_prepared("SAVEPOINT command");
    RollbackGuard savepoint(database_, "command");
    Applied applied = apply(delivery_key, command);
    // Even a refusal read what the batch wrote: every answer waits for its commit.
    if (applied.refused) return {.reply = std::move(applied.reply), .refused = applied.refused, .in_batch = true};
    database_.execute_prepared("RELEASE command");
    savepoint.dismiss();
    return {.reply = std::move(applied.reply), .in_batch = true, .replayed = applied.replayed};
}

App::~App() {
    // Whatever is pending commits; replies still held are not sent (their transports may
    // be gone), so the platform re-sends them and the run-once records answer.
    held_replies_.clear();
    if (batch_open_) {
        try {
            database_.execute_prepared("COMMIT");
        } catch (const std::exception& error) {
            spdlog::error("commit at exit failed: {}", error.what());
        }
    }
}

struct App::BatchTimer {
    explicit BatchTimer(boost::asio::any_io_executor executor) : timer(std::move(executor)) {}
    boost::asio::steady_timer timer;
};

void App::enable_group_commit(boost::asio::any_io_executor executor, std::chrono::microseconds window) {
    commit_pending();
    batch_timer_ = std::make_unique<BatchTimer>(std::move(executor));
    batch_window_ = window;
}

void App::disable_group_commit() {
    commit_pending();
    batch_timer_.reset();
}

void App::open_batch() {
    batch_open_ = true;
    batch_timer_->timer.expires_after(batch_window_);
    batch_timer_->timer.async_wait([this](boost::system::error_code error) {
        if (!error) commit_pending();
    });
}

bool App::commit_pending() {
    if (!batch_open_) return true;
    batch_open_ = false;
    if (batch_timer_) batch_timer_->timer.cancel();
    database_.release_statements();
    bool committed = true;
    std::string error_id;
    const auto commit_started = std::chrono::steady_clock::now();
    try {
        database_.execute_prepared("COMMIT");
        metrics().observe(metric::commit_seconds, {},
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - commit_started).count());
        metrics().add(metric::commits);
    } catch (const std::exception& error) {
        committed = false;
        error_id = new_error_id();
        spdlog::error("[{}] committing {} commands failed; none of them took effect: {}", error_id,
                      held_replies_.size(), error.what());
        try {
            database_.execute_prepared("ROLLBACK");
        } catch (const std::exception&) {
            // COMMIT that fails may already have rolled back.
        }
        // Replies remembered during the batch may describe what was just lost.
        recent_replies_ = RecentReplies();
        internal_errors_ += static_cast<long long>(held_replies_.size());
    }
    std::vector<HeldReply> held = std::move(held_replies_);
    held_replies_.clear();
    for (HeldReply& waiting : held) {
        waiting.release(committed ? std::move(waiting.reply) : Reply::private_text(internal_error_text(error_id)));
    }
    if (committed && outbox_wanted_) {
        outbox_wanted_ = false;
        deliver_outbox();
    }
    return committed;
}

void App::write_soon(const std::function<void()>& change) {
    if (batch_open_) {
        database_.execute_prepared("SAVEPOINT change");
        RollbackGuard savepoint(database_, "change");
        change();
        database_.execute_prepared("RELEASE change");
        savepoint.dismiss();
        return;
    }
    database_.execute_prepared("BEGIN IMMEDIATE");
    RollbackGuard transaction(database_);
    change();
    transaction.dismiss();
    if (batch_timer_) {
        open_batch();
        return;
    }
    database_.execute_prepared("COMMIT");
}

Invocation App::parse(const CommandRequest& request, std::string& label) const {
    if (const auto* typed = std::get_if<TypedOptions>(&request.input)) {
        if (registry_.find(typed->command, typed->subcommand) != nullptr) {
            label = command_label(typed->command, typed->subcommand);
        }
        std::vector<RawOption> raw;
        raw.reserve(typed->options.size());
        for (const auto& [name, value] : typed->options) raw.push_back({name, value});
        return bind_options(registry_, typed->command, typed->subcommand, raw, request.caller);
    }
    // A typed line or a button's command line.
    SplitCommandLine split = split_command_line(registry_, std::get<TextLine>(request.input).line);
    label = command_label(split.command, split.subcommand);
    return bind_options(registry_, split.command, split.subcommand, split.options, request.caller);
}

void App::dispatch(CommandRequest request, Completion done) {
    Outcome outcome = run_request(request);
    if (!outcome.in_batch) {
        done(std::move(outcome.reply));
        return;
    }
    if (request.commit == CommitPolicy::before_reply) {
        // It joined a batch that was open: commit it now, with the others in it.
        done(commit_pending() ? std::move(outcome.reply) : Reply::private_text(internal_error_text(new_error_id())));
        return;
    }
    held_replies_.push_back({std::move(done), std::move(outcome.reply)});
    // Bounded: a long burst commits in slices, so no answer waits on an endless batch.
    if (held_replies_.size() >= max_held_replies) commit_pending();
}

int App::run_due_jobs() {
    commit_pending();
    Database::StatementScope statements(database_);
    int ran = 0;
    const auto& handlers = job_handlers();
    long long now = to_unix(clock_.now());
    for (const Job& job : JobStore(database_).due(now)) {
        auto handler = handlers.find(job.kind);
        try {
            SQLite::Transaction transaction(database_.connection(), SQLite::TransactionBehavior::IMMEDIATE);
            if (handler == handlers.end()) {
                spdlog::error("job {} has unknown kind '{}'; marking it failed", job.id, job.kind);
                JobStore(database_).mark_failed_attempt(job.id, now, true);
                transaction.commit();
                continue;
            }
            JobContext context{database_, config_, clock_, job, nlohmann::json::parse(job.payload), {}};
            handler->second(context);
            OutboxStore outbox(database_);
            for (const auto& message : context.outbound) outbox.enqueue(message, now);
            JobStore(database_).mark_done(job.id, now);
            transaction.commit();
            ++ran;
        } catch (const std::exception& error) {
            // The transaction rolled back; record the attempt on its own and retry later.
            int attempts = job.attempts + 1;
            bool give_up = attempts >= 5;
            spdlog::error("job {} ({}) failed (attempt {}{}): {}", job.id, job.kind, attempts,
                          give_up ? ", giving up" : "", error.what());
            SQLite::Transaction transaction(database_.connection(), SQLite::TransactionBehavior::IMMEDIATE);
            JobStore(database_).mark_failed_attempt(job.id, now + 60LL * (1LL << attempts), give_up);
            transaction.commit();
        }
    }
    return ran;
}

Transport* App::transport_for(const std::string& target) {
    const std::optional<MemberId> destination = MemberId::parse(target);
    if (!destination) return nullptr;
    for (Transport* transport : transports_) {
        if (transport->platform() == destination->platform()) return transport;
    }
    return nullptr;
}

void App::deliver_outbox() {
    if (batch_open_) {
        // Messages in the open batch are not durable yet: deliver once it commits.
        outbox_wanted_ = true;
        return;
    }
    Database::StatementScope statements(database_);
    long long now = to_unix(clock_.now());
    for (PendingDelivery& delivery : OutboxStore(database_).due(now)) {
        if (in_flight_.count(delivery.id) != 0) continue;
        Transport* transport = transport_for(delivery.message.destination.target);
        auto record = [this, id = delivery.id, attempts = delivery.attempts,
                       target = delivery.message.destination.target](DeliveryOutcome outcome) {
            in_flight_.erase(id);
            Database::StatementScope statements(database_);
            long long finished_at = to_unix(clock_.now());
            metrics().add(metric::deliveries, {{"outcome", outcome.delivered ? "delivered" : "failed"}});
            // Joins the open batch: a delivery whose record is lost in a crash is sent
            // again, which the outbox already allows for (at least once).
            write_soon([&] {
                OutboxStore outbox(database_);
                if (outcome.delivered) {
                    outbox.mark_sent(id, finished_at);
                    return;
                }
                // Exponential backoff from 30 s up to an hour; give up after 8 tries.
                int tried = attempts + 1;
                bool give_up = !outcome.retryable || tried >= 8;
                long long wait = std::min(30LL << std::min(tried, 7), 3600LL);
                outbox.mark_attempt_failed(id, outcome.error, finished_at + wait, give_up);
                // The target names the platform ("slack:T…", "discord:G…").
                spdlog::warn("delivery {} to {} failed (attempt {}{}): {}", id, target, tried,
                             give_up ? ", giving up" : "", outcome.error);
            });
        };
        if (transport == nullptr) {
            record({false, true, "no transport serves " + delivery.message.destination.target});
            continue;
        }
        in_flight_.insert(delivery.id);
        transport->deliver(delivery.message, record);
    }
}

}  // namespace mentorbot

namespace mentorbot {

HealthReport App::health() {
    commit_pending();
    Database::StatementScope statements(database_);
    HealthReport report;
    for (const Transport* transport : transports_) {
        bool up = transport->healthy();
        report.healthy = report.healthy && up;
        report.detail += std::string(platform_name(transport->platform())) + ": " +
                         (up ? "connected" : "not connected") + "\n";
    }
    try {
        // Takes the write lock and gives it back: proves the file is writable now.
        database_.execute_prepared("BEGIN IMMEDIATE");
        database_.execute_prepared("ROLLBACK");
        report.detail += "database: writable\n";
    } catch (const std::exception& error) {
        report.healthy = false;
        report.detail += std::string("database: not writable (") + error.what() + ")\n";
    }
    return report;
}

void App::housekeeping() {
    const long long now = to_unix(clock_.now());
    if (now < next_prune_at_) return;
    next_prune_at_ = now + 60;
    commit_pending();
    Database::StatementScope statements(database_);
    SQLite::Transaction transaction(database_.connection(), SQLite::TransactionBehavior::IMMEDIATE);
    // Slack re-sends for minutes and a Discord interaction lives 15 minutes: a day
    // is far beyond either, and keeps the table small under any load.
    int pruned = DeliveryStore(database_).prune(now - 24 * 3600);
    transaction.commit();
    if (pruned > 0) spdlog::debug("forgot {} run-once records older than a day", pruned);
}

void App::refresh_gauges() {
    commit_pending();
    Database::StatementScope statements(database_);
    metrics().set(metric::outbox_pending, {}, static_cast<double>(OutboxStore(database_).pending_count()));
    metrics().set(metric::jobs_due, {}, static_cast<double>(JobStore(database_).due_count(to_unix(clock_.now()))));
    for (const Transport* transport : transports_) {
        metrics().set(metric::transport_up, {{"transport", std::string(platform_name(transport->platform()))}},
                      transport->healthy() ? 1 : 0);
    }
}

}  // namespace mentorbot

// Runs one command request: parse, permission and rate checks, the command in a unit of work, its reply.
#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>

#include "bot/exactly_once.h"
#include "bot/group_commit.h"
#include "bot/internal_error.h"
#include "bot/tenant_gate.h"
#include "commands/registry.h"
#include "config/config.h"
#include "domain/clock.h"
#include "domain/rate_limiter.h"
#include "model/command_request.h"
#include "model/invocation.h"
#include "model/reply.h"
#include "model/user_error.h"
#include "storage/database.h"
#include "storage/unit_of_work.h"

namespace mentorbot {

// How a request ended, as the figures count it.
enum class CommandResult {
    ran,
    // Refused as a user error (see CommandOutcome::refusal): nothing changed.
    refused,
    // The caller sends too fast: nothing was run.
    rate_limited,
    // A delivery answered before: its first answer again, nothing run.
    replayed,
    // A bug of ours: the apology with an error id, nothing changed.
    failed,
};

// When the reply may be shown.
enum class ReplyTiming {
    // Everything it describes is durable.
    now,
    // It describes (or read) changes in the open batch: show it once that commits.
    after_batch_commit,
};

struct CommandOutcome {
    Reply reply;
    CommandResult result = CommandResult::ran;
    std::optional<UserErrorKind> refusal;
    ReplyTiming timing = ReplyTiming::now;
};

class CommandRunner {
public:
    CommandRunner(Database& database, const Config& config, const Clock& clock, const CommandRegistry& registry,
                  ExactlyOnce& exactly_once, GroupCommit& group_commit, InternalErrors& internal_errors,
                  TenantGate& tenants);

    // Never throws: a bug of ours becomes CommandResult::failed.
    CommandOutcome run(const CommandRequest& request);

    // Reads the request's input into a typed invocation; `label` names the command for
    // the figures once it is known. Throws UserError for input that does not fit.
    Invocation parse(const CommandRequest& request, std::string& label) const;
    // A command given with no options whose subcommand has a form: the form to open
    // (with its text rendering as the message) instead of running it.
    std::optional<Reply> form_instead(const CommandRequest& request, std::string& label) const;

private:
    // What the caller may pick for `option` of `line` (their sessions, their pods, …), read
    // in the command's unit of work; empty when the option suggests nothing.
    std::vector<Choice> values_to_pick(const Caller& caller, std::string_view line, const std::string& option);
    // Why the caller has nothing to pick for `option` of `line` ("no request waits for your
    // answer"); empty when the option lists no things of the caller's own.
    std::string nothing_to_pick(std::string_view line, const std::string& option);
    // The answer to a member of a tenant the bot does not serve: nothing runs.
    CommandOutcome refuse_tenant(const MemberId& member);
    // Values to offer while an option is typed (OptionQuery): read only, never refused.
    CommandOutcome suggest(const Caller& caller, const OptionQuery& query);
    // The request in a transaction of its own, which may stay open as the batch;
    // `rate_limit_wait` is decided on the first attempt and kept for a retry.
    CommandOutcome in_transaction(const CommandRequest& request, UnitOfWork::Lock lock,
                                  std::optional<long long>& rate_limit_wait, std::string& label);
    // The request in a savepoint of the open batch: one that fails is undone alone.
    CommandOutcome in_batch(const CommandRequest& request, std::optional<long long>& rate_limit_wait,
                            std::string& label);
    // The command with its permission check, rate limit, outbox messages and run-once
    // record, inside the open transaction or savepoint; rolling back is the caller's.
    struct Applied {
        CommandOutcome outcome;
        // It wrote something (so it needs a commit and leaves a run-once record).
        bool changed = false;
    };
    Applied apply(const CommandRequest& request, std::optional<long long>& rate_limit_wait, std::string& label);
    Reply execute(const Invocation& invocation);
    void count(const CommandOutcome& outcome, const std::string& label) const;

    Database& database_;
    const Config& config_;
    TenantGate& tenants_;
    const Clock& clock_;
    const CommandRegistry& registry_;
    ExactlyOnce& exactly_once_;
    GroupCommit& group_commit_;
    InternalErrors& internal_errors_;
    RateLimiter rate_limiter_;
    // Until then, a command that needs the write lock does not wait for it: another
    // connection held it past the busy timeout a moment ago, and waiting again for each
    // command of a burst would add up past Slack's 3 s for the later ones.
    std::chrono::steady_clock::time_point lock_held_elsewhere_until_{};
    // Tenants refused so far, each logged once: a busy unknown server must not flood the log.
    std::set<std::string> refused_tenants_;
};

}  // namespace mentorbot

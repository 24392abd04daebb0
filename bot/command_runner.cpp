// The path of one command: run-once check, rate limit, parse, permission, the handler, outbox and reply.
#include "bot/command_runner.h"

#include <chrono>

#include <sqlite3.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bot/metrics.h"
#include "commands/choice_menu.h"
#include "commands/command_context.h"
#include "commands/command_forms.h"
#include "commands/command_line.h"
#include "commands/option_suggestions.h"
#include "model/mention.h"
#include "storage/log_truncation.h"
#include "storage/member_store.h"
#include "storage/outbox_store.h"
#include "util/text.h"

namespace mentorbot {

namespace {

Reply user_error_reply(const UserError& error) {
    std::string text = "⚠️ " + std::string(error.what());
    if (!error.usage().empty()) text += "\nUsage: " + error.usage();
    return Reply::private_text(text);
}

std::string command_label(const std::string& command, const std::string& subcommand) {
    return subcommand.empty() ? command : command + " " + subcommand;
}

// True when our read began before another connection's commit, so it cannot become a
// write: running again from the start can succeed at once.
bool is_stale_snapshot(const SQLite::Exception& error) { return error.getExtendedErrorCode() == SQLITE_BUSY_SNAPSHOT; }

// How long another connection's lock makes commands stop waiting for it (see
// CommandRunner::lock_held_elsewhere_until_).
constexpr std::chrono::seconds lock_seen_for{1};

// Sets a connection's busy timeout for one command and puts the old one back.
class BusyTimeoutFor {
public:
    BusyTimeoutFor(Database& database, std::chrono::milliseconds timeout)
        : database_(database), before_(database.busy_timeout()) {
        database_.set_busy_timeout(timeout);
    }
    ~BusyTimeoutFor() { database_.set_busy_timeout(before_); }
    BusyTimeoutFor(const BusyTimeoutFor&) = delete;
    BusyTimeoutFor& operator=(const BusyTimeoutFor&) = delete;

private:
    Database& database_;
    std::chrono::milliseconds before_;
};

// Whether the caller may run a command now, decided once per request (a retry keeps the
// decision): 0, or the seconds to wait.
long long rate_limit_wait_for(RateLimiter& limiter, const Caller& caller, Seconds now,
                              std::optional<long long>& rate_limit_wait) {
    if (!rate_limit_wait) rate_limit_wait = caller.rate_limited ? limiter.admit(caller.member_id(), now) : 0;
    return *rate_limit_wait;
}

Reply rate_limited_reply(int commands_per_minute, long long wait) {
    return Reply::private_text("You are sending commands quickly: at most " + std::to_string(commands_per_minute) +
                               " a minute. Nothing was done; try again in " + std::to_string(wait) + " s.");
}

// A typed request for a subcommand that answers from the registry alone: the subcommand
// and its invocation. Null for every other request (and for a line that does not parse:
// the usual path refuses it, with its menus).
struct RegistryOnly {
    const SubcommandSpec* subcommand = nullptr;
    std::optional<Invocation> invocation;
};
RegistryOnly registry_only(const CommandRegistry& registry, const CommandRequest& request, std::string& label) {
    if (const auto* line = std::get_if<TextLine>(&request.input)) {
        if (!registry.may_name_registry_only_subcommand(line->line)) return {};
        try {
            SplitCommandLine split = split_command_line(registry, line->line);
            if (!registry.answers_from_registry_alone(split.command, split.subcommand)) return {};
            label = command_label(split.command, split.subcommand);
            return {registry.find(split.command, split.subcommand),
                    bind_options(registry, split.command, split.subcommand, split.options, request.caller)};
        } catch (const UserError&) {
            return {};
        }
    }
    if (const auto* typed = std::get_if<TypedOptions>(&request.input)) {
        if (!registry.answers_from_registry_alone(typed->command, typed->subcommand)) return {};
        return {registry.find(typed->command, typed->subcommand), std::nullopt};
    }
    return {};
}

const char* result_name(CommandResult result) {
    switch (result) {
        case CommandResult::ran: return "ok";
        case CommandResult::refused: return "user_error";
        case CommandResult::rate_limited: return "rate_limited";
        case CommandResult::replayed: return "replayed";
        case CommandResult::failed: return "internal_error";
    }
    return "ok";
}

// The request with every outside text cleaned of the mark that makes a mention (see
// model/mention.h): typed text, option values and the display name the platform sent.
CommandRequest cleaned_of_mention_marks(const CommandRequest& request) {
    CommandRequest clean = request;
    clean.caller.display_name = without_mention_marks(clean.caller.display_name);
    if (auto* line = std::get_if<TextLine>(&clean.input)) {
        line->line = without_mention_marks(line->line);
    } else if (auto* typed = std::get_if<TypedOptions>(&clean.input)) {
        for (auto& option : typed->options) option.second = without_mention_marks(option.second);
    } else if (auto* query = std::get_if<OptionQuery>(&clean.input)) {
        query->typed = without_mention_marks(query->typed);
    } else if (auto* submission = std::get_if<FormSubmission>(&clean.input)) {
        for (auto& field : submission->fields) field.second = without_mention_marks(field.second);
    }
    return clean;
}

// The field of a form a refusal concerns: the option the refusal names, else the form's
// first field, so the member sees it next to something they filled in.
std::string refused_field(const CommandRegistry& registry, const FormSubmission& submission, const UserError& error) {
    const std::optional<Form> form = form_for(registry, submission.command, submission.subcommand);
    if (!form || form->fields.empty()) return error.option();
    const std::string what = error.what();
    for (const FormField& field : form->fields) {
        if (field.name == error.option()) return field.name;
    }
    for (const FormField& field : form->fields) {
        // "minutes must be…", "missing required option `topic`", "…needs the challenge in a note, e.g. note:\"…\"".
        if (what.starts_with(field.name + " ") || what.find("`" + field.name + "`") != std::string::npos ||
            what.find(" " + field.name + ":") != std::string::npos)
            return field.name;
    }
    return form->fields.front().name;
}

}  // namespace

CommandRunner::CommandRunner(Database& database, const Config& config, const Clock& clock,
                             const CommandRegistry& registry, ExactlyOnce& exactly_once, GroupCommit& group_commit,
                             InternalErrors& internal_errors, TenantGate& tenants)
    : database_(database),
      config_(config),
      tenants_(tenants),
      clock_(clock),
      registry_(registry),
      exactly_once_(exactly_once),
      group_commit_(group_commit),
      internal_errors_(internal_errors),
      rate_limiter_(config.commands_per_minute) {}

void CommandRunner::count(const CommandOutcome& outcome, const std::string& label) const {
    metrics().add(metric::commands, {{"command", label}, {"outcome", result_name(outcome.result)}});
    if (outcome.result == CommandResult::refused && outcome.refusal) {
        metrics().add(metric::user_errors,
                      {{"command", label}, {"kind", std::string(user_error_kind_name(*outcome.refusal))}});
    }
}

CommandOutcome CommandRunner::run(const CommandRequest& outside_request) {
    const CommandRequest request = cleaned_of_mention_marks(outside_request);
    if (!tenants_.serves(request.caller.member)) {
        if (!tenants_.adoptable(request.caller.member)) return refuse_tenant(request.caller.member);
        try {
            // Committed apart from any batch, so a batch that fails cannot take it back.
            group_commit_.commit();
            tenants_.adopt(request.caller.member);
        } catch (const std::exception& error) {
            std::string error_id = internal_errors_.record(
                fmt::format("adopting the tenant of {} failed: {}", request.caller.member_id(), error.what()));
            CommandOutcome outcome{.reply = internal_error_reply(error_id), .result = CommandResult::failed};
            count(outcome, "unserved");
            return outcome;
        }
    }
    if (const auto* query = std::get_if<OptionQuery>(&request.input)) return suggest(request.caller, *query);
    // Figures label commands by name once they are known; a line that does not parse
    // is counted as "unparsed".
    std::string label = "unparsed";
    Database::StatementScope statements(database_);
    std::optional<BusyTimeoutFor> no_waiting;
    if (std::chrono::steady_clock::now() < lock_held_elsewhere_until_)
        no_waiting.emplace(database_, std::chrono::milliseconds(0));
    CommandOutcome outcome;
    try {
        // Admitted once, even if a busy database makes the command run a second time.
        std::optional<long long> rate_limit_wait;
        if (const Reply* remembered = exactly_once_.recent(request.delivery_key)) {
            // A delivery answered moments ago. Its record may still be in the open batch:
            // answer once that is durable.
            outcome = {.reply = *remembered,
                       .result = CommandResult::replayed,
                       .timing = group_commit_.open() ? ReplyTiming::after_batch_commit : ReplyTiming::now};
        } else if (RegistryOnly help = registry_only(registry_, request, label);
                   help.subcommand != nullptr && !help.subcommand->admin_only) {
            // Help, written from the registry: no transaction, so no read lock taken and
            // dropped, no run-once record looked up (it never leaves one: it changes
            // nothing), no caller noted and no reply remembered (a re-sent one simply runs
            // again, with the same answer). Neither another command's open batch nor
            // another process's lock holds its answer back.
            if (const long long wait = rate_limit_wait_for(rate_limiter_, request.caller, clock_.now(),
                                                           rate_limit_wait);
                wait > 0) {
                outcome = {.reply = rate_limited_reply(config_.commands_per_minute, wait),
                           .result = CommandResult::rate_limited};
            } else {
                const Invocation invocation = help.invocation ? std::move(*help.invocation) : parse(request, label);
                CommandContext context{database_,       config_,    clock_,
                                       registry_,       invocation, *registry_.find(invocation.command),
                                       *help.subcommand};
                try {
                    outcome.reply = help.subcommand->handler(context);
                } catch (UserError& error) {
                    if (error.usage().empty()) error.set_usage(context.usage());
                    throw;
                }
                if (!outcome.reply.outbound.empty())
                    throw std::logic_error("/" + invocation.command + " " + invocation.subcommand +
                                           " answers from the registry alone but queued messages");
            }
        } else if (group_commit_.open()) {
            outcome = in_batch(request, rate_limit_wait, label);
        } else {
            try {
                // Most commands only read: a deferred transaction lets them run without
                // the write lock, and the first write takes it.
                outcome = in_transaction(request, UnitOfWork::Lock::deferred, rate_limit_wait, label);
            } catch (const SQLite::Exception& error) {
                if (!is_stale_snapshot(error)) throw;
                // Another process (an import, a backup) wrote since our read began, and
                // an old read cannot become a write. Everything rolled back: run it
                // again, holding the write lock from the start (the busy timeout waits).
                // A lock still held after the busy timeout is not retried: waiting once
                // more would only delay the answer.
                database_.release_statements();
                outcome = in_transaction(request, UnitOfWork::Lock::immediate, rate_limit_wait, label);
            }
        }
    } catch (const UserError& error) {
        // Only a command answered from the registry alone gets here (the others are
        // refused inside their unit of work): nothing was changed.
        outcome = {.reply = user_error_reply(error), .result = CommandResult::refused, .refusal = error.kind()};
    } catch (const std::exception& error) {
        if (is_database_busy(error)) lock_held_elsewhere_until_ = std::chrono::steady_clock::now() + lock_seen_for;
        std::string error_id = internal_errors_.record(
            fmt::format("internal error in a command from {}: {}", request.caller.member_id(), error.what()));
        outcome = {.reply = internal_error_reply(error_id), .result = CommandResult::failed};
    }
    if (outcome.result == CommandResult::replayed) {
        spdlog::info("delivery {} seen before; answering again without running it", request.delivery_key);
    }
    // The memory of recent replies may quote the forgotten member (a /profile show
    // moments ago): a re-sent delivery must not bring that back. Forgetting is rare, so
    // all of it goes; a re-sent read then simply runs again.
    if (label == "profile forget" && outcome.result == CommandResult::ran) {
        exactly_once_.forget_recent();
        // Old copies of the pages that held their words stay in the write-ahead log until
        // it starts over: empty it now when the forget is committed (in an open batch it
        // is not yet; the checkpointer thread then finishes the job a moment later).
        if (!group_commit_.open()) {
            try {
                if (!truncate_log(database_)) spdlog::debug("the log could not be emptied after a forget yet");
            } catch (const std::exception& error) {
                spdlog::debug("emptying the log after a forget failed: {}", error.what());
            }
        }
    }
    count(outcome, label);
    return outcome;
}

CommandOutcome CommandRunner::suggest(const Caller& caller, const OptionQuery& query) {
    // A keystroke, not a command: it reads only, and neither counts towards the caller's
    // rate limit nor is remembered as a delivery.
    Database::StatementScope statements(database_);
    CommandOutcome outcome;
    try {
        std::optional<UnitOfWork> read;
        if (!group_commit_.open()) read.emplace(UnitOfWork::transaction(database_, UnitOfWork::Lock::deferred));
        outcome.reply.choices = suggest_option_values(database_, config_, registry_, caller, query);
    } catch (const std::exception& error) {
        // Nothing to offer this time; the member can still type the value.
        spdlog::warn("suggestions for /{} {} {} failed: {}", query.command, query.subcommand, query.option,
                     error.what());
        outcome.result = CommandResult::failed;
    }
    count(outcome, "suggest");
    return outcome;
}

CommandOutcome CommandRunner::refuse_tenant(const MemberId& member) {
    const bool slack = member.platform() == Platform::slack;
    const std::string tenant(member.tenant());
    const std::string kind = slack ? "workspace" : "server";
    const std::string setting = slack ? "[slack] workspaces, MENTORBOT_SLACK_WORKSPACES"
                                      : "[discord] servers, MENTORBOT_DISCORD_SERVERS";
    // Without a list the bot serves the one it adopted: say which rule refused.
    const bool adopted_another = config_.listing(member) == TenantListing::unlisted;
    if (refused_tenants_.insert(std::string(platform_name(member.platform())) + ":" + tenant).second) {
        if (adopted_another) {
            spdlog::warn("{}: refused a command from {} {}: without a list of served {}s ({}) only the first "
                         "to use the bot is served; further commands from it are refused without a log line",
                         platform_name(member.platform()), kind, tenant, kind, setting);
        } else {
            spdlog::warn("{}: refused a command from {} {}, which is not on the list of served {}s ({}); further "
                         "commands from it are refused without a log line",
                         platform_name(member.platform()), kind, tenant, kind, setting);
        }
    }
    const std::string platform_kind = slack ? "Slack workspace" : "Discord server";
    std::string text = "⚠️ mentorbot does not serve this " + platform_kind + " (" + tenant +
                       "): nothing was done. ";
    text += adopted_another
                ? "This installation serves the " + platform_kind +
                      " that used it first. If it should serve this one too, ask the people who run "
                      "mentorbot to list both in its settings."
                : "The people who run mentorbot choose the " + kind + "s it serves; ask them to add this one.";
    CommandOutcome outcome{.reply = Reply::private_text(text),
                           .result = CommandResult::refused,
                           .refusal = UserErrorKind::not_allowed,
                           .timing = ReplyTiming::now};
    count(outcome, "unserved");
    return outcome;
}

CommandOutcome CommandRunner::in_transaction(const CommandRequest& request, UnitOfWork::Lock lock,
                                             std::optional<long long>& rate_limit_wait, std::string& label) {
    UnitOfWork transaction = UnitOfWork::transaction(database_, lock);
    Applied applied = apply(request, rate_limit_wait, label);
    // A refusal changes nothing: its transaction rolls back.
    if (applied.outcome.result == CommandResult::refused) return std::move(applied.outcome);
    if (applied.changed && request.commit == CommitPolicy::may_share_commit && group_commit_.enabled()) {
        // This transaction holds the write lock now: it stays open as the batch.
        group_commit_.keep_open(std::move(transaction));
        applied.outcome.timing = ReplyTiming::after_batch_commit;
        return std::move(applied.outcome);
    }
    const auto commit_started = std::chrono::steady_clock::now();
    transaction.commit();
    if (applied.changed) {
        metrics().observe(metric::commit_seconds, {},
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - commit_started).count());
        metrics().add(metric::commits);
    }
    return std::move(applied.outcome);
}

CommandOutcome CommandRunner::in_batch(const CommandRequest& request, std::optional<long long>& rate_limit_wait,
                                       std::string& label) {
    UnitOfWork savepoint = UnitOfWork::savepoint(database_, "command");
    Applied applied = apply(request, rate_limit_wait, label);
    // Even a refusal read what the batch wrote: every answer waits for its commit.
    applied.outcome.timing = ReplyTiming::after_batch_commit;
    if (applied.outcome.result != CommandResult::refused) savepoint.commit();
    return std::move(applied.outcome);
}

CommandRunner::Applied CommandRunner::apply(const CommandRequest& request, std::optional<long long>& rate_limit_wait,
                                            std::string& label) {
    const std::string& delivery_key = request.delivery_key;
    if (std::optional<Reply> earlier = exactly_once_.recorded(delivery_key)) {
        return {.outcome = {.reply = std::move(*earlier), .result = CommandResult::replayed}};
    }
    sqlite3* handle = database_.connection().getHandle();
    const sqlite3_int64 changes_before = sqlite3_total_changes64(handle);
    CommandOutcome outcome;
    try {
        if (const long long wait = rate_limit_wait_for(rate_limiter_, request.caller, clock_.now(), rate_limit_wait);
            wait > 0) {
            outcome.result = CommandResult::rate_limited;
            outcome.reply = rate_limited_reply(config_.commands_per_minute, wait);
        } else if (std::optional<Reply> form = form_instead(request, label)) {
            outcome.reply = std::move(*form);
        } else {
            outcome.reply = execute(parse(request, label));
        }
        OutboxStore outbox(database_);
        for (const auto& message : outcome.reply.outbound) outbox.enqueue(message, to_unix(clock_.now()));
    } catch (const UserError& error) {
        // A user error changes nothing: the caller rolls its unit of work back.
        Reply refusal = user_error_reply(error);
        if (const auto* submission = std::get_if<FormSubmission>(&request.input)) {
            refusal.form = FormReply{.refused_field = refused_field(registry_, *submission, error),
                                     .refusal = error.what()};
        }
        // A typed value an option does not offer (kind:quick): a menu of the ones it does.
        if (const auto* typed = std::get_if<TextLine>(&request.input);
            typed && error.kind() == UserErrorKind::bad_input)
            refusal.response.selects = choice_menus(registry_, typed->line);
        // A required id or pod left out (/flash done): a menu of the caller's own to pick from.
        if (const auto* typed = std::get_if<TextLine>(&request.input); typed && error.option_missing()) {
            if (std::optional<Select> menu = missing_value_menu(registry_, typed->line, error.option(),
                                                                values_to_pick(request.caller, typed->line,
                                                                               error.option())))
                refusal.response.selects.push_back(std::move(*menu));
            else if (const std::string none = nothing_to_pick(typed->line, error.option()); !none.empty())
                // Asking for an id there is none of only sends the member looking for one.
                refusal = Reply::private_text("⚠️ Nothing to pick for `" + error.option() + "`: " + none +
                                              ". Nothing was done." +
                                              (error.usage().empty() ? "" : "\nUsage: " + error.usage()));
        }
        exactly_once_.remember(delivery_key, refusal);
        return {.outcome = {.reply = std::move(refusal), .result = CommandResult::refused, .refusal = error.kind()}};
    }
    // Only a command that changed something needs a run-once record: running a command
    // that changed nothing again changes nothing either, and such a command commits a
    // read transaction, which costs no write at all.
    const bool changed = sqlite3_total_changes64(handle) != changes_before;
    if (changed) {
        exactly_once_.record(delivery_key, outcome.reply, to_unix(clock_.now()));
    } else {
        exactly_once_.remember(delivery_key, outcome.reply);
    }
    return {.outcome = std::move(outcome), .changed = changed};
}

std::string CommandRunner::nothing_to_pick(std::string_view line, const std::string& option) {
    try {
        const SplitCommandLine split = split_command_line(registry_, line);
        return nothing_of_yours(registry_, OptionQuery{split.command, split.subcommand, option, ""});
    } catch (const UserError&) {
        return {};
    }
}

std::vector<Choice> CommandRunner::values_to_pick(const Caller& caller, std::string_view line,
                                                  const std::string& option) {
    try {
        const SplitCommandLine split = split_command_line(registry_, line);
        return suggest_option_values(database_, config_, registry_, caller,
                                     OptionQuery{split.command, split.subcommand, option, ""});
    } catch (const UserError&) {
        return {};
    }
}

Reply CommandRunner::execute(const Invocation& invocation) {
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

std::optional<Reply> CommandRunner::form_instead(const CommandRequest& request, std::string& label) const {
    std::string command;
    std::string subcommand;
    if (const auto* typed = std::get_if<TypedOptions>(&request.input)) {
        if (!typed->options.empty()) return std::nullopt;
        command = typed->command;
        subcommand = typed->subcommand;
    } else if (const auto* line = std::get_if<TextLine>(&request.input)) {
        try {
            SplitCommandLine split = split_command_line(registry_, line->line);
            if (!split.options.empty()) return std::nullopt;
            command = std::move(split.command);
            subcommand = std::move(split.subcommand);
        } catch (const UserError&) {
            return std::nullopt;  // parse refuses it with the same words
        }
    } else {
        return std::nullopt;
    }
    std::optional<Form> form = form_for(registry_, command, subcommand);
    if (!form) return std::nullopt;
    // A form the caller may not submit is not offered: the typed refusal answers instead.
    const SubcommandSpec* spec = registry_.find(command, subcommand);
    if (spec->admin_only && !request.caller.platform_admin && !config_.is_admin(request.caller.member_id()))
        return std::nullopt;
    label = command_label(command, subcommand);
    Reply reply = Reply::private_text(form_text(*form));
    reply.form = FormReply{.open = std::move(*form)};
    return reply;
}

Invocation CommandRunner::parse(const CommandRequest& request, std::string& label) const {
    if (const auto* submission = std::get_if<FormSubmission>(&request.input)) {
        if (registry_.find(submission->command, submission->subcommand) != nullptr) {
            label = command_label(submission->command, submission->subcommand);
        }
        // An empty field is an option left out.
        std::vector<RawOption> raw;
        for (const auto& field : submission->fields) {
            if (!trim(field.second).empty()) raw.push_back({field.first, field.second});
        }
        return bind_options(registry_, submission->command, submission->subcommand, raw, request.caller);
    }
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

}  // namespace mentorbot

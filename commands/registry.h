// The one declarative list of commands: parsing, help, Discord registration and the Slack manifest all read it.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/invocation.h"
#include "model/reply.h"

namespace mentorbot {

struct CommandContext;  // commands/command_context.h

enum class OptionType {
    text,      // free text, any script; max_chars applies (in Unicode code points)
    integer,   // whole number within [min, max]
    boolean,   // true/false, yes/no, on/off
    user,      // a member: Slack mention <@U1>, Discord user, console name
    choice,    // one of `choices`
    tags,      // comma-separated tags, case-folded and trimmed, aliases applied by handlers
    timezone,  // IANA zone name such as Europe/Berlin
    date,      // YYYY-MM-DD
    datetime,  // YYYY-MM-DD HH:MM in the caller's zone
    time,      // HH:MM
    channel,   // a channel: Slack <#C1|name>, Discord channel, console #name
};

// Values that exist and can be offered while an option is typed.
enum class Suggest {
    nothing,
    topics,        // topics mentors of the tenant offer, most offered first (for tags: the last one typed)
    pods,          // active pods of the tenant
    pods_and_all,  // "all", then the active pods of the tenant (/announce)
    time_zones,    // IANA time zones: the caller's own first, then those whose city or name fits
    // The caller's own things, by id (see storage/pick_lists.h):
    requests_offered_to_me,   // requests waiting for the caller's answer
    requests_i_may_accept,    // those, and requests whose offer to the caller lapsed and may still be taken
    my_cancellable_requests,  // the caller's open requests and sessions they mentor
    my_requests,              // every request the caller asked, was offered or mentors
    my_accepted_requests,     // accepted requests whose session the caller is in
    my_sessions_to_rate,      // sessions the caller has not rated in this round
    my_pods,                  // active pods the caller is in
};

struct OptionSpec {
    std::string name;
    OptionType type = OptionType::text;
    std::string description;
    bool required = false;
    // May be given without "name:" as the first word after the subcommand.
    bool positional = false;
    std::int64_t min = std::numeric_limits<std::int64_t>::min();
    std::int64_t max = std::numeric_limits<std::int64_t>::max();
    std::vector<std::string> choices;
    // A one-line explanation of each choice, in the same order (a form shows it); may be empty.
    std::vector<std::string> choice_help;
    std::size_t max_chars = 200;
    // What the platform may offer while the value is typed (Discord autocomplete).
    Suggest suggest = Suggest::nothing;
};

using CommandHandler = std::function<Reply(CommandContext&)>;

// A subcommand that has a form (a modal): given with no options, it opens the form instead.
struct FormSpec {
    std::string title;  // empty: no form
    std::string submit_label;
    // The options the form asks for, in order; empty: every option.
    std::vector<std::string> fields;
};

struct SubcommandSpec {
    std::string name;  // empty when the command has no subcommands (/announce)
    std::string description;
    std::vector<OptionSpec> options;
    bool admin_only = false;
    CommandHandler handler;
    FormSpec form;
    // Its handler uses nothing but the registry (/coach help): the app runs it outside any
    // transaction and notes no caller, so it must never touch the database nor queue messages.
    bool answers_from_registry_alone = false;
};

struct CommandSpec {
    std::string name;  // without the slash
    std::string description;
    std::vector<SubcommandSpec> subcommands;
};

class CommandRegistry {
public:
    explicit CommandRegistry(std::vector<CommandSpec> commands);

    // Every command of the product, with its handlers.
    static const CommandRegistry& standard();

    const std::vector<CommandSpec>& commands() const { return commands_; }
    const CommandSpec* find(std::string_view command) const;
    const SubcommandSpec* find(std::string_view command, std::string_view subcommand) const;

    // "/flash request topic:<text> [kind:flash|micro|…] [minutes:15–60] …"
    std::string usage(const CommandSpec& command, const SubcommandSpec& subcommand) const;
    // "/flash request|accept|decline|…"
    std::string usage(const CommandSpec& command) const;
    // A filled-in line of one subcommand, to show a member how to start something, e.g.
    // example("flash", "request", {{"topic", "<topic>"}, {"kind", "micro"}}) →
    // "/flash request topic:<topic> kind:micro". A value with spaces is quoted unless it is a
    // <placeholder>. Throws std::logic_error when the subcommand or an option does not exist
    // or a value is not one of the option's choices, so a renamed option cannot go unnoticed.
    std::string example(std::string_view command, std::string_view subcommand,
                        const std::vector<std::pair<std::string, std::string>>& values) const;
    // Every command's usage line and description ("\n/flash request|…\n  Ask for …"),
    // written once: the registry does not change, and /coach help shows it often.
    const std::string& overview() const { return overview_; }

    // True for a subcommand marked to answer from the registry alone.
    bool answers_from_registry_alone(std::string_view command, std::string_view subcommand) const;
    // False when a typed line cannot name such a subcommand, told without splitting the line:
    // every other command skips that work.
    bool may_name_registry_only_subcommand(std::string_view line) const;

private:
    std::vector<CommandSpec> commands_;
    std::string overview_;
    std::vector<std::string> registry_only_names_;
};

std::string option_type_name(OptionType type);

}  // namespace mentorbot

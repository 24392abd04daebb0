// The command-line binder: checks a split command line against the registry and types each option by its spec.
#include "commands/command_line.h"

#include <algorithm>
#include <sstream>

#include "commands/command_tokenizer.h"
#include "commands/option_converters.h"
#include "domain/format.h"
#include "model/user_error.h"
#include "util/text.h"

namespace mentorbot {

namespace {

// The usage line of the command a line starts with, read plainly (for a line whose quoting
// is broken, so it cannot be read properly); empty when the line names no command.
std::string usage_named_by(const CommandRegistry& registry, std::string_view line) {
    std::istringstream words{std::string(line)};
    std::string command_word;
    std::string subcommand_word;
    words >> command_word >> subcommand_word;
    command_word = lowercase_ascii(command_word);
    if (command_word.starts_with("/")) command_word.erase(0, 1);
    const CommandSpec* command = registry.find(command_word);
    if (command == nullptr) return {};
    const bool has_named_subcommands = !(command->subcommands.size() == 1 && command->subcommands[0].name.empty());
    const SubcommandSpec* subcommand = registry.find(command->name,
                                                     has_named_subcommands ? lowercase_ascii(subcommand_word) : "");
    return subcommand != nullptr ? registry.usage(*command, *subcommand) : registry.usage(*command);
}

const OptionSpec* positional_option(const SubcommandSpec& subcommand) {
    for (const auto& option : subcommand.options) {
        if (option.positional) return &option;
    }
    for (const auto& option : subcommand.options) {
        if (option.required) return &option;
    }
    return nullptr;
}

}  // namespace

SplitCommandLine split_command_line(const CommandRegistry& registry, std::string_view line) {
    if (line.size() > 16 * 1024) throw UserError("that command is too long to read (over 16 KB).");
    if (!is_valid_utf8(line)) throw UserError("that command is not valid UTF-8 text.");
    std::vector<CommandToken> tokens;
    try {
        tokens = tokenize_command_line(line);
    } catch (UserError& error) {
        error.set_usage(usage_named_by(registry, line));
        throw;
    }
    if (tokens.empty() || !tokens[0].name.empty() || tokens[0].quoted) {
        throw UserError("type a command such as /coach help.");
    }
    SplitCommandLine split;
    std::string command_word = lowercase_ascii(tokens[0].value);
    if (command_word.starts_with("/")) command_word.erase(0, 1);
    const CommandSpec* command = registry.find(command_word);
    if (command == nullptr) {
        std::vector<std::string> names;
        for (const auto& known : registry.commands()) names.push_back("/" + known.name);
        throw UserError("unknown command `" + tokens[0].value + "`. Commands: " + join_list(names) +
                        ". Try /coach help.");
    }
    split.command = command->name;
    std::size_t next = 1;
    bool has_named_subcommands = !(command->subcommands.size() == 1 && command->subcommands[0].name.empty());
    if (has_named_subcommands) {
        if (tokens.size() < 2 || !tokens[1].name.empty() || tokens[1].quoted) {
            UserError error("/" + command->name + " needs a subcommand.", registry.usage(*command));
            throw error;
        }
        std::string subcommand_word = lowercase_ascii(tokens[1].value);
        if (registry.find(command->name, subcommand_word) == nullptr) {
            throw UserError("unknown subcommand `" + tokens[1].value + "` for /" + command->name + ".",
                            registry.usage(*command));
        }
        split.subcommand = subcommand_word;
        next = 2;
    }
    for (; next < tokens.size(); ++next) split.options.push_back({tokens[next].name, tokens[next].value});
    return split;
}

Invocation bind_options(const CommandRegistry& registry, const std::string& command_name,
                        const std::string& subcommand_name, const std::vector<RawOption>& options,
                        const Caller& caller) {
    const CommandSpec* command = registry.find(command_name);
    const SubcommandSpec* subcommand = registry.find(command_name, subcommand_name);
    if (command == nullptr || subcommand == nullptr) {
        throw UserError("unknown command `/" + command_name + (subcommand_name.empty() ? "" : " " + subcommand_name) +
                        "`.");
    }
    // Only a refusal shows the usage line: it is not built for a line that binds.
    auto usage = [&] { return registry.usage(*command, *subcommand); };
    Invocation invocation;
    invocation.command = command->name;
    invocation.subcommand = subcommand->name;
    invocation.caller = caller;

    // Positional words go to one option; free text may span several words.
    std::vector<RawOption> named;
    std::vector<std::string> positional_words;
    for (const auto& option : options) {
        if (option.name.empty()) positional_words.push_back(option.value);
        else named.push_back(option);
    }
    if (!positional_words.empty()) {
        const OptionSpec* target = positional_option(*subcommand);
        // A stray word after name:value is most likely the rest of a value with spaces.
        const std::string quotes_hint = named.empty() ? "."
                                                      : ": values with spaces go in quotes, e.g. note:\"two words\".";
        const bool target_named = target != nullptr &&
                                  std::any_of(named.begin(), named.end(),
                                              [&](const RawOption& option) { return option.name == target->name; });
        if (target == nullptr || target_named) {
            throw UserError("unexpected text `" + positional_words[0] + "`" + quotes_hint, usage());
        }
        bool joins_words = target->type == OptionType::text || target->type == OptionType::tags;
        if (positional_words.size() > 1 && !joins_words) {
            throw UserError("unexpected text `" + positional_words[1] + "`" + quotes_hint, usage());
        }
        std::string joined;
        for (const auto& word : positional_words) joined += (joined.empty() ? "" : " ") + word;
        named.insert(named.begin(), {target->name, joined});
    }

    try {
        for (const auto& raw : named) {
            auto spec = std::find_if(subcommand->options.begin(), subcommand->options.end(),
                                     [&](const OptionSpec& option) { return option.name == raw.name; });
            if (spec == subcommand->options.end()) {
                std::vector<std::string> names;
                for (const auto& option : subcommand->options) names.push_back(option.name);
                throw UserError("unknown option `" + raw.name + "`" +
                                (names.empty() ? std::string(" (this command takes no options).")
                                               : ". Options: " + join_list(names) + "."));
            }
            try {
                if (invocation.arguments.has(spec->name))
                    throw UserError("option `" + spec->name + "` is given twice.");
                if (raw.value.empty()) throw UserError("option `" + spec->name + "` needs a value.");
                invocation.arguments.set(spec->name, convert_option_value(*spec, raw.value, caller.member));
            } catch (UserError& error) {
                // A form shows the refusal on this option's field.
                error.set_option(spec->name);
                throw;
            }
        }
        for (const auto& option : subcommand->options) {
            if (option.required && !invocation.arguments.has(option.name)) {
                UserError error("missing required option `" + option.name + "` (" + option.description + ").");
                error.set_missing_option(option.name);
                throw error;
            }
        }
    } catch (UserError& error) {
        if (error.usage().empty()) error.set_usage(usage());
        throw;
    }
    return invocation;
}

Invocation parse_command_text(const CommandRegistry& registry, std::string_view line, const Caller& caller) {
    SplitCommandLine split = split_command_line(registry, line);
    return bind_options(registry, split.command, split.subcommand, split.options, caller);
}

}  // namespace mentorbot

// The registry: lookup, usage lines, and the list of every command the product has.
#include "commands/registry.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

#include "commands/command_specs.h"

namespace mentorbot {

CommandRegistry::CommandRegistry(std::vector<CommandSpec> commands) : commands_(std::move(commands)) {
    // The registry is data the whole product trusts; refuse a malformed one at start.
    std::set<std::string> names;
    for (const auto& command : commands_) {
        if (command.name.empty() || command.description.empty() || !names.insert(command.name).second) {
            throw std::logic_error("command registry: bad or duplicate command '" + command.name + "'");
        }
        for (const auto& subcommand : command.subcommands) {
            if (subcommand.description.empty() || !subcommand.handler) {
                throw std::logic_error("command registry: /" + command.name + " " + subcommand.name +
                                       " needs a description and a handler");
            }
            int positional = 0;
            for (const auto& option : subcommand.options) positional += option.positional ? 1 : 0;
            if (positional > 1) throw std::logic_error("command registry: two positional options in /" + command.name);
            for (const auto& field : subcommand.form.fields) {
                if (std::none_of(subcommand.options.begin(), subcommand.options.end(),
                                 [&](const OptionSpec& option) { return option.name == field; }))
                    throw std::logic_error("command registry: the form of /" + command.name + " " + subcommand.name +
                                           " asks for " + field + ", which is no option of it");
            }
            if (subcommand.answers_from_registry_alone &&
                std::find(registry_only_names_.begin(), registry_only_names_.end(), subcommand.name) ==
                    registry_only_names_.end()) {
                registry_only_names_.push_back(subcommand.name);
            }
        }
    }
    for (const auto& command : commands_) overview_ += "\n" + usage(command) + "\n  " + command.description;
}

bool CommandRegistry::answers_from_registry_alone(std::string_view command, std::string_view subcommand) const {
    const SubcommandSpec* spec = find(command, subcommand);
    return spec && spec->answers_from_registry_alone;
}

bool CommandRegistry::may_name_registry_only_subcommand(std::string_view line) const {
    // Subcommand names are lower case; a member may type them in any case.
    return std::any_of(registry_only_names_.begin(), registry_only_names_.end(), [line](const std::string& name) {
        return std::search(line.begin(), line.end(), name.begin(), name.end(), [](char typed, char wanted) {
                   return std::tolower(static_cast<unsigned char>(typed)) == wanted;
               }) != line.end();
    });
}

const CommandRegistry& CommandRegistry::standard() {
    static const CommandRegistry registry({
        profile_command(),
        mentor_command(),
        flash_command(),
        feedback_command(),
        pod_command(),
        announce_command(),
        coach_command(),
    });
    return registry;
}

const CommandSpec* CommandRegistry::find(std::string_view command) const {
    for (const auto& spec : commands_) {
        if (spec.name == command) return &spec;
    }
    return nullptr;
}

const SubcommandSpec* CommandRegistry::find(std::string_view command, std::string_view subcommand) const {
    const CommandSpec* spec = find(command);
    if (spec == nullptr) return nullptr;
    for (const auto& candidate : spec->subcommands) {
        if (candidate.name == subcommand) return &candidate;
    }
    return nullptr;
}

std::string option_type_name(OptionType type) {
    switch (type) {
        case OptionType::text: return "text";
        case OptionType::integer: return "number";
        case OptionType::boolean: return "yes|no";
        case OptionType::user: return "@person";
        case OptionType::choice: return "choice";
        case OptionType::tags: return "tag,tag";
        case OptionType::timezone: return "Area/City";
        case OptionType::date: return "YYYY-MM-DD";
        case OptionType::datetime: return "\"YYYY-MM-DD HH:MM\"";
        case OptionType::time: return "HH:MM";
        case OptionType::channel: return "#channel";
    }
    return "value";
}

namespace {

std::string placeholder(const OptionSpec& option) {
    switch (option.type) {
        case OptionType::integer:
            // An id has no meaningful upper bound; showing 9223372036854775807 helps nobody.
            if (option.max == std::numeric_limits<std::int64_t>::max()) return "<number>";
            return "<" + std::to_string(option.min) + "–" + std::to_string(option.max) + ">";
        case OptionType::choice: {
            if (option.choices.size() > 8) return "<" + option.name + ">";
            std::string joined;
            for (const auto& choice : option.choices) joined += (joined.empty() ? "" : "|") + choice;
            return joined;
        }
        case OptionType::boolean:
        case OptionType::datetime: return option_type_name(option.type);
        default: return "<" + option_type_name(option.type) + ">";
    }
}

}  // namespace

std::string CommandRegistry::usage(const CommandSpec& command, const SubcommandSpec& subcommand) const {
    std::string line = "/" + command.name;
    if (!subcommand.name.empty()) line += " " + subcommand.name;
    for (const auto& option : subcommand.options) {
        std::string part = option.name + ":" + placeholder(option);
        line += " " + (option.required ? part : "[" + part + "]");
    }
    return line;
}

std::string CommandRegistry::usage(const CommandSpec& command) const {
    if (command.subcommands.size() == 1 && command.subcommands[0].name.empty())
        return usage(command, command.subcommands[0]);
    std::string line = "/" + command.name + " ";
    for (std::size_t index = 0; index < command.subcommands.size(); ++index) {
        line += (index == 0 ? "" : "|") + command.subcommands[index].name;
    }
    return line;
}

std::string CommandRegistry::example(std::string_view command_name, std::string_view subcommand_name,
                                     const std::vector<std::pair<std::string, std::string>>& values) const {
    const CommandSpec* command = find(command_name);
    const SubcommandSpec* subcommand = find(command_name, subcommand_name);
    if (command == nullptr || subcommand == nullptr) {
        throw std::logic_error("no command /" + std::string(command_name) + " " + std::string(subcommand_name));
    }
    std::string line = "/" + command->name;
    if (!subcommand->name.empty()) line += " " + subcommand->name;
    // A plain pair, not a structured binding: clang 14 (the fuzz build) cannot capture a binding in a lambda.
    for (const auto& name_and_value : values) {
        const std::string& name = name_and_value.first;
        const std::string& value = name_and_value.second;
        auto option = std::find_if(subcommand->options.begin(), subcommand->options.end(),
                                   [&](const OptionSpec& spec) { return spec.name == name; });
        if (option == subcommand->options.end()) throw std::logic_error("no option " + name + " in " + line);
        if (option->type == OptionType::choice &&
            std::find(option->choices.begin(), option->choices.end(), value) == option->choices.end()) {
            throw std::logic_error(value + " is not a choice of " + name + " in " + line);
        }
        const bool placeholder = value.starts_with("<") && value.ends_with(">");
        const bool quoted = !placeholder && value.find(' ') != std::string::npos;
        line += " " + name + ":" + (quoted ? "\"" + value + "\"" : value);
    }
    return line;
}

}  // namespace mentorbot

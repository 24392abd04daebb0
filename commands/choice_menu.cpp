// Turns a refused choice value into a menu of the choices, each a complete command line to run.
#include "commands/choice_menu.h"

#include <algorithm>

#include "commands/command_line.h"
#include "model/user_error.h"
#include "util/text.h"

namespace mentorbot {

namespace {

// A value as the tokenizer reads it back: bare when it can be, else quoted with \" and \\.
std::string written_value(const std::string& value, bool positional) {
    // A mention or channel (<@U1|ana>) is read whole when bare, and only bare.
    const bool markup = value.starts_with("<") && value.ends_with(">") && value.find('"') == std::string::npos;
    const bool plain = !value.empty() && value.find_first_of(" \t\n\"\\") == std::string::npos &&
                       !value.starts_with("\u201C") && (!positional || value.find(':') == std::string::npos);
    if (markup || plain) return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "\"";
}

std::string line_of(const SplitCommandLine& split) {
    std::string line = "/" + split.command;
    if (!split.subcommand.empty()) line += " " + split.subcommand;
    for (const RawOption& option : split.options) {
        line += " ";
        if (!option.name.empty()) line += option.name + ":";
        line += written_value(option.value, option.name.empty());
    }
    return line;
}

bool offers(const OptionSpec& option, const std::string& value) {
    const std::string folded = case_fold(value);
    return std::any_of(option.choices.begin(), option.choices.end(),
                       [&](const std::string& choice) { return case_fold(choice) == folded; });
}

}  // namespace

std::vector<Select> choice_menus(const CommandRegistry& registry, std::string_view line) {
    std::vector<Select> menus;
    SplitCommandLine split;
    try {
        split = split_command_line(registry, line);
    } catch (const UserError&) {
        return menus;  // a line we cannot read has no option to correct
    }
    const SubcommandSpec* subcommand = registry.find(split.command, split.subcommand);
    if (subcommand == nullptr) return menus;
    for (const OptionSpec& spec : subcommand->options) {
        if (spec.type != OptionType::choice || spec.choices.empty()) continue;
        auto typed = std::find_if(split.options.begin(), split.options.end(),
                                  [&](const RawOption& option) { return option.name == spec.name; });
        if (typed == split.options.end() || offers(spec, typed->value)) continue;
        Select menu{"Pick " + spec.name + " (" + spec.description + ")", {}};
        const std::string refused = typed->value;
        for (const std::string& choice : spec.choices) {
            typed->value = choice;
            menu.options.push_back({spec.name + ":" + choice, line_of(split)});
        }
        typed->value = refused;
        menus.push_back(std::move(menu));
    }
    return menus;
}

std::optional<Select> missing_value_menu(const CommandRegistry& registry, std::string_view line,
                                         const std::string& option, const std::vector<Choice>& values) {
    if (values.empty()) return std::nullopt;
    SplitCommandLine split;
    try {
        split = split_command_line(registry, line);
    } catch (const UserError&) {
        return std::nullopt;
    }
    const SubcommandSpec* subcommand = registry.find(split.command, split.subcommand);
    if (subcommand == nullptr) return std::nullopt;
    auto spec = std::find_if(subcommand->options.begin(), subcommand->options.end(),
                             [&](const OptionSpec& candidate) { return candidate.name == option; });
    const bool named = std::any_of(split.options.begin(), split.options.end(),
                                   [&](const RawOption& given) { return given.name == option; });
    if (spec == subcommand->options.end() || named) return std::nullopt;
    Select menu{"Pick " + spec->description, {}};
    split.options.push_back({option, ""});
    for (const Choice& value : values) {
        split.options.back().value = value.value;
        menu.options.push_back({value.label, line_of(split)});
    }
    return menu;
}

}  // namespace mentorbot

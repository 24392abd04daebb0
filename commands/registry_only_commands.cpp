// The subcommands that need no database: help is generated from the registry.
#include "commands/registry_only_commands.h"

#include <algorithm>
#include <cctype>

namespace mentorbot {

bool answers_from_registry_alone(std::string_view command, std::string_view subcommand) {
    return command == "coach" && subcommand == "help";
}

bool may_name_registry_only_command(std::string_view line) {
    constexpr std::string_view help = "help";
    return std::search(line.begin(), line.end(), help.begin(), help.end(), [](char typed, char wanted) {
               return std::tolower(static_cast<unsigned char>(typed)) == wanted;
           }) != line.end();
}

}  // namespace mentorbot

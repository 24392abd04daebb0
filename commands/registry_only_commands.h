// Which subcommands answer from the command registry alone, reading and writing nothing stored.
#pragma once

#include <string_view>

namespace mentorbot {

// True for a subcommand whose handler uses nothing but the registry (/coach help): the
// app runs it outside any transaction and notes no caller. A handler listed here must
// never touch the database nor queue messages.
bool answers_from_registry_alone(std::string_view command, std::string_view subcommand);
// False when a typed line cannot name such a subcommand, without splitting it: every
// other command skips that work.
bool may_name_registry_only_command(std::string_view line);

}  // namespace mentorbot

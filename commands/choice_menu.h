// Menus for a typed value an option does not offer (kind:quick): each choice is the same line with a value it does.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/registry.h"
#include "model/reply.h"

namespace mentorbot {

// One menu per choice option of `line` whose value is not one of its choices, in the
// order the options are declared, each listing the option's choices as the whole line
// again with that value instead (the other options written as typed). Empty when the
// line does not split, names no subcommand, or every choice value is fine. Choosing runs
// the line as the chooser, so a line that is still wrong is refused again, with its reason.
std::vector<Select> choice_menus(const CommandRegistry& registry, std::string_view line);

// A menu for `option`, which `line` left out although it is required (/flash done with no
// id): one choice per value of `values` (the caller's own sessions, say), each the whole line
// with that value added. nullopt when there is nothing to pick or the line names the option.
std::optional<Select> missing_value_menu(const CommandRegistry& registry, std::string_view line,
                                         const std::string& option, const std::vector<Choice>& values);

}  // namespace mentorbot

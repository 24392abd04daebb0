// Menus for a typed value an option does not offer (kind:quick): each choice is the same line with a value it does.
#pragma once

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

}  // namespace mentorbot

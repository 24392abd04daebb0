// /coach stats: program figures for admins, computed from the tables, never naming a person.
#pragma once

#include <string>

#include "model/reply.h"
#include "storage/program_figures.h"

namespace mentorbot {

struct CommandContext;

std::string describe_program_figures(const ProgramFigures& figures);

// The handler of /coach stats [days].
Reply program_stats(CommandContext& context);

}  // namespace mentorbot

// /coach stats: program figures for admins, computed from the tables, never naming a person.
#pragma once

#include <string>

#include "model/reply.h"
#include "storage/program_figures.h"

namespace mentorbot {

struct CommandContext;

std::string describe_program_figures(const ProgramFigures& figures);

// The few figures an admin's Home shows, from the same counts: requests and match rate, time
// to accept, sessions and rating, unmet topics, active pods.
std::string describe_headline_figures(const ProgramFigures& figures);

// Why an unmet topic's requests wait: "no mentor offers it", or "2 fitting mentors full this
// week, 1 held for working hours" (most first).
std::string describe_unmet_reasons(const TopicDemand& demand);

// The handler of /coach stats [days].
Reply program_stats(CommandContext& context);

}  // namespace mentorbot

// Options more than one command takes, written once so they cannot drift apart.
#pragma once

#include <string>

#include "commands/registry.h"

namespace mentorbot {

// A topic, given first, offered from the topics mentors of the tenant offer; required unless
// the command has something to show without one.
OptionSpec topic_option(std::string description, bool required = true);

// The kind of help (flash, micro, near-peer, …), with a line explaining each kind.
OptionSpec kind_option(std::string description);

}  // namespace mentorbot

// One function per command file; each returns that command's spec with its handlers.
#pragma once

#include "commands/registry.h"

namespace mentorbot {

CommandSpec profile_command();  // commands/profile_command.cpp
CommandSpec mentor_command();   // commands/mentor_command.cpp
CommandSpec coach_command();    // commands/coach_command.cpp

}  // namespace mentorbot

// One function per command file; each returns that command's spec with its handlers.
#pragma once

#include "commands/registry.h"

namespace mentorbot {

CommandSpec profile_command();   // commands/profile_command.cpp
CommandSpec mentor_command();    // commands/mentor_command.cpp
CommandSpec coach_command();     // commands/coach_command.cpp
CommandSpec flash_command();     // commands/flash_command.cpp
CommandSpec feedback_command();  // commands/feedback_command.cpp
CommandSpec pod_command();       // commands/pod_command.cpp
CommandSpec announce_command();  // commands/announce_command.cpp

}  // namespace mentorbot

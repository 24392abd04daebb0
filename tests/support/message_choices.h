// What a message lets its reader do in one tap: its buttons and the options of its selects, alike.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "model/reply.h"

namespace mentorbot::testing {

// The command lines of the buttons, then of every select option, in order.
inline std::vector<std::string> choice_lines(const Message& message) {
    std::vector<std::string> lines;
    for (const Button& button : message.buttons) lines.push_back(button.command_line);
    for (const Select& select : message.selects)
        for (const Button& option : select.options) lines.push_back(option.command_line);
    return lines;
}

inline std::size_t choice_count(const Message& message) { return choice_lines(message).size(); }

}  // namespace mentorbot::testing

// The first step of reading a command line: words, name:value pairs and quoted values, nothing typed yet.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mentorbot {

// One word of a command line.
struct CommandToken {
    std::string name;  // set for name:value, in ASCII lowercase
    std::string value;
    bool quoted = false;
};

// Splits text at spaces (also no-break spaces) into words. Understands name:value,
// double quotes (also “curly” ones) with \" and \\ escapes, and <…> (mentions, channels,
// links) as parts of one word even when they hold spaces. Throws UserError on a quote
// that is never closed and on text glued to a closing quote.
std::vector<CommandToken> tokenize_command_line(std::string_view text);

// ASCII letters in lowercase, everything else as it is: how command words and option names are compared.
std::string lowercase_ascii(std::string text);

}  // namespace mentorbot

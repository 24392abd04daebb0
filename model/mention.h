// The bot's own mentions of members in message text, told apart from anything a member typed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "model/member_id.h"

namespace mentorbot {

// Commands write a mention as U+FDD0 followed by "<@member id>". U+FDD0 is a Unicode
// noncharacter, reserved for a program's internal use: every text that comes in from
// outside (command input, display names, imports) is cleaned of it, so only the bot can
// write it. Transports turn a marked mention into their platform's mention and show
// everything else, including a "<@discord:G:42>" a member typed, as plain text.
inline constexpr std::string_view mention_mark = "\xEF\xB7\x90";

// How a command names a member in a message; an empty id (a member who asked to be
// forgotten) is "a former member".
std::string mention(std::string_view member_id);

// The bot's mention starting at text[at], and how many bytes it takes.
struct FoundMention {
    MemberId member;
    std::size_t length = 0;
};
std::optional<FoundMention> mention_at(std::string_view text, std::size_t at);

// `text` without any mention mark: for everything that comes from outside.
std::string without_mention_marks(std::string_view text);

}  // namespace mentorbot

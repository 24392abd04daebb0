// /mentor list: who mentors a topic in the caller's workspace or server, with room, hours and bio, a page at a time.
#pragma once

#include <cstddef>

#include "model/reply.h"

namespace mentorbot {

struct CommandContext;

// Mentors shown on one page of /mentor list.
constexpr std::size_t mentors_per_page = 5;
// The most characters a mentor's bio may have: a line or two, not a CV.
constexpr std::size_t bio_max_chars = 160;

Reply list_mentors(CommandContext& context);

}  // namespace mentorbot

// Renders the neutral Home view as a Slack Home tab view (Block Kit), within Slack's limits.
#pragma once

#include <nlohmann/json.hpp>

#include "commands/home_view.h"

namespace mentorbot::slack {

// Slack refuses a Home tab view of more than this many blocks.
inline constexpr std::size_t home_tab_block_limit = 100;

// {"type": "home", "blocks": [header, per section a divider, its bold title, per entry a
// mrkdwn section and an actions block of its buttons, a context footer]}. Text is escaped as
// in every reply (escape_text); each button's value is its command line, so a press runs it
// as the presser, as any other button. A view that would pass the block limit ends with a
// line saying where to see the rest.
nlohmann::json home_tab_view(const HomeView& view);

}  // namespace mentorbot::slack

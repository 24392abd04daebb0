// "Did you mean kubernetes (3 mentors)?" for a topic nobody in the caller's workspace or server offers.
#pragma once

#include <string>
#include <vector>

#include "domain/topic_suggestions.h"

namespace mentorbot {

struct CommandContext;

// The topics mentors of the caller's tenant offer that are close to `topic` (canonical),
// best first; nothing when someone there offers `topic` itself.
std::vector<OfferedTopic> topics_meant(CommandContext& context, const std::string& topic);

// "Did you mean kubernetes (3 mentors)?", or empty when `meant` is.
std::string did_you_mean(const std::vector<OfferedTopic>& meant);

}  // namespace mentorbot

// The schema's history: migration N turns schema version N into N+1.
#pragma once

#include <string>
#include <vector>

namespace mentorbot {

// Never edit a released migration; append a new one.
const std::vector<std::string>& schema_migrations();

}  // namespace mentorbot

// Values offered while an option is typed (Discord autocomplete): the topics mentors offer, the pods that meet.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "commands/registry.h"
#include "config/config.h"
#include "model/command_request.h"
#include "model/reply.h"
#include "storage/database.h"

namespace mentorbot {

// Discord shows at most this many choices.
constexpr std::size_t max_suggestions = 25;

// The caller's own requests, sessions or pods for one of the Suggest::my_… kinds (and
// requests_offered_to_me), newest first, those whose line holds `typed`: "#12 kubernetes
// (micro), from Ana Costa" with the value 12.
std::vector<Choice> suggest_own(Database& database, const Caller& caller, Suggest suggest, std::string_view typed);

// What to offer for `query` from the caller's own workspace or server, best first: for a
// topic, what was typed as an alias's tag, then topics that start with it, then those that
// contain it, each most offered first ("kubernetes (3 mentors)"); for a list of topics, the
// same for the last one, the ones before it kept; for a pod, active pods whose name holds
// it. Nothing for an option that suggests nothing.
std::vector<Choice> suggest_option_values(Database& database, const Config& config, const CommandRegistry& registry,
                                          const Caller& caller, const OptionQuery& query);

// Why there is nothing of the caller's own to pick for `query`'s option when its list is
// empty ("no request waits for your answer"); empty for an option that lists no own things.
std::string nothing_of_yours(const CommandRegistry& registry, const OptionQuery& query);

}  // namespace mentorbot

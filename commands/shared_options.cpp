// Options more than one command takes, written once so they cannot drift apart.
#include "commands/shared_options.h"

#include <utility>

namespace mentorbot {

OptionSpec topic_option(std::string description, bool required) {
    return {.name = "topic",
            .type = OptionType::text,
            .description = std::move(description),
            .required = required,
            .positional = true,
            .max_chars = 64,
            .suggest = Suggest::topics};
}

OptionSpec kind_option(std::string description) {
    return {.name = "kind",
            .type = OptionType::choice,
            .description = std::move(description),
            .choices = {"flash", "micro", "near-peer", "reverse", "shadow", "long-term", "peer"},
            .choice_help = {"30 minutes with a mentor who knows the topic",
                            "15 minutes on one concrete challenge (say it in the note)",
                            "a colleague a step or two ahead of you",
                            "a more junior colleague who knows the topic well",
                            "watch a mentor at a real work moment (say when)", "a mentor who meets you regularly",
                            "a colleague at your own level, to learn together"}};
}

}  // namespace mentorbot

// Which subcommand and option values start each mentoring format; the registry writes them as a command line.
#include "commands/format_start.h"

namespace mentorbot {

std::string format_start_command(const CommandRegistry& registry, MentoringFormat format) {
    switch (format) {
        case MentoringFormat::long_term_mentorship:
            return registry.example("flash", "request", {{"topic", "<your goal>"}, {"kind", "long-term"}});
        case MentoringFormat::flash_mentoring: return registry.example("flash", "request", {{"topic", "<topic>"}});
        case MentoringFormat::micro_mentorship:
            return registry.example("flash", "request",
                                    {{"topic", "<topic>"}, {"kind", "micro"}, {"note", "the challenge"}});
        case MentoringFormat::near_peer_coaching:
            return registry.example("flash", "request", {{"topic", "<topic>"}, {"kind", "near-peer"}});
        case MentoringFormat::reverse_mentoring:
            return registry.example("flash", "request", {{"topic", "<skill>"}, {"kind", "reverse"}});
        case MentoringFormat::shadow_coaching:
            return registry.example("flash", "request",
                                    {{"topic", "<topic>"}, {"kind", "shadow"}, {"when", "YYYY-MM-DD HH:MM"}});
        case MentoringFormat::peer_advising:
            return registry.example("flash", "request", {{"topic", "<topic>"}, {"kind", "peer"}});
        case MentoringFormat::learning_pod:
            return registry.example("pod", "signup", {{"topic", "<topic>"}, {"kind", "learning"}});
        case MentoringFormat::cohort_pod:
            return registry.example("pod", "signup", {{"topic", "onboarding"}, {"kind", "cohort"}});
        case MentoringFormat::cross_functional_circle:
            return registry.example("pod", "signup", {{"topic", "<area>"}, {"kind", "circle"}});
    }
    return registry.example("flash", "request", {{"topic", "<topic>"}});
}

}  // namespace mentorbot

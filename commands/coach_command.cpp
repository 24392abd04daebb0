// /coach help|recommend|stats|dashboard — help generated from the registry, and which mentoring format to try.
#include <chrono>
#include <sstream>
#include <vector>

#include <date/date.h>

#include "commands/command_context.h"
#include "commands/command_specs.h"
#include "commands/dashboard_link.h"
#include "commands/format_start.h"
#include "model/user_error.h"
#include "commands/program_stats.h"
#include "domain/recommendation.h"
#include "util/text.h"
#include "storage/member_store.h"

namespace mentorbot {

namespace {

Reply help(CommandContext& context) {
    if (auto wanted = context.arguments().text("command")) {
        std::ostringstream text;
        std::string name = case_fold(trim(*wanted));
        if (name.starts_with("/")) name.erase(0, 1);
        const CommandSpec* command = context.registry.find(name);
        if (command == nullptr) throw not_found("there is no command `/" + name + "`. /coach help lists them all.");
        text << "/" << command->name << " — " << command->description << "\n";
        for (const auto& subcommand : command->subcommands) {
            text << "\n"
                 << context.registry.usage(*command, subcommand) << (subcommand.admin_only ? "  (admins)" : "")
                 << "\n  " << subcommand.description;
            for (const auto& option : subcommand.options) {
                text << "\n    " << option.name << (option.required ? " (required)" : "") << ": " << option.description;
            }
            text << "\n";
        }
        text << "\nValues with spaces go in quotes: note:\"my pod keeps missing deadlines\".";
        return Reply::private_text(text.str());
    }
    return Reply::private_text("mentorbot runs flash mentoring and peer circles. Commands:\n" +
                               context.registry.overview() +
                               "\n\n/coach help <command> shows every option, e.g. /coach help flash.");
}

Experience experience_from_profile(const MemberProfile& profile, Seconds now) {
    if (profile.started_on.empty()) return Experience::experienced;
    std::istringstream input(profile.started_on);
    date::sys_days started;
    input >> date::parse("%F", started);
    if (input.fail()) return Experience::experienced;
    return now - Seconds{started} < std::chrono::days{180} ? Experience::new_hire : Experience::experienced;
}

Reply recommend(CommandContext& context) {
    const Arguments& arguments = context.arguments();
    LearningGoal goal = *parse_learning_goal(*arguments.text("goal"));
    Horizon horizon = arguments.text("horizon") ? *parse_horizon(*arguments.text("horizon")) : default_horizon(goal);
    auto profile = MemberStore(context.database).find(context.caller().member_id());
    Experience experience = arguments.text("experience") ? *parse_experience(*arguments.text("experience"))
                                                         : experience_from_profile(*profile, context.clock.now());
    Recommendation advice = recommend_format(goal, horizon, experience, profile->level);

    std::ostringstream text;
    text << "Try " << mentoring_format_name(advice.primary.format) << ".";
    for (const auto& reason : advice.primary.reasons) text << "\n• " << reason;
    text << "\nStart with: " << format_start_command(context.registry, advice.primary.format);
    if (advice.complement) {
        text << "\n\nAlongside it: " << mentoring_format_name(advice.complement->format) << ".";
        for (const auto& reason : advice.complement->reasons) text << "\n• " << reason;
        text << "\nStart with: " << format_start_command(context.registry, advice.complement->format);
    }
    std::vector<std::string> assumed;
    if (!arguments.text("horizon"))
        assumed.push_back(std::string("horizon:") + (horizon == Horizon::long_term ? "long" : "short"));
    if (!arguments.text("experience")) {
        assumed.push_back(std::string("experience:") + (experience == Experience::new_hire ? "new" : "experienced"));
    }
    if (!assumed.empty()) {
        text << "\n\n(Assumed " << assumed.front() << (assumed.size() > 1 ? " and " + assumed.back() : "")
             << "; say so to change " << (assumed.size() > 1 ? "them" : "it") << ".)";
    }
    return Reply::private_text(text.str());
}

}  // namespace

CommandSpec coach_command() {
    return {
        "coach",
        "Help, format recommendations and program figures",
        {
            {"help",
             "List the commands, or every option of one command",
             {{.name = "command",
               .type = OptionType::text,
               .description = "a command name, e.g. flash",
               .positional = true,
               .max_chars = 32}},
             false,
             help,
             {},
             /*answers_from_registry_alone=*/true},
            {"recommend",
             "Which mentoring format fits your goal",
             {
                 {.name = "goal",
                  .type = OptionType::choice,
                  .description = "what you want",
                  .required = true,
                  .choices = {"career", "skill", "problem", "leadership", "onboarding", "digital"}},
                 {.name = "horizon",
                  .type = OptionType::choice,
                  .description = "long-term growth or a short-term need",
                  .choices = {"long", "short"}},
                 {.name = "experience",
                  .type = OptionType::choice,
                  .description = "new here, experienced, or changing careers",
                  .choices = {"new", "experienced", "transitioning"}},
             },
             false,
             recommend,
             {.title = "Which format fits me?", .submit_label = "Recommend"}},
            {"stats",
             "Program figures: requests, matches, ratings, unmet topics, mentor load, pods (admins)",
             {{.name = "days",
               .type = OptionType::integer,
               .description = "how many days back (default 30)",
               .positional = true,
               .min = 1,
               .max = 3650}},
             true,
             program_stats},
            {"dashboard",
             "A one-time sign-in link to the program dashboard, by direct message (admins)",
             {},
             true,
             dashboard_link},
        },
    };
}

}  // namespace mentorbot

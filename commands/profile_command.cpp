// /profile set|show|forget — a member's skills, goals, level and whereabouts.
#include <sstream>

#include "commands/command_context.h"
#include "commands/command_specs.h"
#include "model/user_error.h"
#include "domain/calendar.h"
#include "domain/format.h"
#include "util/text.h"
#include "domain/levels.h"
#include "commands/flash_flow.h"
#include "storage/request_store.h"
#include "storage/member_store.h"
#include "storage/offer_store.h"

namespace mentorbot {

namespace {

// "(Program Admin)", "[admin]", also written with look-alike letters or full-width brackets.
bool claims_admin(const std::string& name) {
    const std::string look = confusable_skeleton(name);
    static const std::string admin = confusable_skeleton("admin");
    static const std::string open_brackets = confusable_skeleton("([{<"), close_brackets = confusable_skeleton(")]}>");
    std::size_t open = look.find_first_of(open_brackets);
    while (open != std::string::npos) {
        const std::size_t close = look.find_first_of(close_brackets, open + 1);
        const std::size_t found = look.find(admin, open + 1);
        if (found != std::string::npos && (close == std::string::npos || found < close)) return true;
        open = look.find_first_of(open_brackets, open + 1);
    }
    return false;
}

std::string describe_profile(CommandContext& context, const MemberProfile& profile) {
    std::ostringstream text;
    text << (profile.display_name.empty() ? profile.id : profile.display_name) << " (" << mention(profile.id) << ")";
    if (profile.level) text << " — " << level_name(*profile.level) << " (level " << *profile.level << ")";
    if (!profile.department.empty()) text << ", " << profile.department;
    text << "\nTime zone: " << (profile.time_zone.empty() ? "not set (UTC assumed)" : profile.time_zone);
    if (!profile.location.empty()) text << " · Location: " << profile.location;
    if (!profile.started_on.empty()) text << " · Started: " << profile.started_on;
    text << "\nSkills: " << (profile.skills.empty() ? "none yet" : join_list(profile.skills));
    text << "\nGoals: " << (profile.goals.empty() ? "none yet" : join_list(profile.goals));
    OfferStore offers(context.database);
    if (auto offer = offers.find(profile.id)) {
        const OfferStore::WeekLoad load = offers.week_load(profile.id, context.clock.now());
        text << "\nMentoring: " << join_list(offer->topics) << " — " << load.describe(offer->capacity)
             << " this week, hours " << clock_text(offer->hours_start) << "–" << clock_text(offer->hours_end)
             << (offer->paused ? ", paused" + (offer->paused_until.empty() ? "" : " until " + offer->paused_until)
                               : "");
    }
    return text.str();
}

Reply set_profile(CommandContext& context) {
    const Arguments& arguments = context.arguments();
    if (arguments.all().empty()) {
        throw UserError(
            "nothing to set: give at least one of skills, goals, level, dept, tz, location, started, name.");
    }
    MemberStore members(context.database);
    MemberProfile profile = *members.find(context.caller().member_id());
    if (auto level = arguments.text("level")) profile.level = parse_level(*level);
    if (auto department = arguments.text("dept")) profile.department = trim(*department);
    if (auto zone = arguments.text("tz")) profile.time_zone = *zone;
    if (auto location = arguments.text("location")) profile.location = trim(*location);
    if (auto started = arguments.text("started")) profile.started_on = *started;
    if (auto name = arguments.text("name")) {
        profile.display_name = trim(*name);
        if (claims_admin(profile.display_name))
            throw UserError("name may not say admin in brackets, as in (Program Admin) or [admin]: members would "
                            "take it for a title the bot gave. Pick a name without it.");
    }
    members.update(profile, context.now());
    if (auto skills = arguments.tags("skills"))
        members.replace_tags(profile.id, "skill", context.config.aliases.canonical(*skills));
    if (auto goals = arguments.tags("goals"))
        members.replace_tags(profile.id, "goal", context.config.aliases.canonical(*goals));
    return Reply::private_text("Profile saved.\n" + describe_profile(context, *members.find(profile.id)));
}

Reply show_profile(CommandContext& context) {
    std::string member_id = context.arguments().text("user").value_or(context.caller().member_id());
    auto profile = MemberStore(context.database).find(member_id);
    if (!profile) throw not_found("I don't know " + mention(member_id) + " yet: they have not used mentorbot.");
    return Reply::private_text(describe_profile(context, *profile));
}

Reply forget_profile(CommandContext& context) {
    if (context.arguments().flag("confirm") == false) {
        return Reply::private_text("Nothing was deleted: mentorbot keeps your profile as it is.");
    }
    if (!context.arguments().flag("confirm").value_or(false)) {
        Reply reply = Reply::private_text(
            "This deletes your profile, your mentor offer, your pod memberships and every note and comment you "
            "wrote. Program figures keep only anonymous counts. This cannot be undone.");
        reply.response.buttons.push_back({"Yes, forget me", "/profile forget confirm:yes"});
        return reply;
    }
    const std::string me = context.caller().member_id();
    Reply reply = Reply::private_text(
        "Done: mentorbot has forgotten you. Using a command again starts a new, empty profile.");
    FlashFlow flow{context.database, context.config, context.clock.now(), reply.outbound};
    // What they asked for and what they hold is read first: forgetting unlinks their id.
    std::vector<long long> asked;
    for (const FlashRequest& request : RequestStore(context.database).not_closed_of(me)) asked.push_back(request.id);
    const std::vector<long long> held = requests_held_by(flow, me);
    MemberStore(context.database).forget(me, context.now());
    // Nobody is told their name: the requester reads that the mentor left, the mentor that
    // the requester withdrew.
    withdraw_requests(flow, asked);
    release_requests(flow, held, "");
    return reply;
}

}  // namespace

CommandSpec profile_command() {
    return {
        "profile",
        "Your mentoring profile: skills, goals, level, department, time zone",
        {
            {"set",
             "Set your skills, goals, level, department, time zone, location or start date",
             {
                 {.name = "skills", .type = OptionType::tags, .description = "what you know, comma-separated"},
                 {.name = "goals", .type = OptionType::tags, .description = "what you want to learn, comma-separated"},
                 {.name = "level",
                  .type = OptionType::choice,
                  .description = "1–6 or intern, junior, mid, senior, staff, lead, principal, executive",
                  .choices = level_choices()},
                 {.name = "dept", .type = OptionType::text, .description = "your department", .max_chars = 64},
                 {.name = "tz",
                  .type = OptionType::timezone,
                  .description = "your time zone, e.g. Europe/Berlin",
                  .suggest = Suggest::time_zones},
                 {.name = "location", .type = OptionType::text, .description = "where you work from", .max_chars = 64},
                 {.name = "started", .type = OptionType::date, .description = "the day you joined, YYYY-MM-DD"},
                 {.name = "name", .type = OptionType::text, .description = "the name shown to others", .max_chars = 80},
             },
             false,
             set_profile,
             // Discord's modal holds the first five.
             {.title = "Your profile",
              .submit_label = "Save",
              .fields = {"skills", "goals", "level", "dept", "tz", "location", "started", "name"}}},
            {"show",
             "Show your profile or someone else's",
             {{.name = "user",
               .type = OptionType::user,
               .description = "whose profile (default: yours)",
               .positional = true}},
             false,
             show_profile},
            {"forget",
             "Delete everything mentorbot holds about you (asks to confirm)",
             {{.name = "confirm", .type = OptionType::boolean, .description = "yes to delete now"}},
             false,
             forget_profile},
        },
    };
}

}  // namespace mentorbot

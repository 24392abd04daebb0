// /mentor offer|pause|resume|status|stop — a member's offer to mentor others.
#include <charconv>
#include <sstream>

#include <date/date.h>

#include "commands/command_context.h"
#include "commands/command_specs.h"
#include "commands/errors.h"
#include "commands/mentor_jobs.h"
#include "domain/text.h"
#include "domain/calendar.h"
#include "domain/format.h"
#include "domain/text.h"
#include "storage/job_store.h"
#include "storage/member_store.h"
#include "storage/offer_store.h"

namespace mentorbot {

namespace {

// "9-17", "09:00-17:30" → minutes after midnight; nullopt when malformed.
std::optional<int> parse_clock(std::string_view text) {
    int hours = 0;
    int minutes = 0;
    std::size_t colon = text.find(':');
    std::string_view hour_part = text.substr(0, colon);
    if (hour_part.empty() || hour_part.size() > 2) return std::nullopt;
    if (std::from_chars(hour_part.data(), hour_part.data() + hour_part.size(), hours).ptr != hour_part.data() + hour_part.size()) {
        return std::nullopt;
    }
    if (colon != std::string_view::npos) {
        std::string_view minute_part = text.substr(colon + 1);
        if (minute_part.size() != 2 ||
            std::from_chars(minute_part.data(), minute_part.data() + 2, minutes).ptr != minute_part.data() + 2) {
            return std::nullopt;
        }
    }
    if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) return std::nullopt;
    return hours * 60 + minutes;
}

std::pair<int, int> parse_hours(const std::string& text) {
    std::size_t dash = text.find('-');
    std::optional<int> start;
    std::optional<int> end;
    if (dash != std::string::npos) {
        start = parse_clock(trim(std::string_view(text).substr(0, dash)));
        end = parse_clock(trim(std::string_view(text).substr(dash + 1)));
    }
    if (!start || !end) throw UserError("hours must look like 09-17 or 09:30-17:30 (got `" + text + "`).");
    if (*start >= *end) throw UserError("hours must start before they end (got `" + text + "`), e.g. 09-17.");
    return {*start, *end};
}

std::string describe_offer(CommandContext& context, const MentorOffer& offer) {
    int load = OfferStore(context.database).load_since(offer.member_id, to_unix(week_start(context.clock.now())));
    std::ostringstream text;
    text << "Topics: " << join_list(offer.topics) << "\nThis week: " << load << " of " << offer.capacity << " sessions"
         << "\nHours: " << clock_text(offer.hours_start) << "–" << clock_text(offer.hours_end) << " in your time zone"
         << "\nReverse mentoring: " << (offer.reverse_ok ? "yes" : "no")
         << " · Shadowing: " << (offer.shadow_ok ? "yes" : "no");
    if (offer.paused) text << "\nPaused" << (offer.paused_until.empty() ? "" : " until " + offer.paused_until);
    return text.str();
}

MentorOffer require_offer(CommandContext& context) {
    auto offer = OfferStore(context.database).find(context.caller().member_id);
    if (!offer) throw UserError("you have no mentor offer yet. Start one with /mentor offer topics:<tag,tag>.");
    return *offer;
}

Reply offer_mentoring(CommandContext& context) {
    const Arguments& arguments = context.arguments();
    OfferStore offers(context.database);
    auto existing = offers.find(context.caller().member_id);
    MentorOffer offer;
    if (existing) {
        offer = *existing;
    } else {
        offer.member_id = context.caller().member_id;
        offer.hours_start = context.config.default_hours_start;
        offer.hours_end = context.config.default_hours_end;
        if (!arguments.has("topics")) throw UserError("tell me what you can help with: topics:<tag,tag>.");
    }
    if (auto topics = arguments.tags("topics")) offer.topics = context.config.aliases.canonical(*topics);
    if (auto capacity = arguments.integer("capacity")) offer.capacity = static_cast<int>(*capacity);
    if (auto hours = arguments.text("hours")) std::tie(offer.hours_start, offer.hours_end) = parse_hours(*hours);
    if (auto reverse = arguments.flag("reverse")) offer.reverse_ok = *reverse;
    if (auto shadow = arguments.flag("shadow")) offer.shadow_ok = *shadow;
    offers.save(offer, context.now());
    auto profile = MemberStore(context.database).find(offer.member_id);
    std::string hint;
    if (!profile->level || profile->time_zone.empty()) {
        hint = "\nTip: set your level and time zone (/profile set level:senior tz:Europe/Berlin) so matching can use them.";
    }
    return Reply::private_text(std::string(existing ? "Mentor offer updated." : "Thank you for offering to mentor!") +
                               "\n" + describe_offer(context, offer) + hint);
}

Reply pause_mentoring(CommandContext& context) {
    MentorOffer offer = require_offer(context);
    std::string until = context.arguments().text("until").value_or("");
    if (!until.empty() && until <= utc_date(context.clock.now())) {
        throw UserError("until must be a date in the future (got " + until + ").");
    }
    OfferStore(context.database).set_paused(offer.member_id, true, until, context.now());
    if (!until.empty()) {
        std::istringstream input(until);
        date::sys_days day;
        input >> date::parse("%F", day);
        JobStore(context.database)
            .schedule(resume_paused_mentor_job, "{}", to_unix(Seconds{day}),
                      "mentor.resume:" + offer.member_id + ":" + until, context.now());
    }
    return Reply::private_text("Paused: you get no new mentoring offers" +
                               (until.empty() ? std::string(" until you /mentor resume.") : " until " + until + ".") +
                               " Sessions you already accepted are not affected.");
}

Reply resume_mentoring(CommandContext& context) {
    MentorOffer offer = require_offer(context);
    if (!offer.paused) return Reply::private_text("You are not paused: your offer is active.");
    OfferStore(context.database).set_paused(offer.member_id, false, "", context.now());
    return Reply::private_text("Welcome back: your mentor offer is active again.");
}

Reply mentoring_status(CommandContext& context) {
    return Reply::private_text("Your mentor offer\n" + describe_offer(context, require_offer(context)));
}

Reply stop_mentoring(CommandContext& context) {
    require_offer(context);
    OfferStore(context.database).remove(context.caller().member_id);
    return Reply::private_text("Your mentor offer is withdrawn. Thank you for your help! Sessions you already "
                               "accepted stay on; /mentor offer starts again any time.");
}

}  // namespace

CommandSpec mentor_command() {
    return {
        "mentor",
        "Offer to mentor others, pause, resume or stop",
        {
            {"offer",
             "Offer to mentor on some topics (or change your offer)",
             {
                 {.name = "topics", .type = OptionType::tags, .description = "what you can help with, comma-separated", .positional = true},
                 {.name = "capacity", .type = OptionType::integer, .description = "sessions per week", .min = 1, .max = 20},
                 {.name = "hours", .type = OptionType::text, .description = "working hours in your zone, e.g. 09-17", .max_chars = 20},
                 {.name = "reverse", .type = OptionType::boolean, .description = "also mentor more senior colleagues (reverse mentoring)"},
                 {.name = "shadow", .type = OptionType::boolean, .description = "let colleagues ask you to observe a real work moment"},
             },
             false, offer_mentoring},
            {"pause",
             "Stop getting offers for a while",
             {{.name = "until", .type = OptionType::date, .description = "the day you are back, YYYY-MM-DD", .positional = true}},
             false, pause_mentoring},
            {"resume", "Start getting offers again", {}, false, resume_mentoring},
            {"status", "Your offer, this week's load and pause state", {}, false, mentoring_status},
            {"stop", "Withdraw your mentor offer", {}, false, stop_mentoring},
        },
    };
}

}  // namespace mentorbot

// /mentor offer|pause|resume|status|stop — a member's offer to mentor others.
#include <sstream>

#include <date/date.h>

#include "commands/command_context.h"
#include "commands/command_specs.h"
#include "model/user_error.h"
#include "commands/flash_flow.h"
#include "commands/mentor_directory.h"
#include "commands/mentor_jobs.h"
#include "commands/shared_options.h"
#include "util/text.h"
#include "domain/calendar.h"
#include "domain/format.h"
#include "domain/hours_range.h"
#include "util/text.h"
#include "storage/job_keys.h"
#include "storage/job_store.h"
#include "storage/member_store.h"
#include "storage/offer_store.h"

namespace mentorbot {

namespace {

// "09-17", or a night shift such as "22-06" that runs past midnight.
std::pair<int, int> parse_hours(const std::string& text) {
    if (auto range = parse_shift(text)) return {range->start, range->end};
    throw UserError("hours must look like 09-17, 09:30-17:30 or 22-06 for a night shift, and must not end when they "
                    "start (got `" +
                    text + "`).");
}

std::string describe_offer(CommandContext& context, const MentorOffer& offer) {
    const OfferStore::WeekLoad load = OfferStore(context.database).week_load(offer.member_id, context.clock.now());
    std::ostringstream text;
    text << "Topics: " << join_list(offer.topics) << "\nThis week: " << load.describe(offer.capacity)
         << "\nHours: " << clock_text(offer.hours_start) << "–" << clock_text(offer.hours_end) << " in your time zone"
         << (offer.hours_end <= offer.hours_start ? " (a night shift, past midnight)" : "")
         << "\nReverse mentoring: " << (offer.reverse_ok ? "yes" : "no")
         << " · Shadowing: " << (offer.shadow_ok ? "yes" : "no");
    if (offer.paused) text << "\nPaused" << (offer.paused_until.empty() ? "" : " until " + offer.paused_until);
    const std::string bio = MemberStore(context.database).bio(offer.member_id);
    if (!bio.empty()) text << "\nBio: " << bio;
    return text.str();
}

MentorOffer require_offer(CommandContext& context) {
    auto offer = OfferStore(context.database).find(context.caller().member_id());
    if (!offer) throw not_found("you have no mentor offer yet. Start one with /mentor offer topics:<tag,tag>.");
    return *offer;
}

Reply offer_mentoring(CommandContext& context) {
    const Arguments& arguments = context.arguments();
    OfferStore offers(context.database);
    auto existing = offers.find(context.caller().member_id());
    MentorOffer offer;
    if (existing) {
        offer = *existing;
    } else {
        offer.member_id = context.caller().member_id();
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
    // One line of plain text: it shows under the mentor's name in /mentor list, where a
    // mention or link a member typed is shown as typed, never as a ping.
    if (auto bio = arguments.text("bio")) {
        const std::string line = collapse_spaces(trim(*bio));
        MemberStore(context.database).set_bio(offer.member_id, line == "-" ? std::string() : line, context.now());
    }
    auto profile = MemberStore(context.database).find(offer.member_id);
    std::string hint;
    if (!profile->level || profile->time_zone.empty()) {
        hint =
            "\nTip: set your level and time zone (/profile set level:senior tz:Europe/Berlin) so matching can use them.";
    }
    Reply reply = Reply::private_text(
        std::string(existing ? "Mentor offer updated." : "Thank you for offering to mentor!") + "\n" +
        describe_offer(context, offer) + hint);
    rematch_queued_requests(context.database, context.config, context.clock.now(), reply.outbound, {offer.member_id});
    return reply;
}

Reply pause_mentoring(CommandContext& context) {
    MentorOffer offer = require_offer(context);
    std::string until = context.arguments().text("until").value_or("");
    // The day they are back is a day where they live: it begins at their midnight.
    const std::string zone = working_schedule_of(context.database, context.config, offer.member_id).time_zone;
    if (!until.empty() && until <= local_date(zone, context.clock.now())) {
        throw UserError("until must be a date in the future (got " + until + ").");
    }
    std::optional<long long> back_at;
    if (!until.empty()) {
        const std::optional<Instant> back = local_date_start(until, zone);
        if (!back) throw UserError("until must be a date like 2026-12-14 (got " + until + ").");
        back_at = to_unix(*back);
    }
    Reply reply;
    FlashFlow flow{context.database, context.config, context.clock.now(), reply.outbound};
    // Sessions from the day they are back stay theirs; earlier ones and waiting offers go on.
    const std::vector<long long> held = requests_held_by(flow, offer.member_id, back_at);
    OfferStore(context.database).set_paused(offer.member_id, true, until, context.now());
    if (back_at) {
        JobStore(context.database)
            .schedule(JobKind::mentor_resume, "{}", *back_at, JobKey::mentor_resume(offer.member_id, until),
                      context.now());
    }
    const ReleasedRequests released = release_requests(flow, held, display_name_of(context.database, offer.member_id));
    reply.response.text = "Paused: you get no new mentoring offers" +
                          (until.empty() ? std::string(" until you /mentor resume.") : " until " + until + ".") +
                          (released.sessions + released.offers == 0
                               ? " Sessions you already accepted are not affected."
                               : released.describe() +
                                     (until.empty() ? std::string() : " Sessions from " + until + " on stay yours."));
    return reply;
}

Reply resume_mentoring(CommandContext& context) {
    MentorOffer offer = require_offer(context);
    if (!offer.paused) return Reply::private_text("You are not paused: your offer is active.");
    OfferStore(context.database).set_paused(offer.member_id, false, "", context.now());
    Reply reply = Reply::private_text("Welcome back: your mentor offer is active again.");
    rematch_queued_requests(context.database, context.config, context.clock.now(), reply.outbound, {offer.member_id});
    return reply;
}

Reply mentoring_status(CommandContext& context) {
    return Reply::private_text("Your mentor offer\n" + describe_offer(context, require_offer(context)));
}

Reply stop_mentoring(CommandContext& context) {
    require_offer(context);
    const std::string me = context.caller().member_id();
    Reply reply;
    FlashFlow flow{context.database, context.config, context.clock.now(), reply.outbound};
    const std::vector<long long> held = requests_held_by(flow, me);
    OfferStore(context.database).remove(me);
    const ReleasedRequests released = release_requests(flow, held, display_name_of(context.database, me));
    reply.response.text = "Your mentor offer is withdrawn. Thank you for your help!" + released.describe() +
                          " /mentor offer starts again any time.";
    return reply;
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
                 {.name = "topics",
                  .type = OptionType::tags,
                  .description = "what you can help with, comma-separated",
                  .positional = true,
                  .suggest = Suggest::topics},
                 {.name = "capacity",
                  .type = OptionType::integer,
                  .description = "sessions per week",
                  .min = 1,
                  .max = 20},
                 {.name = "hours",
                  .type = OptionType::text,
                  .description = "working hours in your zone, e.g. 09-17",
                  .max_chars = 20},
                 {.name = "reverse",
                  .type = OptionType::boolean,
                  .description = "also mentor more senior colleagues (reverse mentoring)"},
                 {.name = "shadow",
                  .type = OptionType::boolean,
                  .description = "let colleagues ask you to observe a real work moment"},
                 {.name = "bio",
                  .type = OptionType::text,
                  .description = "a line about you for /mentor list (- removes it)",
                  .max_chars = bio_max_chars},
             },
             false,
             offer_mentoring,
             {.title = "Offer to mentor",
              .submit_label = "Offer",
              .fields = {"topics", "capacity", "hours", "reverse", "shadow"}}},
            {"list",
             "Find a mentor: who offers a topic, their room this week and the hours you share",
             {
                 // Without one, the topics on offer are listed to pick from (the Home's "Find a mentor").
                 topic_option("the topic, e.g. kubernetes", false),
                 kind_option("only mentors who fit this kind of help for you"),
                 {.name = "page",
                  .type = OptionType::integer,
                  .description = "which page of the list",
                  .min = 1,
                  .max = 1000},
             },
             false,
             list_mentors},
            {"pause",
             "Stop getting offers for a while",
             {{.name = "until",
               .type = OptionType::date,
               .description = "the day you are back, YYYY-MM-DD",
               .positional = true}},
             false,
             pause_mentoring},
            {"resume", "Start getting offers again", {}, false, resume_mentoring},
            {"status", "Your offer, this week's load and pause state", {}, false, mentoring_status},
            {"stop", "Withdraw your mentor offer", {}, false, stop_mentoring},
        },
    };
}

}  // namespace mentorbot

// /mentor list: the mentors of a topic in the caller's tenant, most room first, with the hours they share with the
// caller.
#include "commands/mentor_directory.h"

#include <algorithm>
#include <set>

#include "commands/command_context.h"
#include "commands/flash_flow.h"
#include "commands/topic_hints.h"
#include "domain/calendar.h"
#include "domain/format.h"
#include "domain/levels.h"
#include "domain/match_rules.h"
#include "domain/request_kind.h"
#include "domain/tags.h"
#include "model/member_id.h"
#include "model/mention.h"
#include "model/user_error.h"
#include "storage/offer_store.h"
#include "storage/member_store.h"
#include "storage/mentor_pool_store.h"

namespace mentorbot {

namespace {

// One mentor as the list shows them.
struct ListedMentor {
    const MentorCandidate* mentor = nullptr;
    bool paused = false;
    int room = 0;            // sessions left this week (0 when paused)
    int shared_minutes = 0;  // working minutes a day both are at work
};

std::string hours_text(int minutes) {
    if (minutes <= 0) return "no working hours shared with you";
    std::string text = std::to_string(minutes / 60) + " h";
    if (minutes % 60 != 0) text += " " + std::to_string(minutes % 60) + " min";
    return text + " a day shared with you";
}

std::string level_text(const MentorCandidate& mentor) {
    if (!mentor.level_set) return "level not set";
    return "level " + std::to_string(mentor.level) + " (" + level_name(mentor.level) + ")";
}

std::string room_text(const ListedMentor& listed) {
    const MentorCandidate& mentor = *listed.mentor;
    if (listed.paused) {
        return mentor.paused_until ? "paused until " + local_date(mentor.schedule.time_zone, *mentor.paused_until)
                                   : std::string("paused");
    }
    if (listed.room <= 0) return "full this week (" + std::to_string(mentor.weekly_capacity) + " sessions)";
    return std::to_string(listed.room) + " of " + std::to_string(mentor.weekly_capacity) + " sessions left this week";
}

// Whether the mentor could take a request of `kind` from the caller at all: the level rule and
// the opt-ins (the rules that do not change from week to week).
bool fits_kind(RequestKind kind, std::optional<int> caller_level, const MentorCandidate& mentor) {
    if (kind == RequestKind::reverse && !mentor.reverse_opt_in) return false;
    if (kind == RequestKind::shadow && !mentor.shadow_opt_in) return false;
    if (!caller_level || !mentor.level_set) return true;  // nothing to compare yet
    return passes_level_rule(kind, *caller_level, mentor.level);
}

// The topics mentors of the tenant offer, for a member who asked about one nobody does.
std::string topics_on_offer(const MentorIndex& mentors, const std::string& tenant) {
    std::set<std::string> topics;
    for (const MentorCandidate& mentor : mentors.mentors()) {
        const auto id = MemberId::parse(mentor.member_id);
        if (!id || id->tenant_key() != tenant) continue;
        topics.insert(mentor.topics.begin(), mentor.topics.end());
    }
    if (topics.empty()) return "Nobody here offers to mentor yet.";
    std::vector<std::string> shown(topics.begin(), topics.end());
    constexpr std::size_t most = 20;
    const std::size_t more = shown.size() > most ? shown.size() - most : 0;
    shown.resize(std::min(shown.size(), most));
    return "Topics mentors here offer: " + join_list(shown) +
           (more > 0 ? " and " + std::to_string(more) + " more" : "") + ".";
}

}  // namespace

// Without a topic ("Find a mentor" on the Home): the topics mentors here offer, most
// offered first, to pick one from.
Reply pick_a_topic(CommandContext& context) {
    constexpr std::size_t topics_in_menu = 25;  // Discord's most options in one select
    const auto offered = OfferStore(context.database).topics_offered(context.caller_tenant());
    if (offered.empty()) {
        return Reply::private_text("Nobody here offers to mentor yet. You can still ask: /flash request <topic> "
                                   "waits until a mentor offers it.");
    }
    Reply reply = Reply::private_text(
        "Which topic? Pick one to see who mentors it, or type /mentor list topic:<topic>.");
    Select topics{"Pick a topic", {}};
    for (const auto& [topic, mentors] : offered) {
        if (topics.options.size() == topics_in_menu) break;
        topics.options.push_back({topic + " (" + std::to_string(mentors) + (mentors == 1 ? " mentor)" : " mentors)"),
                                  context.registry.example("mentor", "list", {{"topic", topic}})});
    }
    reply.response.selects.push_back(std::move(topics));
    return reply;
}

Reply list_mentors(CommandContext& context) {
    const Arguments& arguments = context.arguments();
    const std::string topic = context.config.aliases.canonical(normalize_tag(arguments.text("topic").value_or("")));
    if (topic.empty()) return pick_a_topic(context);
    const std::optional<std::string> kind_name = arguments.text("kind");
    const std::optional<RequestKind> kind = kind_name ? parse_request_kind(*kind_name) : std::nullopt;
    const long long page = arguments.integer("page").value_or(1);

    const std::string me = context.caller().member_id();
    const std::string tenant = context.caller_tenant();
    const auto profile = MemberStore(context.database).find(me);
    const std::optional<int> my_level = profile ? profile->level : std::nullopt;
    const WorkingSchedule mine = working_schedule_of(context.database, context.config, me);
    const Instant now = context.clock.now();
    const int my_offset = utc_offset_minutes(mine.time_zone, now);

    const std::shared_ptr<MentorIndex> mentors = MentorPoolStore(context.database).with_loads(now);
    int offering = 0;
    std::vector<ListedMentor> listed;
    for (const std::uint32_t position : mentors->offering(topic)) {
        const MentorCandidate& mentor = mentors->mentors()[position];
        const auto id = MemberId::parse(mentor.member_id);
        // Another workspace's or server's mentors are not this member's to see or to ask.
        if (!id || id->tenant_key() != tenant || mentor.member_id == me) continue;
        ++offering;
        if (kind && !fits_kind(*kind, my_level, mentor)) continue;
        ListedMentor entry;
        entry.mentor = &mentor;
        entry.paused = mentor.is_paused_at(now);
        entry.room = entry.paused ? 0 : std::max(0, mentor.remaining_capacity());
        entry.shared_minutes = daily_overlap_minutes(mine.hours, my_offset, mentor.schedule.hours,
                                                     utc_offset_minutes(mentor.schedule.time_zone, now));
        listed.push_back(entry);
    }
    if (offering == 0) {
        const std::vector<OfferedTopic> meant = topics_meant(context, topic);
        Reply reply = Reply::private_text("Nobody here offers " + topic + " yet. " +
                                          (meant.empty() ? topics_on_offer(*mentors, tenant) : did_you_mean(meant)) +
                                          "\nYou can still ask: /flash request " + topic +
                                          " waits until a mentor offers it, and admins see the unmet topic.");
        for (const OfferedTopic& close : meant) {
            reply.response.buttons.push_back(
                {"Mentors of " + close.first, context.registry.example("mentor", "list", {{"topic", close.first}})});
        }
        return reply;
    }
    if (listed.empty()) {
        return Reply::private_text(std::to_string(offering) + (offering == 1 ? " mentor offers " : " mentors offer ") +
                                   topic + " here, but none fits kind:" + *kind_name + " for you (it needs " +
                                   level_rule_text(*kind) + "). Try /mentor list topic:" + topic + " without kind.");
    }
    // Who can take a session this week first, then who shares more of the caller's day; the
    // name last, so the order is the same every time.
    std::sort(listed.begin(), listed.end(), [](const ListedMentor& a, const ListedMentor& b) {
        if (a.paused != b.paused) return !a.paused;
        if (a.room != b.room) return a.room > b.room;
        if (a.shared_minutes != b.shared_minutes) return a.shared_minutes > b.shared_minutes;
        return a.mentor->member_id < b.mentor->member_id;
    });
    const long long pages = static_cast<long long>((listed.size() + mentors_per_page - 1) / mentors_per_page);
    if (page > pages) {
        throw UserError("page " + std::to_string(page) + " is past the end: the mentors of " + topic + " fill " +
                        std::to_string(pages) + (pages == 1 ? " page." : " pages."));
    }
    std::string text = "Mentors for " + topic + (kind ? " (" + *kind_name + ")" : "") + ", page " +
                       std::to_string(page) + " of " + std::to_string(pages) + " (" + std::to_string(listed.size()) +
                       (listed.size() == 1 ? " mentor" : " mentors") + "):";
    MemberStore members(context.database);
    const std::size_t first = static_cast<std::size_t>(page - 1) * mentors_per_page;
    for (std::size_t index = first; index < std::min(listed.size(), first + mentors_per_page); ++index) {
        const ListedMentor& entry = listed[index];
        const MentorCandidate& mentor = *entry.mentor;
        text += "\n" + std::to_string(index + 1) + ". " + mention(mentor.member_id) + " · " + level_text(mentor) +
                " · " + mentor.schedule.time_zone + " " + mentor.schedule.hours.to_string() + ", " +
                hours_text(entry.shared_minutes) + " · " + room_text(entry);
        if (const std::string bio = members.bio(mentor.member_id); !bio.empty()) text += "\n   “" + bio + "”";
    }
    text += "\nAsk one of them: /flash request topic:" + topic + " mentor:@name";
    if (!my_level) text += "\nTip: set your level (/profile set level:junior) so kind: can tell who fits you.";
    Reply reply = Reply::private_text(text);
    auto page_line = [&](long long number) {
        std::vector<std::pair<std::string, std::string>> values{{"topic", topic}};
        if (kind_name) values.emplace_back("kind", *kind_name);
        values.emplace_back("page", std::to_string(number));
        return context.registry.example("mentor", "list", values);
    };
    if (page > 1) reply.response.buttons.push_back({"Previous page", page_line(page - 1)});
    if (page < pages) {
        reply.response.text += "\nNext page: " + page_line(page + 1);
        reply.response.buttons.push_back({"Next page", page_line(page + 1)});
    }
    return reply;
}

}  // namespace mentorbot

// /pod create|join|leave|list|show|signup|form|checkin|archive — peer learning pods, circles and cohorts.
#include <sstream>

#include "commands/command_context.h"
#include "commands/command_specs.h"
#include "model/user_error.h"
#include "commands/pod_scheduling.h"
#include "commands/pod_rounds.h"
#include "domain/pod_schedule.h"
#include "domain/tags.h"
#include "util/text.h"
#include "domain/time_zones.h"
#include "storage/member_store.h"
#include "storage/pod_store.h"

namespace mentorbot {

namespace {

constexpr std::size_t max_pods_listed = 25;
constexpr long long checkin_window_seconds = 12 * 3600;

std::string caller_zone(CommandContext& context) {
    auto profile = MemberStore(context.database).find(context.caller().member_id());
    return profile && !profile->time_zone.empty() ? profile->time_zone : "UTC";
}

std::string topic_argument(CommandContext& context, const std::string& option) {
    auto raw = context.arguments().text(option);
    if (!raw) return {};
    std::string topic = context.config.aliases.canonical(normalize_tag(*raw));
    if (topic.empty()) throw UserError(option + " needs a value, e.g. " + option + ":rust.");
    return topic;
}

Pod require_pod(CommandContext& context) {
    std::string name = trim(context.arguments().text("name").value_or(""));
    auto pod = PodStore(context.database).find(name);
    if (!pod) throw not_found("there is no pod called `" + name + "`. /pod list shows the pods.");
    return *pod;
}

Pod require_active_pod(CommandContext& context) {
    Pod pod = require_pod(context);
    if (pod.archived()) throw conflict("pod " + pod.name + " is archived; it no longer meets.");
    return pod;
}

std::string next_meeting_text(const Pod& pod, long long now, const std::string& zone) {
    return format_in_zone(next_meeting(rhythm_of(pod), from_unix(now)), zone);
}

Reply create_pod(CommandContext& context) {
    const Arguments& arguments = context.arguments();
    std::string name = trim(*arguments.text("name"));
    if (name.empty()) throw UserError("name needs a value, e.g. name:rust-readers.");
    if (case_fold(name) == "all")
        throw UserError("`all` is reserved for announcements to every pod; pick another name.");
    PodStore pods(context.database);
    if (pods.find(name)) throw conflict("a pod called " + name + " already exists; pick another name.");

    Pod pod;
    pod.name = name;
    pod.topic = topic_argument(context, "topic");
    pod.kind = arguments.text("kind").value_or("learning");
    pod.size = static_cast<int>(arguments.integer("size").value_or(6));
    pod.cadence = arguments.text("cadence").value_or("weekly");
    pod.meeting_day = arguments.text("day").value_or("wed");
    pod.meeting_time = arguments.text("time").value_or("15:00");
    pod.time_zone = caller_zone(context);
    pod.channel_id = arguments.text("channel").value_or("");
    pod.creator_id = context.caller().member_id();
    pod.created_at = context.now();
    pod.id = pods.create(pod);
    pods.add_member(pod.id, pod.creator_id, context.now());
    long long first = schedule_pod_reminder(context.database, pod, context.now(), context.now());

    std::ostringstream text;
    text << "Pod " << pod.name << " created (" << pod.kind << (pod.topic.empty() ? "" : ", " + pod.topic)
         << ", room for " << pod.size << "). You are its first member.\nMeets " << describe_rhythm(rhythm_of(pod))
         << "; first meeting " << format_in_zone(from_unix(first), pod.time_zone) << ". Reminders go "
         << (pod.channel_id.empty() ? "to each member by direct message" : "to the pod's channel")
         << " an hour before.\nOthers join with /pod join " << pod.name << ".";
    return Reply::private_text(text.str());
}

Reply join_pod(CommandContext& context) {
    Pod pod = require_active_pod(context);
    PodStore pods(context.database);
    const std::string& me = context.caller().member_id();
    if (pods.is_member(pod.id, me)) throw conflict("you are already in pod " + pod.name + ".");
    if (pods.is_waiting(pod.id, me)) throw conflict("you are already on the wait list of pod " + pod.name + ".");
    auto members = pods.members(pod.id);
    if (static_cast<int>(members.size()) >= pod.size) {
        pods.add_to_waitlist(pod.id, me, context.now());
        return Reply::private_text("Pod " + pod.name + " is full (" + std::to_string(pod.size) +
                                   " members). You are number " + std::to_string(pods.waitlist(pod.id).size()) +
                                   " on its wait list; you get a message when a place opens.");
    }
    pods.add_member(pod.id, me, context.now());
    return Reply::private_text("You joined pod " + pod.name + " (" + std::to_string(members.size() + 1) + " of " +
                               std::to_string(pod.size) + "). It meets " + describe_rhythm(rhythm_of(pod)) +
                               "; next meeting " + next_meeting_text(pod, context.now(), caller_zone(context)) + ".");
}

Reply leave_pod(CommandContext& context) {
    Pod pod = require_pod(context);
    PodStore pods(context.database);
    const std::string& me = context.caller().member_id();
    if (pods.remove_from_waitlist(pod.id, me)) {
        return Reply::private_text("You left the wait list of pod " + pod.name + ".");
    }
    if (!pods.remove_member(pod.id, me)) throw not_allowed("you are not in pod " + pod.name + ".");
    Reply reply = Reply::private_text("You left pod " + pod.name + ".");
    auto waiting = pods.waitlist(pod.id);
    if (!pod.archived() && !waiting.empty() && static_cast<int>(pods.members(pod.id).size()) < pod.size) {
        const std::string& next = waiting.front();
        pods.remove_from_waitlist(pod.id, next);
        pods.add_member(pod.id, next, context.now());
        auto profile = MemberStore(context.database).find(next);
        std::string zone = profile ? profile->time_zone : std::string();
        reply.outbound.push_back({Destination::member(next),
                                  {std::string("A place opened in pod ") + pod.name + ": you are in. Next meeting " +
                                       next_meeting_text(pod, context.now(), zone) + ".",
                                   {{"Show the pod", "/pod show " + pod.name}}}});
        reply.response.text += ' ' + mention(next) + " moved up from the wait list.";
    }
    return reply;
}

std::string one_line(CommandContext& context, const Pod& pod) {
    PodStore pods(context.database);
    std::ostringstream line;
    line << "• " << pod.name << " — " << pod.kind << (pod.topic.empty() ? "" : ", " + pod.topic) << ", "
         << pods.members(pod.id).size() << "/" << pod.size;
    auto waiting = pods.waitlist(pod.id).size();
    if (waiting > 0) line << " (+" << waiting << " waiting)";
    line << ", " << pod.cadence << " " << pod.meeting_day << " " << pod.meeting_time;
    return line.str();
}

Reply list_pods(CommandContext& context) {
    std::string topic = topic_argument(context, "topic");
    std::vector<Pod> active = PodStore(context.database).active(topic);
    if (active.empty()) {
        return Reply::private_text(topic.empty() ? "There are no pods yet. Start one with /pod create name:<name>."
                                                 : "There are no pods on " + topic +
                                                       " yet. Start one with /pod create "
                                                       "name:<name> topic:" +
                                                       topic + ", or /pod signup topic:" + topic + ".");
    }
    std::ostringstream text;
    text << active.size() << (active.size() == 1 ? " pod" : " pods") << (topic.empty() ? "" : " on " + topic) << ":";
    for (std::size_t i = 0; i < active.size() && i < max_pods_listed; ++i) text << "\n" << one_line(context, active[i]);
    if (active.size() > max_pods_listed) text << "\n…and " << active.size() - max_pods_listed << " more.";
    return Reply::private_text(text.str());
}

Reply show_pod(CommandContext& context) {
    Pod pod = require_pod(context);
    PodStore pods(context.database);
    auto members = pods.members(pod.id);
    std::ostringstream text;
    text << "Pod " << pod.name << " — " << pod.kind << (pod.topic.empty() ? "" : " on " + pod.topic)
         << (pod.round > 0 ? ", formed in round " + std::to_string(pod.round) : "")
         << (pod.archived() ? " (archived)" : "") << "\nMembers (" << members.size() << "/" << pod.size << "):";
    for (const auto& member : members) text << " " << mention(member);
    auto waiting = pods.waitlist(pod.id);
    if (!waiting.empty()) {
        text << "\nWait list:";
        for (const auto& member : waiting) text << " " << mention(member);
    }
    text << "\nMeets " << describe_rhythm(rhythm_of(pod));
    if (!pod.archived()) text << "; next meeting " << next_meeting_text(pod, context.now(), caller_zone(context));
    text << "\nReminders: " << (pod.channel_id.empty() ? "direct messages" : "the pod channel") << ", an hour before";
    text << "\nCheck-ins so far: " << pods.checkin_count(pod.id);
    if (!pod.creator_id.empty()) text << "\nCreated by " << mention(pod.creator_id);
    if (!pod.explanation.empty()) text << "\nWhy this pod: " << pod.explanation;
    return Reply::private_text(text.str());
}

Reply signup_for_pods(CommandContext& context) {
    std::string topic = topic_argument(context, "topic");
    std::string kind = context.arguments().text("kind").value_or("learning");
    PodStore pods(context.database);
    PodPool pool = pods.ensure_pool(topic, kind, context.now());
    if (!pods.add_signup(pool.id, context.caller().member_id(), context.now())) {
        throw conflict("you have already signed up for " + topic + " " + kind + " pods.");
    }
    std::size_t count = pods.signups(pool.id).size();
    // The first to sign up would otherwise wonder why a form now gives them nothing.
    return Reply::private_text(
        "You are signed up for " + topic + " " + kind + " pods (" + std::to_string(count) +
        (count == 1 ? " person so far: pods need a second person, so none can be formed yet)" : " people so far)") +
        ". When an admin forms the pods you "
        "get a message with yours and why it looks the way it does.");
}

Reply form_pods_from_pool(CommandContext& context) {
    const Arguments& arguments = context.arguments();
    std::string topic = topic_argument(context, "topic");
    std::string kind = arguments.text("kind").value_or("learning");
    PodStore pods(context.database);
    auto pool = pods.find_pool(topic, kind);
    if (!pool) throw not_found("nobody has signed up for " + topic + " " + kind + " pods yet.");
    // Pools are shared by every tenant the bot serves; an admin forms pods of their own
    // workspace's or server's members only, so a pool that holds others is left alone.
    std::size_t elsewhere = 0;
    for (const PoolSignup& signup : pods.signups(pool->id)) {
        std::optional<MemberId> member = MemberId::parse(signup.member_id);
        if (!member || member->tenant_key() != context.caller_tenant()) ++elsewhere;
    }
    if (elsewhere > 0) {
        throw not_allowed("the " + topic + " " + kind + " pool holds " + std::to_string(elsewhere) +
                          (elsewhere == 1 ? " signup" : " signups") + " from outside " + context.caller_tenant_name() +
                          "; an admin forms pods of their own workspace's or server's members only. Nothing was "
                          "formed.");
    }
    pool->size = static_cast<int>(arguments.integer("size").value_or(6));
    if (auto every = arguments.integer("every")) pool->reform_weeks = static_cast<int>(*every);

    RoundSettings settings;
    settings.cadence = arguments.text("cadence").value_or("weekly");
    settings.meeting_day = arguments.text("day").value_or("wed");
    settings.meeting_time = arguments.text("time").value_or("15:00");
    settings.time_zone = caller_zone(context);

    Reply reply;
    FormedRound round = form_next_round(context.database, *pool, settings, context.now(), reply.outbound);
    std::ostringstream text;
    text << "Formed round " << round.round << " of " << topic << " " << kind << " pods: " << round.signups
         << " signups → " << round.pods.size() << (round.pods.size() == 1 ? " pod" : " pods") << " of about "
         << pool->size << ".";
    if (std::string sizes = describe_sizes(round.formation, pool->size); !sizes.empty()) text << " " << sizes;
    if (round.formation.repeated_pairs_before_swaps > 0) {
        text << " Earlier pod-mates kept apart: "
             << round.formation.repeated_pairs_before_swaps - round.formation.repeated_pairs_after_swaps << " of "
             << round.formation.repeated_pairs_before_swaps << " pairs.";
    }
    if (pool->reform_weeks > 0)
        text << " Re-forms every " << pool->reform_weeks << (pool->reform_weeks == 1 ? " week." : " weeks.");
    for (std::size_t i = 0; i < round.pods.size() && i < max_pods_listed; ++i) {
        text << "\n• " << round.pods[i].name << " (" << round.formation.pods[i].member_ids.size()
             << "): " << round.pods[i].explanation;
    }
    if (round.pods.size() > max_pods_listed)
        text << "\n…and " << round.pods.size() - max_pods_listed << " more (/pod list topic:" << topic << ").";
    text << "\nEvery member got a direct message with their pod.";
    reply.response.text = text.str();
    return reply;
}

Reply checkin(CommandContext& context) {
    Pod pod = require_active_pod(context);
    PodStore pods(context.database);
    if (!pods.is_member(pod.id, context.caller().member_id())) {
        throw not_allowed("only members of pod " + pod.name + " can record its meetings.");
    }
    // One check-in per person per meeting: attendance, not a tally of button presses.
    auto last = pods.last_checkin(pod.id, context.caller().member_id());
    if (last && context.now() - *last < checkin_window_seconds) {
        throw conflict("you already recorded this meeting of pod " + pod.name + "; check in again after the next one.");
    }
    std::string note = context.arguments().text("note").value_or("");
    pods.add_checkin(pod.id, context.caller().member_id(), note, context.now());
    return Reply::private_text("Check-in recorded for pod " + pod.name + " (" +
                               std::to_string(pods.checkin_count(pod.id)) + " so far). Next meeting " +
                               next_meeting_text(pod, context.now(), caller_zone(context)) + ".");
}

Reply archive_pod(CommandContext& context) {
    Pod pod = require_active_pod(context);
    // An admin's say ends at their own workspace or server.
    const bool admin_here = context.caller_is_admin() && pod.tenant == context.caller_tenant();
    if (pod.creator_id != context.caller().member_id() && !admin_here) {
        throw not_allowed("only the pod's creator or a program admin of its own workspace or server can archive pod " +
                          pod.name + ".");
    }
    PodStore pods(context.database);
    pods.archive(pod.id, context.now());
    Reply reply = Reply::private_text("Pod " + pod.name + " is archived: no more reminders. Its history stays.");
    for (const auto& member : pods.members(pod.id)) {
        if (member == context.caller().member_id()) continue;
        reply.outbound.push_back({Destination::member(member),
                                  {"Pod " + pod.name + " was archived by " + mention(context.caller().member_id()) +
                                       "; there will be no more reminders for it.",
                                   {}}});
    }
    return reply;
}

OptionSpec pod_name_option(const std::string& description) {
    return {.name = "name",
            .type = OptionType::text,
            .description = description,
            .required = true,
            .positional = true,
            .max_chars = 64};
}

OptionSpec kind_option() {
    return {.name = "kind",
            .type = OptionType::choice,
            .description = "learning (mixed levels), circle (mixed "
                           "departments), cohort (started together)",
            .choices = {"learning", "circle", "cohort"}};
}

std::vector<OptionSpec> rhythm_options() {
    return {
        {.name = "cadence",
         .type = OptionType::choice,
         .description = "how often it meets (default weekly)",
         .choices = {"weekly", "biweekly", "monthly"}},
        {.name = "day",
         .type = OptionType::choice,
         .description = "meeting weekday (default wed)",
         .choices = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}},
        {.name = "time", .type = OptionType::time, .description = "meeting time in your time zone (default 15:00)"},
    };
}

}  // namespace

CommandSpec pod_command() {
    std::vector<OptionSpec> create_options = {
        pod_name_option("the pod's name, e.g. rust-readers"),
        {.name = "topic", .type = OptionType::text, .description = "what the pod is about", .max_chars = 64},
        kind_option(),
        {.name = "size",
         .type = OptionType::integer,
         .description = "how many members (default 6)",
         .min = 2,
         .max = 50},
    };
    for (auto& option : rhythm_options()) create_options.push_back(option);
    create_options.push_back({.name = "channel",
                              .type = OptionType::channel,
                              .description = "a channel for reminders and announcements (default: direct messages)"});

    std::vector<OptionSpec> form_options = {
        {.name = "topic",
         .type = OptionType::text,
         .description = "the pool's topic",
         .required = true,
         .positional = true,
         .max_chars = 64},
        kind_option(),
        {.name = "size",
         .type = OptionType::integer,
         .description = "about how many per pod (default 6)",
         .min = 2,
         .max = 50},
        {.name = "every",
         .type = OptionType::integer,
         .description = "re-form every N weeks, keeping earlier pod-mates apart (0 stops it)",
         .min = 0,
         .max = 52},
    };
    for (auto& option : rhythm_options()) form_options.push_back(option);

    return {
        "pod",
        "Peer learning pods, cross-functional circles and cohorts",
        {
            {"create", "Start a pod others can join", create_options, false, create_pod},
            {"join",
             "Join a pod (or its wait list when it is full)",
             {pod_name_option("the pod to join")},
             false,
             join_pod},
            {"leave", "Leave a pod or its wait list", {pod_name_option("the pod to leave")}, false, leave_pod},
            {"list",
             "List active pods",
             {{.name = "topic",
               .type = OptionType::text,
               .description = "only pods on this topic",
               .positional = true,
               .max_chars = 64}},
             false,
             list_pods},
            {"show",
             "Members, rhythm, next meeting and why a pod looks the way it does",
             {pod_name_option("the pod to show")},
             false,
             show_pod},
            {"signup",
             "Sign up to be placed in a pod by the next formation",
             {{.name = "topic",
               .type = OptionType::text,
               .description = "what you want a pod for",
               .required = true,
               .positional = true,
               .max_chars = 64},
              kind_option()},
             false,
             signup_for_pods},
            {"form", "Form pods from everyone signed up for a topic and kind", form_options, true, form_pods_from_pool},
            {"checkin",
             "Record that your pod met",
             {pod_name_option("your pod"),
              {.name = "note", .type = OptionType::text, .description = "what you covered", .max_chars = 1000}},
             false,
             checkin},
            {"archive",
             "Archive a pod (its creator or an admin)",
             {pod_name_option("the pod to archive")},
             false,
             archive_pod},
        },
    };
}

}  // namespace mentorbot

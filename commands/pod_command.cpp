// /pod create|join|leave|list|show|signup|skip|form|checkin|archive — peer learning pods, circles and cohorts.
#include <algorithm>
#include <sstream>

#include "commands/command_context.h"
#include "commands/command_specs.h"
#include "model/user_error.h"
#include "commands/pod_scheduling.h"
#include "commands/pod_rounds.h"
#include "domain/calendar.h"
#include "domain/format.h"
#include "domain/pod_schedule.h"
#include "domain/tags.h"
#include "util/text.h"
#include "domain/time_zones.h"
#include "domain/working_hours.h"
#include "storage/member_store.h"
#include "storage/pod_attendance_store.h"
#include "storage/pod_store.h"

namespace mentorbot {

namespace {

constexpr std::size_t max_pods_listed = 25;
constexpr long long checkin_window_seconds = 12 * 3600;

std::string caller_zone(CommandContext& context) {
    auto profile = MemberStore(context.database).find(context.caller().member_id());
    return profile && !profile->time_zone.empty() ? profile->time_zone : "UTC";
}

// A pod's channel gets its reminders and announcements in the bot's name. A member may
// choose the channel they are typing in (so they are in it); an admin of the tenant any
// of its channels. On the console every channel is the operator's own.
void check_pod_channel(CommandContext& context, const std::string& channel) {
    if (channel.empty() || context.caller_is_admin()) return;
    const Caller& caller = context.caller();
    if (caller.member.platform() == Platform::console) return;
    if (!caller.channel.str().empty() && caller.channel.str() == channel) return;
    throw not_allowed("a pod's reminders may go to the channel you are typing in, or to another channel when a "
                      "program admin sets it; nothing was created. Run /pod create in that channel, or leave "
                      "channel: out for direct messages.");
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

std::string pool_label(const PodPool& pool) { return pool.topic + " " + pool.kind; }

std::string signup_line(CommandContext& context, const PodPool& pool, bool cancel = false) {
    std::vector<std::pair<std::string, std::string>> values = {{"topic", pool.topic}, {"kind", pool.kind}};
    if (cancel) values.emplace_back("cancel", "yes");
    return context.registry.example("pod", "signup", values);
}

// The member's pod in the pool's current round, if they are in one.
std::optional<Pod> current_pod_of(PodStore& pods, const PodPool& pool, const std::string& member_id) {
    for (const Pod& pod : active_round_pods(pods, pool))
        if (pods.is_member(pod.id, member_id)) return pod;
    return std::nullopt;
}

// When the next round comes: "round 4 of rust learning pods, due Thu  3 Dec 09:00 (Europe/London)"
// or, when rounds are formed by hand, "…, whenever an admin forms it".
std::string next_round_text(PodStore& pods, const PodPool& pool, const std::string& zone) {
    std::string text = "round " + std::to_string(pool.rounds_formed + 1) + " of " + pool_label(pool) + " pods";
    if (auto at = next_round_at(pods, pool)) return text + ", due " + format_in_zone(from_unix(*at), zone);
    return text + ", whenever an admin forms it";
}

// A pod nobody is in any more does not meet: it is archived, which also frees its name.
bool archive_if_empty(PodStore& pods, const Pod& pod, long long now) {
    if (pod.archived() || !pods.members(pod.id).empty()) return false;
    pods.archive(pod.id, now);
    return true;
}

Reply create_pod(CommandContext& context) {
    const Arguments& arguments = context.arguments();
    std::string name = trim(*arguments.text("name"));
    if (name.empty()) throw UserError("name needs a value, e.g. name:rust-readers.");
    if (case_fold(name) == "all")
        throw UserError("`all` is reserved for announcements to every pod; pick another name.");
    PodStore pods(context.database);
    std::string renamed;
    if (auto existing = pods.find(name)) {
        if (!existing->archived()) throw conflict("a pod called " + name + " already exists; pick another name.");
        // An archived pod keeps its history under a dated name, so the name can start a new pod.
        std::string stem = existing->name + "-archived-" + utc_date(from_unix(*existing->archived_at));
        renamed = stem;
        for (int suffix = 2; pods.find(renamed); ++suffix) renamed = stem + "-" + std::to_string(suffix);
        pods.rename(existing->id, renamed);
    } else {
        // "Rust Pоd" with a Cyrillic о is another pod to the database but the same to readers.
        const std::string look = confusable_skeleton(name);
        for (const Pod& other : pods.active())
            if (confusable_skeleton(other.name) == look)
                throw conflict("a pod named " + other.name + " already exists, and " + name +
                               " looks the same; pick another name.");
    }

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
    check_pod_channel(context, pod.channel_id);
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
    if (!renamed.empty()) text << "\nThe name was held by an archived pod; its history is now under " << renamed << ".";
    return Reply::private_text(text.str());
}

// The pods of the caller's workspace or server they are not in nor waiting for, as a
// menu whose choices run /pod join <name>; empty when there is none. A full pod is
// offered too: joining it puts the member on its wait list, as typing would.
std::optional<Select> pods_to_join(CommandContext& context, const std::vector<Pod>& pods) {
    PodStore store(context.database);
    const std::string& me = context.caller().member_id();
    const std::string tenant = context.caller_tenant();
    Select select{"Join a pod", {}};
    for (const Pod& pod : pods) {
        if (select.options.size() == max_pods_listed) break;
        if (pod.archived() || pod.tenant != tenant || store.is_member(pod.id, me) || store.is_waiting(pod.id, me))
            continue;
        const bool full = static_cast<int>(store.members(pod.id).size()) >= pod.size;
        select.options.push_back(
            {pod.name + (pod.topic.empty() ? "" : " (" + pod.topic + ")") + (full ? " — full, wait list" : ""),
             context.registry.example("pod", "join", {{"name", pod.name}})});
    }
    if (select.options.empty()) return std::nullopt;
    return select;
}

// /pod join without a name: the pods the caller may join, to pick from. Changes nothing.
Reply offer_pods_to_join(CommandContext& context) {
    std::vector<Pod> open = PodStore(context.database).active_in_tenant(context.caller_tenant());
    std::optional<Select> choices = pods_to_join(context, open);
    if (!choices) {
        return Reply::private_text("There is no pod here you could join: you are in every one, or there are none "
                                   "yet. Start one with /pod create name:<name>, or sign up for the next round "
                                   "with /pod signup topic:<topic>.");
    }
    std::ostringstream text;
    text << "Which pod? Pick one below, or type /pod join <name>.";
    for (const Button& option : choices->options) text << "\n• " << option.label;
    Reply reply = Reply::private_text(text.str());
    reply.response.selects.push_back(std::move(*choices));
    return reply;
}

Reply join_pod(CommandContext& context) {
    if (trim(context.arguments().text("name").value_or("")).empty()) return offer_pods_to_join(context);
    Pod pod = require_active_pod(context);
    PodStore pods(context.database);
    const std::string& me = context.caller().member_id();
    if (pods.is_member(pod.id, me)) throw conflict("you are already in pod " + pod.name + ".");
    if (pods.is_waiting(pod.id, me)) throw conflict("you are already on the wait list of pod " + pod.name + ".");
    auto members = pods.members(pod.id);
    const Seconds meeting = next_meeting(rhythm_of(pod), from_unix(context.now()));
    const std::optional<WorkingSchedule> known = known_working_schedule(context.database, me);
    if (known && !is_inside_working_hours(*known, meeting) && !context.arguments().flag("confirm").value_or(false)) {
        const WorkingSchedule& schedule = *known;
        // Joining a pod that meets at 03:00 your time is rarely what anyone means: ask first.
        std::string line = context.registry.example("pod", "join", {{"name", pod.name}, {"confirm", "yes"}});
        Reply reply = Reply::private_text("⚠️ Pod " + pod.name + " meets outside your working hours (" +
                                          schedule.hours.to_string() + ", " + schedule.time_zone +
                                          "): its next meeting is " + format_in_zone(meeting, schedule.time_zone) +
                                          ". Nothing changed. To join anyway: " + line);
        reply.response.buttons.push_back({"Join anyway", line});
        return reply;
    }
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
    if (auto pool = pod.pool_id != 0 ? pods.find_pool(pod.pool_id) : std::nullopt) {
        // Leaving a pod is not leaving its pool: say which it is, and how to do the other.
        auto standing = pods.standing(pool->id, me);
        std::string& text = reply.response.text;
        if (!standing || standing->left) {
            text += " You are not in the " + pool_label(*pool) + " pool, so no later round places you.";
        } else if (standing->skip_round && *standing->skip_round == pool->rounds_formed + 1) {
            text += " You stay in the " + pool_label(*pool) + " pool but skip " +
                    next_round_text(pods, *pool, caller_zone(context)) +
                    "; the round after places you again. To leave the pool too: " + signup_line(context, *pool, true);
        } else {
            text += " You stay in the " + pool_label(*pool) +
                    " pool: " + next_round_text(pods, *pool, caller_zone(context)) +
                    ", places you in a new pod. To leave the pool too: " + signup_line(context, *pool, true);
        }
    }
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
    if (archive_if_empty(pods, pod, context.now())) {
        reply.response.text += "\nNobody is left in pod " + pod.name + ", so it is archived; its name is free again.";
    }
    return reply;
}

std::string one_line(CommandContext& context, const Pod& pod) {
    PodStore pods(context.database);
    const std::string& me = context.caller().member_id();
    std::ostringstream line;
    line << "• " << pod.name << " — " << pod.kind << (pod.topic.empty() ? "" : ", " + pod.topic) << ", "
         << pods.members(pod.id).size() << "/" << pod.size;
    auto waiting = pods.waitlist(pod.id).size();
    if (waiting > 0) line << " (+" << waiting << " waiting)";
    line << ", " << pod.cadence << " " << pod.meeting_day << " " << pod.meeting_time;
    if (pods.is_member(pod.id, me)) line << " ← you are in it";
    else if (pods.is_waiting(pod.id, me)) line << " ← you are on its wait list";
    return line.str();
}

// "• rust learning pool, round 3, re-forms every week — you: signed up, skipping round 4"
std::string standing_line(CommandContext& context, const PoolStanding& standing) {
    const PodPool& pool = standing.pool;
    std::ostringstream line;
    line << "• " << pool_label(pool) << " pool, "
         << (pool.rounds_formed == 0 ? "no round formed yet" : "round " + std::to_string(pool.rounds_formed))
         << (pool.reform_weeks <= 0
                 ? ""
                 : ", re-forms every " +
                       (pool.reform_weeks == 1 ? std::string("week") : std::to_string(pool.reform_weeks) + " weeks"))
         << " — you: ";
    if (standing.left) {
        line << "left the pool (" << signup_line(context, pool) << " brings you back)";
    } else {
        line << "signed up";
        if (standing.skip_round && *standing.skip_round > pool.rounds_formed)
            line << ", skipping round " << *standing.skip_round;
    }
    return line.str();
}

Reply list_pods(CommandContext& context) {
    std::string topic = topic_argument(context, "topic");
    PodStore pods(context.database);
    std::vector<Pod> active = pods.active(topic);
    std::vector<PoolStanding> standings;
    for (PoolStanding& standing : pods.standings(context.caller().member_id()))
        if (topic.empty() || standing.pool.topic == topic) standings.push_back(std::move(standing));

    std::ostringstream text;
    if (active.empty()) {
        text << (topic.empty()
                     ? "There are no pods yet. Start one with /pod create name:<name>."
                     : "There are no pods on " + topic + " yet. Start one with /pod create name:<name> topic:" + topic +
                           ", or /pod signup topic:" + topic + ".");
    } else {
        text << active.size() << (active.size() == 1 ? " pod" : " pods") << (topic.empty() ? "" : " on " + topic)
             << ":";
        for (std::size_t i = 0; i < active.size() && i < max_pods_listed; ++i)
            text << "\n" << one_line(context, active[i]);
        if (active.size() > max_pods_listed) text << "\n…and " << active.size() - max_pods_listed << " more.";
    }
    if (!standings.empty()) {
        text << "\nYour pools:";
        for (const PoolStanding& standing : standings) text << "\n" << standing_line(context, standing);
    }
    Reply reply = Reply::private_text(text.str());
    if (std::optional<Select> join = pods_to_join(context, active)) reply.response.selects.push_back(std::move(*join));
    return reply;
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
    // What members answered to "Did your pod meet?" after its meetings.
    if (KindAttendance answers = PodAttendanceStore(context.database).of_pod(pod.id); answers.asked > 0)
        text << "\nAttendance: " << answers.met << " \"we met\" of " << answers.answered << " answered ("
             << answers.asked << " asked)";
    if (!pod.creator_id.empty()) text << "\nCreated by " << mention(pod.creator_id);
    if (!pod.explanation.empty()) text << "\nWhy this pod: " << pod.explanation;
    return Reply::private_text(text.str());
}

Reply leave_pool(CommandContext& context, const std::string& topic, const std::string& kind) {
    PodStore pods(context.database);
    const std::string& me = context.caller().member_id();
    auto pool = pods.find_pool(topic, kind);
    if (!pool || !pods.leave_pool(pool->id, me, context.now())) {
        throw not_found("you are not signed up for " + topic + " " + kind + " pods, so there is no pool to leave.");
    }
    std::string text = "You left the " + pool_label(*pool) + " pool: no later round places you.";
    if (auto pod = current_pod_of(pods, *pool, me)) {
        text += " You stay in pod " + pod->name + " until the next round ends it (/pod leave " + pod->name +
                " leaves it now).";
    }
    return Reply::private_text(text + " Changed your mind? " + signup_line(context, *pool) + " brings you back.");
}

Reply signup_for_pods(CommandContext& context) {
    std::string topic = topic_argument(context, "topic");
    std::string kind = context.arguments().text("kind").value_or("learning");
    if (context.arguments().flag("cancel").value_or(false)) return leave_pool(context, topic, kind);

    PodStore pods(context.database);
    const std::string& me = context.caller().member_id();
    PodPool pool = pods.ensure_pool(topic, kind, context.now());
    SignupOutcome outcome = pods.add_signup(pool.id, me, context.now());
    if (outcome == SignupOutcome::already) {
        auto standing = pods.standing(pool.id, me);
        if (standing && standing->skip_round && *standing->skip_round > pool.rounds_formed) {
            // Signing up again is how a member takes back a skip.
            pods.set_skip_round(pool.id, me, std::nullopt);
            return Reply::private_text("You no longer skip round " + std::to_string(*standing->skip_round) + " of " +
                                       pool_label(pool) + " pods: it places you in a pod.");
        }
        throw conflict("you have already signed up for " + topic + " " + kind +
                       " pods: " + next_round_text(pods, pool, caller_zone(context)) +
                       ", places you. To leave the pool: " + signup_line(context, pool, true));
    }
    const int count = pods.signup_count(pool.id);
    // The first to sign up would otherwise wonder why a form now gives them nothing.
    return Reply::private_text(
        std::string(outcome == SignupOutcome::came_back ? "You are back in the pool for " : "You are signed up for ") +
        topic + " " + kind + " pods (" + std::to_string(count) +
        (count == 1 ? " person so far: pods need a second person, so none can be formed yet)" : " people so far)") +
        ". When an admin forms the pods you "
        "get a message with yours and why it looks the way it does.");
}

Reply skip_round(CommandContext& context) {
    std::string topic = topic_argument(context, "topic");
    std::string kind = context.arguments().text("kind").value_or("learning");
    PodStore pods(context.database);
    const std::string& me = context.caller().member_id();
    auto pool = pods.find_pool(topic, kind);
    auto standing = pool ? pods.standing(pool->id, me) : std::nullopt;
    if (!standing || standing->left) {
        throw not_found("you are not signed up for " + topic + " " + kind +
                        " pods, so there is no round to skip. /pod signup topic:" + topic + " kind:" + kind +
                        " signs you up.");
    }
    const int next = pool->rounds_formed + 1;
    if (standing->skip_round && *standing->skip_round == next) {
        throw conflict("you already skip round " + std::to_string(next) + " of " + pool_label(*pool) + " pods.");
    }
    pods.set_skip_round(pool->id, me, next);
    std::string text = "You skip " + next_round_text(pods, *pool, caller_zone(context)) +
                       ": it places everyone else, and the round after places you again.";
    if (auto pod = current_pod_of(pods, *pool, me)) text += " Pod " + pod->name + " meets until then.";
    return Reply::private_text(text + " Changed your mind? " + signup_line(context, *pool) + " takes the skip back.");
}

// every:0 — the pool stops forming rounds by itself; nothing is formed and nobody is told.
Reply stop_rounds(CommandContext& context, PodStore& pods, PodPool pool) {
    for (const char* option : {"size", "cadence", "day", "time", "confirm"}) {
        if (context.arguments().has(option)) {
            throw UserError("every:0 stops automatic rounds and forms nothing, so it takes no " + std::string(option) +
                            ":. Nothing changed.");
        }
    }
    if (pool.reform_weeks <= 0) {
        throw conflict(pool_label(pool) + " pods do not re-form by themselves, so there is nothing to stop. Nothing "
                                          "changed.");
    }
    pool.reform_weeks = 0;
    pods.save_pool(pool);
    std::size_t meeting = active_round_pods(pods, pool).size();
    return Reply::private_text(
        "Automatic rounds of " + pool_label(pool) + " pods stopped: no round " +
        std::to_string(pool.rounds_formed + 1) + " will be formed by itself, and nobody was messaged. " +
        (meeting == 0
             ? std::string("No pods of this pool meet now.")
             : (meeting == 1 ? std::string("The pod") : "The " + std::to_string(meeting) + " pods") + " of round " +
                   std::to_string(pool.rounds_formed) + (meeting == 1 ? " keeps meeting." : " keep meeting.")) +
        " /pod form topic:" + pool.topic + " kind:" + pool.kind + " forms a round by hand; every:N starts them again.");
}

// The same /pod form line with confirm:yes, for the admin to run (or press) once they have read what it ends.
std::string confirmed_form_line(CommandContext& context, const PodPool& pool) {
    const Arguments& arguments = context.arguments();
    std::vector<std::pair<std::string, std::string>> values = {{"topic", pool.topic}, {"kind", pool.kind}};
    for (const char* option : {"size", "every"})
        if (auto value = arguments.integer(option)) values.emplace_back(option, std::to_string(*value));
    for (const char* option : {"cadence", "day", "time"})
        if (auto value = arguments.text(option)) values.emplace_back(option, *value);
    values.emplace_back("confirm", "yes");
    return context.registry.example("pod", "form", values);
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
    auto every = arguments.integer("every");
    if (every && *every == 0) return stop_rounds(context, pods, *pool);

    std::vector<Pod> running = active_round_pods(pods, *pool);
    if (!running.empty() && !arguments.flag("confirm").value_or(false)) {
        // Re-forming ends pods people are meeting in: the admin reads what it ends first.
        std::vector<std::string> names;
        std::size_t people = 0;
        for (const Pod& pod : running) {
            names.push_back(pod.name);
            people += pods.members(pod.id).size();
        }
        std::string line = confirmed_form_line(context, *pool);
        Reply reply = Reply::private_text(
            "Round " + std::to_string(pool->rounds_formed) + " of " + pool_label(*pool) +
            " pods still meets: " + std::to_string(running.size()) + (running.size() == 1 ? " pod (" : " pods (") +
            join_list(names) + ") with " + std::to_string(people) + (people == 1 ? " member" : " members") +
            ". Forming round " + std::to_string(pool->rounds_formed + 1) +
            " now ends them: each member is told their pod ended, then gets their new one. Nothing changed yet. To "
            "go ahead: " +
            line);
        reply.response.buttons.push_back({"Form round " + std::to_string(pool->rounds_formed + 1), line});
        return reply;
    }

    pool->size = static_cast<int>(arguments.integer("size").value_or(pool->size));
    if (every) pool->reform_weeks = static_cast<int>(*every);
    // A new round meets as the one before it; the options given change only what they name.
    RoundSettings settings = latest_round_settings(pods, *pool);
    if (pool->rounds_formed == 0 || arguments.has("time")) settings.time_zone = caller_zone(context);
    if (auto cadence = arguments.text("cadence")) settings.cadence = *cadence;
    if (auto day = arguments.text("day")) settings.meeting_day = *day;
    if (auto time = arguments.text("time")) settings.meeting_time = *time;

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
    if (round.skipping > 0)
        text << " " << round.skipping << (round.skipping == 1 ? " member skips" : " members skip") << " this round.";
    if (!round.ended.empty()) {
        if (round.ended.size() == 1) text << " Round " << round.round - 1 << "'s pod ended; its members were told.";
        else
            text << " Round " << round.round - 1 << "'s " << round.ended.size()
                 << " pods ended; their members were told.";
    }
    // Pods meet at the time asked for where it is inside all their members' working hours,
    // else at the nearest time that is.
    const std::string& asked = settings.meeting_time;
    const bool one_time = std::all_of(round.pods.begin(), round.pods.end(), [&](const Pod& pod) {
        return pod.meeting_time == round.pods.front().meeting_time;
    });
    const auto at_asked = static_cast<std::size_t>(
        std::count_if(round.pods.begin(), round.pods.end(), [&](const Pod& pod) { return pod.meeting_time == asked; }));
    Pod as_asked = round.pods.front();
    as_asked.meeting_time = asked;
    if (one_time && at_asked > 0) {
        text << " Pods meet " << describe_rhythm(rhythm_of(as_asked)) << ".";
    } else if (one_time) {
        text << " Pods meet " << describe_rhythm(rhythm_of(round.pods.front())) << ", the nearest time to " << asked
             << " inside every member's working hours.";
    } else if (at_asked > 0) {
        const std::size_t moved = round.pods.size() - at_asked;
        text << " Pods meet " << describe_rhythm(rhythm_of(as_asked)) << ". " << moved << " of " << round.pods.size()
             << " pods meet at another time, the nearest to it inside all their members' working hours (shown "
                "below).";
    } else {
        text << " Working hours differ across time zones: each pod meets at the time nearest to " << asked << " ("
             << settings.time_zone << ") inside all its members' working hours (shown below).";
    }
    if (round.next_round_at) {
        text << " Re-forms every "
             << (pool->reform_weeks == 1 ? std::string("week") : std::to_string(pool->reform_weeks) + " weeks")
             << ": round " << round.round + 1 << " on "
             << format_in_zone(from_unix(*round.next_round_at), caller_zone(context)) << ".";
    }
    for (std::size_t i = 0; i < round.pods.size() && i < max_pods_listed; ++i) {
        text << "\n• " << round.pods[i].name << " (" << round.formation.pods[i].member_ids.size()
             << "): " << round.pods[i].explanation;
        if (!one_time) text << " · meets " << describe_rhythm(rhythm_of(round.pods[i]));
    }
    if (round.pods.size() > max_pods_listed)
        text << "\n…and " << round.pods.size() - max_pods_listed << " more (/pod list topic:" << topic << ").";
    if (!round.out_of_hours.empty()) {
        // The admin hears who could not be placed in their hours, and why, so they can act on it.
        text << "\n⚠️ " << round.out_of_hours.size()
             << (round.out_of_hours.size() == 1 ? " member meets" : " members meet")
             << " outside their working hours, in the nearest pod (each was warned):";
        for (std::size_t i = 0; i < round.out_of_hours.size() && i < max_pods_listed; ++i) {
            const OutOfHours& out = round.out_of_hours[i];
            text << "\n• " << mention(out.member_id) << " works " << out.hours << "; pod " << out.pod_name << " meets "
                 << out.meeting << ": " << out.reason << ".";
        }
        if (round.out_of_hours.size() > max_pods_listed)
            text << "\n…and " << round.out_of_hours.size() - max_pods_listed << " more.";
    }
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

// The answer to "Did your pod meet?": attendance, and for "met" a check-in like /pod checkin.
Reply answer_meeting(CommandContext& context) {
    Pod pod = require_pod(context);
    PodStore pods(context.database);
    const std::string& me = context.caller().member_id();
    if (!pods.is_member(pod.id, me)) throw not_allowed("only members of pod " + pod.name + " can say whether it met.");
    const std::string answer = context.arguments().text("answer").value_or("met");
    PodAttendanceStore attendance(context.database);
    auto ask = attendance.latest_ask(pod.id, me);
    if (!ask) {
        throw conflict("pod " + pod.name +
                       " has not asked you about a meeting yet: after each meeting you get \"Did your pod meet?\". "
                       "To record a meeting now: /pod checkin " +
                       pod.name + ".");
    }
    const std::string when = format_in_zone(from_unix(ask->meeting_at), caller_zone(context));
    const bool met = answer == "met";
    if (attendance.answer(pod.id, me, answer, context.now()) == AttendanceAnswer::same)
        throw conflict("you already said pod " + pod.name + (met ? " met" : " skipped its meeting") + " on " + when +
                       ".");
    std::string text;
    if (met) {
        auto last = pods.last_checkin(pod.id, me);
        if (!last || context.now() - *last >= checkin_window_seconds) pods.add_checkin(pod.id, me, "", context.now());
        text = "Thanks: pod " + pod.name + " met on " + when + ". It counts towards the pod's attendance.";
    } else {
        text = "Noted: pod " + pod.name + " skipped its meeting on " + when + ".";
    }
    if (!pod.archived()) text += " Next meeting " + next_meeting_text(pod, context.now(), caller_zone(context)) + ".";
    return Reply::private_text(text);
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

// `suggest`: the pods that exist, for every command but the one that names a new pod.
OptionSpec pod_name_option(const std::string& description, Suggest suggest = Suggest::pods) {
    return {.name = "name",
            .type = OptionType::text,
            .description = description,
            .required = true,
            .positional = true,
            .max_chars = 64,
            .suggest = suggest};
}

OptionSpec not_required(OptionSpec option) {
    option.required = false;
    return option;
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
        pod_name_option("the pod's name, e.g. rust-readers", Suggest::nothing),
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
         .description =
             "re-form every N weeks on the same day and time, keeping pod-mates apart; 0 stops, forming nothing",
         .min = 0,
         .max = 52},
        {.name = "confirm",
         .type = OptionType::boolean,
         .description = "yes: form a new round even though the current round's pods still meet (they end)"},
    };
    for (auto& option : rhythm_options()) form_options.push_back(option);

    return {
        "pod",
        "Peer learning pods, cross-functional circles and cohorts",
        {
            {"create",
             "Start a pod others can join",
             create_options,
             false,
             create_pod,
             {.title = "Create a pod",
              .submit_label = "Create",
              .fields = {"name", "topic", "kind", "size", "channel"}}},
            {"join",
             "Join a pod (or its wait list when it is full); without a name, pick one from a menu",
             {not_required(pod_name_option("the pod to join")),
              {.name = "confirm",
               .type = OptionType::boolean,
               .description = "yes: join even though the pod meets outside your working hours"}},
             false,
             join_pod},
            {"leave",
             "Leave a pod or its wait list (not its pool: see signup cancel:yes)",
             {pod_name_option("the pod to leave", Suggest::my_pods)},
             false,
             leave_pod},
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
             "Sign up to be placed in a pod by the next formation (cancel:yes leaves the pool)",
             {{.name = "topic",
               .type = OptionType::text,
               .description = "what you want a pod for",
               .required = true,
               .positional = true,
               .max_chars = 64},
              kind_option(),
              {.name = "cancel",
               .type = OptionType::boolean,
               .description = "yes: leave the pool; no later round places you"}},
             false,
             signup_for_pods,
             {.title = "Sign up for a pod", .submit_label = "Sign up", .fields = {"topic", "kind"}}},
            {"skip",
             "Sit out the next round of a pool you signed up for; the round after places you again",
             {{.name = "topic",
               .type = OptionType::text,
               .description = "the pool's topic",
               .required = true,
               .positional = true,
               .max_chars = 64},
              kind_option()},
             false,
             skip_round},
            {"form",
             "Form pods from everyone signed up for a topic and kind",
             form_options,
             true,
             form_pods_from_pool,
             {.title = "Form pods",
              .submit_label = "Form",
              .fields = {"topic", "kind", "size", "every", "day", "time"}}},
            {"checkin",
             "Record that your pod met",
             {pod_name_option("your pod", Suggest::my_pods),
              {.name = "note", .type = OptionType::text, .description = "what you covered", .max_chars = 1000}},
             false,
             checkin},
            {"met",
             "Say whether your pod met (what the buttons of \"Did your pod meet?\" do)",
             {pod_name_option("your pod", Suggest::my_pods),
              {.name = "answer",
               .type = OptionType::choice,
               .description = "met or skipped",
               .required = true,
               .choices = {"met", "skipped"}}},
             false,
             answer_meeting},
            {"archive",
             "Archive a pod (its creator or an admin)",
             {pod_name_option("the pod to archive")},
             false,
             archive_pod},
        },
    };
}

}  // namespace mentorbot

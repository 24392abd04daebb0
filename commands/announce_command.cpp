// /announce pod:<name>|all text:… — admins post to a pod's channel or its members, with delivery counts kept.
#include <optional>
#include <set>

#include "commands/command_context.h"
#include "commands/command_specs.h"
#include "model/user_error.h"
#include "util/text.h"
#include "storage/announcement_store.h"
#include "storage/pod_store.h"

namespace mentorbot {

namespace {

constexpr long long repeat_window_seconds = 60;

Reply announce(CommandContext& context) {
    std::string target = trim(*context.arguments().text("pod"));
    std::string text = *context.arguments().text("text");
    if (trim(text).empty()) throw UserError("text needs a value: the announcement itself.");
    bool to_all = case_fold(target) == "all";

    // An admin announces within their own workspace or server: another tenant's pods
    // and members are out of reach, whatever the pod's name.
    const std::string tenant = context.caller_tenant();
    PodStore pods(context.database);
    std::vector<Pod> targets;
    if (to_all) {
        targets = pods.active_in_tenant(tenant);
        if (targets.empty())
            throw conflict("there are no active pods in " + context.caller_tenant_name() +
                           " to announce to; an announcement reaches the pods of the admin's own workspace or "
                           "server only.");
        target = "all";
    } else {
        auto pod = pods.find(target);
        if (!pod)
            throw not_found("there is no pod called `" + target +
                            "`. /pod list shows the pods; pod:all reaches every pod.");
        if (pod->tenant != tenant)
            throw not_allowed("pod " + pod->name + " is not in " + context.caller_tenant_name() +
                              ": admins announce to the pods of their own workspace or server only.");
        if (pod->archived()) throw conflict("pod " + pod->name + " is archived; announcements go to active pods only.");
        target = pod->name;
        targets.push_back(*pod);
    }
    AnnouncementStore announcements(context.database);
    if (announcements.sent_since(tenant, target, text, context.now() - repeat_window_seconds)) {
        throw conflict("this exact text went to " + (to_all ? std::string("all pods") : "pod " + target) +
                       " less than a minute ago; it was not sent again.");
    }

    long long id = announcements.record(tenant, context.caller().member_id(), target, text, context.now());
    std::string heading = "📣 Announcement for " + (to_all ? std::string("all pods") : "pod " + target) + " from " +
                          mention(context.caller().member_id()) + ":\n";
    Reply reply;
    // Each channel gets one post and each member one direct message, however many pods they share.
    std::set<std::string> channels, members;
    int channel_posts = 0, direct_messages = 0;
    // Same tenant as the admin: a channel or a member of another one is never reached,
    // even when it found its way into one of these pods.
    auto in_tenant = [&tenant](const std::string& id) {
        std::optional<MemberId> parsed = MemberId::parse(id);
        return parsed && parsed->tenant_key() == tenant;
    };
    for (const Pod& pod : targets) {
        if (!pod.channel_id.empty() && in_tenant(pod.channel_id)) {
            if (!channels.insert(pod.channel_id).second) continue;
            reply.outbound.push_back({Destination::channel(pod.channel_id), {heading + text, {}}, id});
            ++channel_posts;
            continue;
        }
        for (const std::string& member : pods.members(pod.id)) {
            if (!in_tenant(member) || !members.insert(member).second) continue;
            reply.outbound.push_back({Destination::member(member), {heading + text, {}}, id});
            ++direct_messages;
        }
    }
    reply.response.text = "Announcement #" + std::to_string(id) + " to " +
                          (to_all ? "all " + std::to_string(targets.size()) + " active pods" : "pod " + target) + ": " +
                          std::to_string(channel_posts) + (channel_posts == 1 ? " channel post" : " channel posts") +
                          " and " + std::to_string(direct_messages) +
                          (direct_messages == 1 ? " direct message" : " direct messages") +
                          " on their way. Failed deliveries are retried; /coach stats shows the counts.";
    return reply;
}

}  // namespace

CommandSpec announce_command() {
    return {
        "announce",
        "Post an announcement to a pod or to every pod (admins)",
        {
            {"",
             "Post to a pod's channel, or to each member by direct message",
             {
                 {.name = "pod",
                  .type = OptionType::text,
                  .description = "a pod name, or all for every active pod",
                  .required = true,
                  .positional = true,
                  .max_chars = 64,
                  .suggest = Suggest::pods_and_all},
                 {.name = "text",
                  .type = OptionType::text,
                  .description = "the announcement",
                  .required = true,
                  .max_chars = 3000},
             },
             true,
             announce,
             {.title = "Announce", .submit_label = "Post"}},
        },
    };
}

}  // namespace mentorbot

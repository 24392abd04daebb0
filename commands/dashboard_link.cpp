// /coach dashboard: stores the hash of a fresh token and direct-messages the admin the link that holds it.
#include "commands/dashboard_link.h"

#include <chrono>

#include "commands/command_context.h"
#include "storage/dashboard_sign_in_store.h"
#include "util/secret_token.h"

namespace mentorbot {

Reply dashboard_link(CommandContext& context) {
    const DashboardSettings& settings = context.config.dashboard;
    if (!settings.enabled) {
        return Reply::private_text(
            "The program dashboard is off here. The operator turns it on with [dashboard] enabled = true in the "
            "config file (or MENTORBOT_DASHBOARD=on); meanwhile /coach stats gives the same figures as text.");
    }
    const std::string token = random_token();
    const long long minutes = settings.link_lifetime.count();
    DashboardSignInStore(context.database)
        .add_link(sha256_hex(token),
                  {context.caller().member_id(), context.caller_tenant(), context.caller().platform_admin},
                  context.now(), context.now() + minutes * 60);
    const std::string link = context.config.dashboard_url() + dashboard_sign_in_path + "?token=" + token;
    const std::string lifetime = std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
    Reply reply = Reply::private_text("I sent you a sign-in link to the program dashboard by direct message. It works "
                                      "once, within " +
                                      lifetime + ".");
    reply.outbound.push_back({Destination::member(context.caller().member_id()),
                              {"Your sign-in link to the program dashboard (works once, within " + lifetime +
                                   "; do not forward it):\n" + link,
                               {}},
                              0});
    return reply;
}

}  // namespace mentorbot

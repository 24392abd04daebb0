// Who a Slack envelope comes from: the member behind a slash command, a button press or an event.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "model/member_id.h"

namespace mentorbot::slack {

// The tenant a Slack member belongs to: the Enterprise Grid organisation when there is one
// (a person has one user id across its workspaces, so keying them by workspace would make
// them two members), else the workspace.
std::string tenant_of(const std::string& enterprise, const std::string& team);

// Who acted in an interactive payload (a button, a view submission, a suggestion request),
// as Slack names them: empty strings for what the payload lacks.
struct InteractiveActor {
    std::string team;  // their own workspace: in a Slack Connect channel not the channel's
    std::string enterprise;
    std::string user_id;
    std::string display_name;  // the username, or failing that the name
};
InteractiveActor interactive_actor(const nlohmann::json& payload);

// The member who sent `envelope` (a whole Socket Mode envelope): the caller of a slash
// command, the presser of a button (interactive), or the user of an Events API event
// (app_home_opened). nullopt when the ids make no member.
std::optional<MemberId> envelope_member(const nlohmann::json& envelope);

}  // namespace mentorbot::slack

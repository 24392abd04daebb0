// Reading the member out of slash command, interactive and Events API envelopes, each shaped its own way.
#include "bot/slack/envelope_member.h"

#include "bot/net/json_fields.h"

namespace mentorbot::slack {

using net::object_field;
using net::string_field;

std::string tenant_of(const std::string& enterprise, const std::string& team) {
    return enterprise.empty() ? team : enterprise;
}

namespace {

std::optional<MemberId> person(const std::string& enterprise, const std::string& team, const std::string& user) {
    if (team.empty() && enterprise.empty()) return std::nullopt;
    std::optional<MemberId> member = MemberId::from_parts(Platform::slack, tenant_of(enterprise, team), user);
    if (!member || !member->is_person()) return std::nullopt;
    return member;
}

// Events API (event_callback): the user is the event's; the workspace and organisation are the
// callback's, or failing those the installation's the event came through.
std::optional<MemberId> event_member(const nlohmann::json& payload) {
    const nlohmann::json& event = object_field(payload, "event");
    std::string team = string_field(payload, "team_id");
    std::string enterprise = string_field(payload, "enterprise_id");
    if (auto found = payload.find("authorizations"); found != payload.end() && found->is_array() && !found->empty()) {
        if (team.empty()) team = string_field((*found)[0], "team_id");
        if (enterprise.empty()) enterprise = string_field((*found)[0], "enterprise_id");
    }
    return person(enterprise, team, string_field(event, "user"));
}

}  // namespace

InteractiveActor interactive_actor(const nlohmann::json& payload) {
    const nlohmann::json& user = object_field(payload, "user");
    InteractiveActor actor;
    actor.team = string_field(user, "team_id");
    if (actor.team.empty()) actor.team = string_field(object_field(payload, "team"), "id");
    actor.enterprise = string_field(object_field(payload, "enterprise"), "id");
    if (actor.enterprise.empty()) actor.enterprise = string_field(object_field(payload, "team"), "enterprise_id");
    actor.user_id = string_field(user, "id");
    actor.display_name = string_field(user, "username");
    if (actor.display_name.empty()) actor.display_name = string_field(user, "name");
    return actor;
}

std::optional<MemberId> envelope_member(const nlohmann::json& envelope) {
    const std::string type = string_field(envelope, "type");
    const nlohmann::json& payload = object_field(envelope, "payload");
    if (type == "slash_commands") {
        return person(string_field(payload, "enterprise_id"), string_field(payload, "team_id"),
                      string_field(payload, "user_id"));
    }
    if (type == "interactive") {
        const InteractiveActor actor = interactive_actor(payload);
        return person(actor.enterprise, actor.team, actor.user_id);
    }
    if (type == "events_api") return event_member(payload);
    return std::nullopt;
}

}  // namespace mentorbot::slack

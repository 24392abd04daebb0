// Home tab publishing: which member, when (debounced per member), and views.publish off the command path.
#include "bot/slack/app_home.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <exception>
#include <spdlog/spdlog.h>

#include "bot/net/json_fields.h"
#include "bot/slack/envelope_member.h"
#include "bot/slack/home_tab.h"

namespace mentorbot::slack {

namespace asio = boost::asio;
using net::object_field;
using net::string_field;
using SteadyClock = std::chrono::steady_clock;

AppHome::AppHome(WebApiClient& api, ViewSource source, AppHomeOptions options)
    : api_(api), source_(std::move(source)), options_(options) {}

AppHome::~AppHome() {
    *alive_ = false;
    for (auto& entry : members_) {
        if (entry.second.timer) entry.second.timer->cancel();
    }
}

void AppHome::observe(const nlohmann::json& envelope) {
    const std::string type = string_field(envelope, "type");
    if (type == "events_api") {
        const nlohmann::json& event = object_field(object_field(envelope, "payload"), "event");
        if (string_field(event, "type") != "app_home_opened") return;
        // The Messages tab opens the bot's DMs: nothing to publish there.
        const std::string tab = string_field(event, "tab", "home");
        if (tab != "home") return;
        if (std::optional<MemberId> member = envelope_member(envelope)) opened(*member);
        return;
    }
    if (type != "slash_commands" && type != "interactive") return;
    if (std::optional<MemberId> member = envelope_member(envelope)) changed(*member);
}

AppHome::Member& AppHome::remember(const MemberId& member) {
    auto found = members_.find(member.str());
    if (found != members_.end()) return found->second;
    if (members_.size() >= options_.max_members) {
        // The one who opened their Home longest ago and has nothing under way makes room.
        auto oldest = members_.end();
        for (auto it = members_.begin(); it != members_.end(); ++it) {
            if (it->second.timer || it->second.publishing) continue;
            if (oldest == members_.end() || it->second.last_opened < oldest->second.last_opened) oldest = it;
        }
        if (oldest != members_.end()) members_.erase(oldest);
    }
    Member entry;
    entry.id = member;
    return members_.emplace(member.str(), std::move(entry)).first->second;
}

void AppHome::opened(const MemberId& member) {
    Member& entry = remember(member);
    entry.last_opened = SteadyClock::now();
    // They are looking now: no settling, only the per-member interval.
    schedule(member.str(), false);
}

void AppHome::changed(const MemberId& member) {
    // A Home never opened shows nothing of ours: there is nothing to refresh.
    if (members_.count(member.str()) == 0) return;
    schedule(member.str(), true);
}

void AppHome::schedule(const std::string& key, bool settle) {
    Member& entry = members_.at(key);
    if (entry.publishing) {
        entry.again = true;
        return;
    }
    // One is coming already, and it reads everything as it is by then.
    if (entry.timer) return;
    SteadyClock::time_point at = SteadyClock::now();
    if (settle) at += options_.settle;
    if (entry.last_published) at = std::max(at, *entry.last_published + options_.min_interval);
    entry.timer = std::make_shared<asio::steady_timer>(api_.executor(), at);
    entry.timer->async_wait([this, alive = alive_, key](boost::system::error_code error) {
        if (error || !*alive) return;
        publish(key);
    });
}

void AppHome::publish(const std::string& key) {
    auto found = members_.find(key);
    if (found == members_.end()) return;
    Member& entry = found->second;
    entry.timer.reset();
    std::optional<HomeView> view;
    try {
        view = source_(entry.id);
    } catch (const std::exception& error) {
        spdlog::warn("slack: the Home of {} could not be read, not published: {}", key, error.what());
        return;
    }
    if (!view) return;
    nlohmann::json arguments{{"user_id", std::string(entry.id.user())}, {"view", home_tab_view(*view)}};
    entry.publishing = true;
    entry.last_published = SteadyClock::now();
    // Its own queue per member: one member's slow publish does not hold up another's.
    asio::co_spawn(api_.executor(), api_.call("views.publish", std::move(arguments), std::string(entry.id.user())),
                   [this, alive = alive_, key](std::exception_ptr error, WebApiResult result) {
                       if (!*alive || result.stopped) return;
                       if (error) {
                           result.ok = false;
                           result.error = "views.publish failed unexpectedly";
                       }
                       published(key, result);
                   });
}

void AppHome::published(const std::string& key, const WebApiResult& result) {
    if (!result.ok) spdlog::warn("slack: views.publish for {} failed: {}", key, result.error);
    auto found = members_.find(key);
    if (found == members_.end()) return;
    found->second.publishing = false;
    if (found->second.again) {
        found->second.again = false;
        schedule(key, true);
    }
}

}  // namespace mentorbot::slack

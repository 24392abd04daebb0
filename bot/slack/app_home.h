// The Slack Home tab: published when a member opens it, refreshed (debounced) when something of theirs changes.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>

#include "bot/slack/web_api.h"
#include "commands/home_view.h"
#include "model/member_id.h"

namespace mentorbot::slack {

struct AppHomeOptions {
    // A refresh waits this long first, so a command and the messages it sends make one publish.
    std::chrono::steady_clock::duration settle = std::chrono::milliseconds(300);
    // At most one publish per member this often; what changes meanwhile goes into the next one.
    std::chrono::steady_clock::duration min_interval = std::chrono::seconds(3);
    // Members remembered as having opened their Home; past it the longest quiet one is forgotten
    // (their Home is refreshed again the next time they open it).
    std::size_t max_members = 20000;
};

// Publishes members' Home tabs with views.publish (S19). A member's Home is published when they
// open it (app_home_opened, tab "home") and refreshed when something of theirs changes: a
// command they ran, a button they pressed, a direct message to them. Only members who opened
// their Home since the bot started are refreshed, never on a timer. Each publish reads the
// view anew from `source`, on this thread but after the envelope was acked; a failed read or
// publish is logged and dropped (the next change or open tries again).
class AppHome {
public:
    // The member's Home now, or nullopt when they get none (a workspace the bot does not serve).
    using ViewSource = std::function<std::optional<HomeView>(const MemberId&)>;

    AppHome(WebApiClient& api, ViewSource source, AppHomeOptions options = {});
    ~AppHome();
    AppHome(const AppHome&) = delete;
    AppHome& operator=(const AppHome&) = delete;

    // A Socket Mode envelope Slack sent: app_home_opened publishes, a slash command or button
    // press refreshes the sender's Home; anything else is ignored.
    void observe(const nlohmann::json& envelope);
    void opened(const MemberId& member);
    // Something of the member's changed: refreshes their Home if they opened it.
    void changed(const MemberId& member);

    // Members whose Home is remembered (for tests and the bound above).
    std::size_t remembered() const { return members_.size(); }

private:
    struct Member {
        MemberId id;
        std::shared_ptr<boost::asio::steady_timer> timer;  // a publish is scheduled
        bool publishing = false;                           // views.publish is under way
        bool again = false;                                // something changed while it was
        std::optional<std::chrono::steady_clock::time_point> last_published;
        std::chrono::steady_clock::time_point last_opened{};
    };

    Member& remember(const MemberId& member);
    void schedule(const std::string& key, bool settle);
    void publish(const std::string& key);
    void published(const std::string& key, const WebApiResult& result);

    WebApiClient& api_;
    ViewSource source_;
    AppHomeOptions options_;
    std::unordered_map<std::string, Member> members_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace mentorbot::slack

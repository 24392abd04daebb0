// Which member a Slack envelope is from, and when the Home tab reads a member's Home: on open, once per burst of
// changes.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include "bot/net/tls.h"
#include "bot/slack/app_home.h"
#include "bot/slack/envelope_member.h"
#include "tests/support/callers.h"
#include "tests/support/fake_server.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;

namespace {

nlohmann::json home_opened(const std::string& user, const std::string& tab, const nlohmann::json& enterprise) {
    return {{"envelope_id", "e1"},
            {"type", "events_api"},
            {"payload",
             {{"team_id", "T1"},
              {"type", "event_callback"},
              {"event", {{"type", "app_home_opened"}, {"user", user}, {"channel", "D1"}, {"tab", tab}}},
              {"authorizations", {{{"enterprise_id", enterprise}, {"team_id", "T1"}, {"is_bot", true}}}}}}};
}

// An AppHome whose views are counted, never published: the source says "no Home".
struct CountingHome {
    boost::asio::io_context io;
    slack::WebApiClient api{io.get_executor(), net::make_client_tls_context(), "http://127.0.0.1:9/api/",
                            "xoxb-unused"};
    std::map<std::string, int> reads;
    slack::AppHome home;

    explicit CountingHome(std::size_t max_members = 100)
        : home(
              api,
              [this](const MemberId& member) -> std::optional<HomeView> {
                  ++reads[member.str()];
                  return std::nullopt;
              },
              slack::AppHomeOptions{.settle = 1ms, .min_interval = 1ms, .max_members = max_members}) {}

    bool wait_for(const std::function<bool()>& done) { return run_until(io, done, 5s); }
};

}  // namespace

TEST_CASE("the member of a slash command a button press and a Home event on a workspace and on Grid", "[slack][home]") {
    const nlohmann::json slash{{"type", "slash_commands"},
                               {"payload", {{"team_id", "T1"}, {"user_id", "U2"}, {"command", "/flash"}}}};
    CHECK(slack::envelope_member(slash)->str() == "slack:T1:U2");
    nlohmann::json grid_slash = slash;
    grid_slash["payload"]["enterprise_id"] = "E9";
    CHECK(slack::envelope_member(grid_slash)->str() == "slack:E9:U2");

    const nlohmann::json press{
        {"type", "interactive"},
        {"payload", {{"type", "block_actions"}, {"user", {{"id", "U3"}, {"team_id", "T1"}}}, {"enterprise", nullptr}}}};
    CHECK(slack::envelope_member(press)->str() == "slack:T1:U3");

    CHECK(slack::envelope_member(home_opened("U4", "home", nullptr))->str() == "slack:T1:U4");
    CHECK(slack::envelope_member(home_opened("U4", "home", "E9"))->str() == "slack:E9:U4");
    // No user, or a channel where a user should be: no member.
    CHECK_FALSE(slack::envelope_member(home_opened("", "home", nullptr)).has_value());
    CHECK_FALSE(slack::envelope_member({{"type", "hello"}}).has_value());
}

TEST_CASE("the Home is read when opened and once per burst of changes and never for a member who did not open it",
          "[slack][home]") {
    CountingHome counting;
    slack::AppHome& home = counting.home;
    // A command from someone who never opened their Home reads nothing.
    home.changed(member("slack:T1:U1"));
    // The Messages tab is the bot's DMs: no Home to show there.
    home.observe(home_opened("U2", "messages", nullptr));
    home.observe(home_opened("U2", "home", nullptr));
    REQUIRE(counting.wait_for([&] { return counting.reads["slack:T1:U2"] == 1; }));

    // Five changes before the loop runs again: one read sees them all.
    for (int i = 0; i < 5; ++i) home.changed(member("slack:T1:U2"));
    REQUIRE(counting.wait_for([&] { return counting.reads["slack:T1:U2"] == 2; }));
    run_for(counting.io, 20ms);
    CHECK(counting.reads["slack:T1:U2"] == 2);
    CHECK(counting.reads.count("slack:T1:U1") == 0);
}

TEST_CASE("the Home remembers a bounded number of members and forgets the longest quiet first", "[slack][home]") {
    CountingHome counting(2);
    slack::AppHome& home = counting.home;
    home.opened(member("slack:T1:U1"));
    home.opened(member("slack:T1:U2"));
    REQUIRE(counting.wait_for([&] { return counting.reads.size() == 2; }));
    home.opened(member("slack:T1:U3"));
    CHECK(home.remembered() == 2);
    REQUIRE(counting.wait_for([&] { return counting.reads["slack:T1:U3"] == 1; }));
    // U1 opened longest ago, so U1 was forgotten: their changes read nothing until they open it again.
    home.changed(member("slack:T1:U1"));
    home.changed(member("slack:T1:U2"));
    REQUIRE(counting.wait_for([&] { return counting.reads["slack:T1:U2"] == 2; }));
    CHECK(counting.reads["slack:T1:U1"] == 1);
}

// Outbound Slack: DMs and channel posts through the Web API, 429 and 5xx handling, queue independence.
#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>

#include "bot/metrics.h"
#include "bot/slack/slack_transport.h"
#include "tests/slack_harness.h"
#include "tests/support/transport_metrics.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

namespace {

OutboundMessage direct_message(const std::string& member, const std::string& text) {
    return {Destination::member(member), {text, {{"Accept", "/flash accept 3"}}}, 0};
}

}  // namespace

TEST_CASE("a direct message opens the DM once and posts Block Kit with the bot token", "[slack][web_api]") {
    SlackHarness h;
    slack::SlackTransport transport(*h.api);
    CHECK(transport.platform() == Platform::slack);
    std::vector<DeliveryOutcome> outcomes;
    transport.deliver(direct_message("slack:T1:U42", "You have a new offer"),
                      [&](DeliveryOutcome o) { outcomes.push_back(o); });
    REQUIRE(h.wait_for([&] { return outcomes.size() == 1; }));
    transport.deliver(direct_message("slack:T1:U42", "Second"), [&](DeliveryOutcome o) { outcomes.push_back(o); });
    REQUIRE(h.wait_for([&] { return outcomes.size() == 2; }));
    CHECK(outcomes[0].delivered);
    CHECK(outcomes[1].delivered);
    REQUIRE(h.slack->calls_of("conversations.open").size() == 1);  // cached afterwards
    auto open = h.slack->calls_of("conversations.open")[0];
    CHECK(open.body["users"] == "U42");
    CHECK(open.authorization == std::string("Bearer ") + fake_bot_token);
    CHECK(open.content_type == "application/json; charset=utf-8");
    auto posts = h.slack->calls_of("chat.postMessage");
    REQUIRE(posts.size() == 2);
    CHECK(posts[0].body["channel"] == "DU42");
    CHECK(posts[0].body["text"] == "You have a new offer");
    CHECK(posts[0].body["blocks"][1]["elements"][0]["value"] == "/flash accept 3");
    CHECK(posts[1].body["text"] == "Second");
}

TEST_CASE("a channel post goes straight to chat.postMessage, permanent errors are not retried", "[slack][web_api]") {
    SlackHarness h;
    slack::SlackTransport transport(*h.api);
    std::vector<DeliveryOutcome> outcomes;
    transport.deliver({Destination::channel("slack:T1:C77"), {"Pods are formed", {}}, 0},
                      [&](DeliveryOutcome o) { outcomes.push_back(o); });
    transport.deliver({Destination::channel("slack:T1:CGONE"), {"to nowhere", {}}, 0},
                      [&](DeliveryOutcome o) { outcomes.push_back(o); });
    transport.deliver({Destination::channel("discord:G:C1"), {"wrong platform", {}}, 0},
                      [&](DeliveryOutcome o) { outcomes.push_back(o); });
    REQUIRE(h.wait_for([&] { return outcomes.size() == 3; }));
    CHECK_FALSE(outcomes[0].retryable);  // the immediate refusal of a non-Slack target
    CHECK_FALSE(outcomes[0].delivered);
    DeliveryOutcome posted = outcomes[1].delivered ? outcomes[1] : outcomes[2];
    DeliveryOutcome refused = outcomes[1].delivered ? outcomes[2] : outcomes[1];
    CHECK(posted.delivered);
    CHECK_FALSE(refused.delivered);
    CHECK_FALSE(refused.retryable);
    CHECK(refused.error == "channel_not_found");
    CHECK(h.slack->calls_of("chat.postMessage").size() == 2);
}

TEST_CASE("a 429 on chat.postMessage waits Retry-After without blocking other methods, and nothing is lost",
          "[slack][web_api]") {
    SlackHarness h;
    h.slack->script("chat.postMessage", {429, R"({"ok":false,"error":"ratelimited"})", {{"Retry-After", "1"}}});
    slack::SlackTransport transport(*h.api);
    const double rate_limited_before = slack_metric(metric::rate_limited);
    std::vector<std::pair<std::string, SteadyClock::time_point>> done;
    const auto started = SteadyClock::now();
    transport.deliver({Destination::channel("slack:T1:C1"), {"first", {}}, 0}, [&](DeliveryOutcome o) {
        if (o.delivered) done.emplace_back("first", SteadyClock::now());
    });
    transport.deliver({Destination::channel("slack:T1:C1"), {"second", {}}, 0}, [&](DeliveryOutcome o) {
        if (o.delivered) done.emplace_back("second", SteadyClock::now());
    });
    std::optional<SteadyClock::time_point> other_method_done;
    boost::asio::co_spawn(h.io, h.api->call("conversations.open", {{"users", "U9"}}, "U9"),
                          [&](std::exception_ptr, slack::WebApiResult result) {
                              if (result.ok) other_method_done = SteadyClock::now();
                          });
    REQUIRE(h.wait_for([&] { return done.size() == 2 && other_method_done; }, 5s));
    CHECK(done[0].first == "first");  // order within the channel kept
    CHECK(done[1].first == "second");
    CHECK(done[0].second - started >= 1s);
    CHECK(*other_method_done - started < 500ms);
    CHECK(slack_metric(metric::rate_limited) == rate_limited_before + 1);
    CHECK(h.slack->calls_of("chat.postMessage").size() == 3);
}

TEST_CASE("server errors and dropped connections are retried with backoff", "[slack][web_api]") {
    SlackHarness h;
    h.slack->script("chat.postMessage", {503, "busy", {}});
    h.slack->script("chat.postMessage", {500, "oops", {}});
    const double retries_before = slack_metric(metric::retries);
    std::optional<slack::WebApiResult> result;
    boost::asio::co_spawn(h.io, h.api->call("chat.postMessage", {{"channel", "C1"}, {"text", "hi"}}, "C1"),
                          [&](std::exception_ptr, slack::WebApiResult r) { result = r; });
    REQUIRE(h.wait_for([&] { return result.has_value(); }));
    CHECK(result->ok);
    CHECK(slack_metric(metric::retries) == retries_before + 2);
    CHECK(h.slack->calls_of("chat.postMessage").size() == 3);

    SECTION("giving up after max attempts reports a retryable failure") {
        for (int i = 0; i < 6; ++i) h.slack->script("chat.postMessage", {502, "bad gateway", {}});
        std::optional<slack::WebApiResult> failed;
        boost::asio::co_spawn(h.io, h.api->call("chat.postMessage", {{"channel", "C1"}, {"text", "hi"}}, "C1"),
                              [&](std::exception_ptr, slack::WebApiResult r) { failed = r; });
        REQUIRE(h.wait_for([&] { return failed.has_value(); }));
        CHECK_FALSE(failed->ok);
        CHECK(failed->retryable);
        CHECK(failed->error == "HTTP 502");
    }
}

// Socket Mode scenarios against the fake Slack: real TLS, real frames, the real client.
#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>

#include <optional>

#include "bot/metrics.h"
#include "tests/slack_harness.h"
#include "tests/support/transport_metrics.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

TEST_CASE("a slash command is answered in its ack", "[slack]") {
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    CHECK(h.client->state() == slack::SocketModeState::connected);

    const auto sent_at = SteadyClock::now();
    auto id = h.slack->send_slash_command("/profile", "set bio:likes <rust> & go", "U7", "T9", "C3");
    REQUIRE(h.wait_for([&] { return h.acked(id); }));
    auto ack = h.slack->acks_for(id).at(0);
    CHECK(ack.at - sent_at < 3s);
    CHECK(ack.message["payload"]["text"] == "Profile saved.");
    CHECK(ack.message["payload"]["response_type"] == "ephemeral");

    REQUIRE(h.commands.runs.size() == 1);
    const auto& run = h.commands.runs[0];
    CHECK(run.command_line == "/profile set bio:likes <rust> & go");
    CHECK(run.caller.member_id() == "slack:T9:U7");
    CHECK(run.caller.channel.str() == "slack:T9:C3");
    CHECK(run.caller.display_name == "user-U7");
    CHECK(run.member_prefix == "slack:T9:");
    CHECK(h.commands.delivery_keys.at(0) == "slack:envelope:" + id);  // durable run-once key

    auto show = h.slack->send_slash_command("/profile", "show", "U7", "T9", "C3");
    REQUIRE(h.wait_for([&] { return h.acked(show); }));
    CHECK(h.slack->acks_for(show).at(0).message["payload"]["text"] == "Bio: likes &lt;rust&gt; &amp; go");
}

TEST_CASE("a public reply with buttons becomes in_channel Block Kit", "[slack]") {
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    auto id = h.slack->send_slash_command("/flash", "request topic:kubernetes");
    REQUIRE(h.wait_for([&] { return h.acked(id); }));
    auto payload = h.slack->acks_for(id).at(0).message["payload"];
    CHECK(payload["response_type"] == "in_channel");
    CHECK(payload["blocks"][0]["text"]["text"] == "<@U1> asks for help with kubernetes &amp; helm");
    auto buttons = payload["blocks"][1]["elements"];
    REQUIRE(buttons.size() == 2);
    CHECK(buttons[0]["text"]["text"] == "Accept");
    CHECK(buttons[0]["value"] == "/flash accept 12");
    CHECK(buttons[1]["value"] == "/flash decline 12");
}

TEST_CASE("a button press runs its command line as the presser", "[slack]") {
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    auto id = h.slack->send_button_press("/flash accept 12", "U5", "T1");
    REQUIRE(h.wait_for([&] { return h.acked(id) && !h.slack->calls_of("response_url").empty(); }));
    CHECK_FALSE(h.slack->acks_for(id).at(0).message.contains("payload"));
    REQUIRE(h.commands.runs.size() == 1);
    CHECK(h.commands.runs[0].command_line == "/flash accept 12");
    CHECK(h.commands.runs[0].caller.member_id() == "slack:T1:U5");
    auto response = h.slack->calls_of("response_url").at(0);
    CHECK(response.path == "/respond/" + id);
    CHECK(response.body["text"] == "You accepted request 12.");
    CHECK(response.body["response_type"] == "ephemeral");
    CHECK(response.body["replace_original"] == false);
}

TEST_CASE("on Enterprise Grid one person in two workspaces of the organisation is one member", "[slack][tenancy]") {
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    h.slack->enterprise_id = "E7";
    auto typed = h.slack->send_slash_command("/profile", "show", "U5", "T1");
    auto pressed = h.slack->send_button_press("/flash accept 12", "U5", "T2");
    REQUIRE(h.wait_for([&] { return h.acked(typed) && h.acked(pressed) && h.commands.runs.size() == 2; }));
    CHECK(h.commands.runs[0].caller.member_id() == "slack:E7:U5");
    CHECK(h.commands.runs[1].caller.member_id() == "slack:E7:U5");
    // Outside Grid each workspace is a tenant of its own.
    h.slack->enterprise_id.clear();
    auto plain = h.slack->send_slash_command("/profile", "show", "U5", "T2");
    REQUIRE(h.wait_for([&] { return h.acked(plain) && h.commands.runs.size() == 3; }));
    CHECK(h.commands.runs[2].caller.member_id() == "slack:T2:U5");
}

TEST_CASE("a command that fails internally still gets an answer with an error id", "[slack]") {
    // The app writes the apology (one text, with the id of its log line); the transport
    // carries it in the ack like any reply.
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    auto id = h.slack->send_slash_command("/boom", "");
    REQUIRE(h.wait_for([&] { return h.acked(id); }));
    CHECK_THAT(h.slack->acks_for(id).at(0).message["payload"]["text"].get<std::string>(),
               Catch::StartsWith("Sorry, something went wrong on our side.") && Catch::Contains("error id E-"));
}

TEST_CASE("refresh_requested and warning: the new connection is ready before the old one closes", "[slack]") {
    const std::string reason = GENERATE("refresh_requested", "warning");
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    auto* first = h.slack->live_connection();
    REQUIRE(first);

    // Traffic keeps flowing on the old connection until the new one is there.
    std::vector<std::string> sent;
    for (int i = 0; i < 20; ++i) sent.push_back(h.slack->send_slash_command("/coach", "help"));
    h.slack->send_disconnect(*first, reason);
    for (int i = 0; i < 20; ++i) sent.push_back(h.slack->send_slash_command("/coach", "help", "U1", "T1", "C1", first));
    REQUIRE(h.wait_for([&] { return h.slack->connections().size() == 2 && first->closed; }));
    auto& second = *h.slack->connections()[1];
    CHECK(second.opened_at < first->closed_at);
    CHECK_FALSE(second.closed);
    // Every envelope acked exactly once, none run twice, all in time.
    for (int i = 0; i < 20; ++i) sent.push_back(h.slack->send_slash_command("/coach", "help"));
    REQUIRE(h.wait_for([&] { return h.slack->acks().size() == sent.size(); }));
    for (const auto& id : sent) CHECK(h.slack->acks_for(id).size() == 1);
    CHECK(h.commands.runs.size() == sent.size());
    CHECK(h.client->stats().connections_opened == 2);
    CHECK(h.slack->tickets_issued() == 2);
    CHECK(h.slack->connections()[0]->ticket != h.slack->connections()[1]->ticket);
    CHECK(h.client->state() == slack::SocketModeState::connected);
}

TEST_CASE("a TCP drop without close is followed by a new connection at once", "[slack]") {
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    auto* first = h.slack->live_connection();
    const auto dropped_at = SteadyClock::now();
    first->socket->drop();
    REQUIRE(h.wait_for([&] { return h.slack->connections().size() == 2 && h.client->ready_connections() == 1; }, 3s));
    // 1 s plus the first backoff step (50 ms here; jitter keeps it under that).
    CHECK(SteadyClock::now() - dropped_at < 1050ms);
    auto id = h.slack->send_slash_command("/profile", "show");
    REQUIRE(h.wait_for([&] { return h.acked(id); }));
    CHECK(h.slack->tickets_refused() == 0);
}

TEST_CASE("a connection whose peer stops answering pings is replaced", "[slack]") {
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    auto* first = h.slack->live_connection();
    run_for(h.io, 300ms);
    CHECK(first->socket->pings_received() >= 2);  // the client pings on its own
    const auto frozen_at = SteadyClock::now();
    first->socket->freeze();
    REQUIRE(h.wait_for([&] { return h.client->stats().unresponsive_drops == 1 && h.client->ready_connections() == 1; },
                       5s));
    // pong_timeout (600 ms) + a watchdog tick + reconnect, well inside the bound.
    CHECK(SteadyClock::now() - frozen_at < 1500ms);
    auto id = h.slack->send_slash_command("/profile", "show");
    REQUIRE(h.wait_for([&] { return h.acked(id); }));
    CHECK(h.slack->acks_for(id)[0].connection_id == 2);
}

TEST_CASE("disconnect before hello does not crash and leads to a fresh ticket", "[slack]") {
    SlackHarness h;
    int connects = 0;
    h.slack->on_connect = [&](FakeSlackConnection& connection) {
        if (++connects == 1) {
            h.slack->send_disconnect(connection, "refresh_requested");
        } else {
            h.slack->send_hello(connection);
        }
    };
    h.client->start();
    REQUIRE(h.wait_for([&] { return h.client->ready_connections() == 1; }));
    CHECK(h.slack->tickets_issued() == 2);
    CHECK(h.client->stats().connection_failures == 1);
    auto id = h.slack->send_slash_command("/profile", "show");
    REQUIRE(h.wait_for([&] { return h.acked(id); }));
}

TEST_CASE("too_many_websockets closes the old socket before opening another", "[slack]") {
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    auto* first = h.slack->live_connection();
    h.slack->send_disconnect(*first, "too_many_websockets");
    REQUIRE(h.wait_for([&] { return h.slack->connections().size() == 2 && h.client->ready_connections() == 1; }));
    CHECK(first->closed);
    CHECK(h.slack->connections()[1]->opened_at >= first->closed_at);
}

TEST_CASE("too_many_websockets again and again: each reconnect waits longer than the last", "[slack]") {
    slack::SocketModeOptions options = fast_socket_mode_options();
    options.backoff_initial = 50ms;
    options.backoff_max = 2s;
    SlackHarness h(options);
    REQUIRE(h.start_and_wait_ready());
    constexpr std::size_t rounds = 5;
    for (std::size_t round = 0; round < rounds; ++round) {
        auto* live = h.slack->live_connection();
        REQUIRE(live != nullptr);
        h.slack->send_disconnect(*live, "too_many_websockets");
        REQUIRE(h.wait_for(
            [&] {
                return h.slack->connections().size() == round + 2 && h.client->ready_connections() == 1 &&
                       h.slack->live_connection() != nullptr && h.client->state() == slack::SocketModeState::connected;
            },
            5s));
    }
    // In the fake's clock, from one socket's close to the next one's opening. With equal
    // jitter the n-th wait in a row is at least half of 50 ms × 2^(n-1).
    const auto& connections = h.slack->connections();
    std::vector<SteadyClock::duration> gaps;
    for (std::size_t i = 1; i < connections.size(); ++i) {
        REQUIRE(connections[i - 1]->closed);
        gaps.push_back(connections[i]->opened_at - connections[i - 1]->closed_at);
    }
    REQUIRE(gaps.size() == rounds);
    SteadyClock::duration least = 25ms;
    for (const auto gap : gaps) {
        CHECK(gap >= least);
        least *= 2;
    }
    CHECK(gaps.back() > gaps.front());
    CHECK(h.fatal_reasons.empty());
}

TEST_CASE("invalid_auth stops for good without looping", "[slack]") {
    SlackHarness h(fast_socket_mode_options(), nullptr, "xapp-wrong-token");
    h.client->start();
    REQUIRE(h.wait_for([&] { return !h.fatal_reasons.empty(); }));
    run_for(h.io, 300ms);
    CHECK_THAT(h.fatal_reasons.at(0), Catch::Contains("invalid_auth"));
    CHECK(h.fatal_reasons.size() == 1);
    CHECK(h.client->state() == slack::SocketModeState::stopped);
    CHECK(h.slack->calls_of("apps.connections.open").size() == 1);
}

TEST_CASE("link_disabled stops for good without looping", "[slack]") {
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    h.slack->send_disconnect(*h.slack->live_connection(), "link_disabled");
    REQUIRE(h.wait_for([&] { return !h.fatal_reasons.empty() && h.slack->connections()[0]->closed; }));
    run_for(h.io, 300ms);
    CHECK_THAT(h.fatal_reasons.at(0), Catch::Contains("link_disabled"));
    CHECK(h.client->state() == slack::SocketModeState::stopped);
    CHECK(h.slack->tickets_issued() == 1);
    CHECK(h.slack->connections().size() == 1);
}

TEST_CASE("apps.connections.open errors: rate limits wait, others back off and retry", "[slack]") {
    SlackHarness h;
    h.slack->script("apps.connections.open", {200, R"({"ok":false,"error":"internal_error"})", {}});
    h.slack->script("apps.connections.open", {503, "unavailable", {}});
    h.slack->script("apps.connections.open", {429, "", {{"Retry-After", "1"}}});
    const auto started = SteadyClock::now();
    REQUIRE(h.start_and_wait_ready());
    CHECK(SteadyClock::now() - started >= 1s);  // the Retry-After was honoured
    CHECK(h.slack->calls_of("apps.connections.open").size() == 4);
    CHECK(h.fatal_reasons.empty());
}

TEST_CASE("a re-sent envelope is acked again but never run twice", "[slack]") {
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    auto id = h.slack->send_slash_command("/profile", "set bio:first");
    h.slack->send_slash_command("/profile", "set bio:first", "U1", "T1", "C1", nullptr, id);
    REQUIRE(h.wait_for([&] { return h.slack->acks_for(id).size() == 2; }));
    CHECK(h.commands.runs.size() == 1);
    CHECK(h.slack->acks_for(id)[1].message["payload"]["text"] == "Profile saved.");

    // The same envelope on a second connection after a reconnect.
    h.slack->live_connection()->socket->drop();
    REQUIRE(h.wait_for([&] { return h.slack->connections().size() == 2 && h.client->ready_connections() == 1; }));
    h.slack->send_slash_command("/profile", "set bio:first", "U1", "T1", "C1", nullptr, id);
    REQUIRE(h.wait_for([&] { return h.slack->acks_for(id).size() == 3; }));
    CHECK(h.commands.runs.size() == 1);
    CHECK(h.client->stats().duplicates == 2);

    // Events: same event id under a new envelope id is a duplicate; a first-seen retry is not.
    auto event_envelope = h.slack->send_event("Ev1", 0);
    auto event_retry = h.slack->send_event("Ev1", 1);
    auto retry_only = h.slack->send_event("Ev2", 2);
    REQUIRE(h.wait_for([&] { return h.acked(event_envelope) && h.acked(event_retry) && h.acked(retry_only); }));
    CHECK(h.slack->acks_for(event_retry)[0].envelope_id == event_retry);
    CHECK(h.client->stats().duplicates == 3);
}

TEST_CASE("a certificate from an unknown CA is refused and nothing is sent", "[slack]") {
    auto stranger = TestCertificates::generate("unknown CA");
    SlackHarness h(fast_socket_mode_options(), &stranger);
    h.client->start();
    REQUIRE(h.wait_for([&] { return h.client->stats().connection_failures >= 2; }));
    CHECK(h.client->ready_connections() == 0);
    CHECK(h.slack->calls().empty());
    CHECK(h.client->state() == slack::SocketModeState::connecting);
}

TEST_CASE("malformed, binary and oversized frames are dropped while the bot keeps serving", "[slack]") {
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    auto* first = h.slack->live_connection();
    h.slack->send_raw(*first, "{not json");
    h.slack->send_raw(*first, "[1,2,3]");
    first->socket->send_binary("\x01\x02");
    h.slack->send_raw(*first, R"({"type":"slash_commands","envelope_id":"","payload":{}})");  // empty envelope id
    auto id = h.slack->send_slash_command("/profile", "show");
    REQUIRE(h.wait_for([&] { return h.acked(id); }));
    CHECK(h.client->stats().malformed_frames == 3);
    CHECK(h.slack->acks_for(id)[0].connection_id == first->id);

    // Bigger than the client accepts: that connection fails (1009), a new one serves.
    h.slack->send_raw(*first, R"({"type":"events_api","envelope_id":"big","payload":{"pad":")" +
                                  std::string(100 * 1024, 'x') + "\"}}");
    REQUIRE(h.wait_for([&] { return h.slack->connections().size() == 2 && h.client->ready_connections() == 1; }));
    auto after = h.slack->send_slash_command("/profile", "show");
    REQUIRE(h.wait_for([&] { return h.acked(after); }));
    CHECK(h.commands.runs.size() == 2);
}

TEST_CASE("metrics: every ack is timed from the frame's arrival", "[slack][metrics]") {
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    const auto before = metrics().observations(metric::response_seconds, {{"transport", "slack"}});
    auto slash = h.slack->send_slash_command("/profile", "show");
    auto press = h.slack->send_button_press("/flash accept 12", "U5", "T1");
    auto event = h.slack->send_event("Ev9", 0);
    REQUIRE(h.wait_for([&] { return h.acked(slash) && h.acked(press) && h.acked(event); }));
    CHECK(metrics().observations(metric::response_seconds, {{"transport", "slack"}}) == before + 3);
}

TEST_CASE("metrics: each reconnect is counted with Slack's disconnect reason", "[slack][metrics]") {
    const std::string reason = GENERATE("warning", "refresh_requested", "too_many_websockets");
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    const double before = slack_metric(metric::reconnects, reason);
    h.slack->send_disconnect(*h.slack->live_connection(), reason);
    REQUIRE(h.wait_for([&] { return h.slack->connections().size() == 2 && h.client->ready_connections() == 1; }));
    CHECK(slack_metric(metric::reconnects, reason) == before + 1);
}

TEST_CASE("metrics: a TCP drop and a half-open link are counted as reconnects", "[slack][metrics]") {
    const bool half_open = GENERATE(false, true);
    const std::string reason = half_open ? "half_open" : "tcp_drop";
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    const double before = slack_metric(metric::reconnects, reason);
    auto* first = h.slack->live_connection();
    if (half_open) {
        first->socket->freeze();
    } else {
        first->socket->drop();
    }
    REQUIRE(h.wait_for([&] { return h.slack->connections().size() == 2 && h.client->ready_connections() == 1; }));
    CHECK(slack_metric(metric::reconnects, reason) == before + 1);
}

TEST_CASE("metrics: malformed and oversized frames are counted as dropped", "[slack][metrics]") {
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    const double malformed = slack_metric(metric::dropped, "malformed");
    const double oversized = slack_metric(metric::dropped, "oversized");
    const double incomplete = slack_metric(metric::dropped, "incomplete");
    auto* first = h.slack->live_connection();
    h.slack->send_raw(*first, "{not json");
    h.slack->send_raw(*first, R"({"type":"slash_commands","envelope_id":"","payload":{}})");
    h.slack->send_raw(*first, R"({"type":"slash_commands","envelope_id":"no-user","payload":{"team_id":"T1"}})");
    REQUIRE(h.wait_for([&] { return h.acked("no-user"); }));
    CHECK(slack_metric(metric::dropped, "malformed") == malformed + 2);
    CHECK(slack_metric(metric::dropped, "incomplete") == incomplete + 1);

    h.slack->send_raw(*first, R"({"type":"events_api","envelope_id":"big","payload":{"pad":")" +
                                  std::string(100 * 1024, 'x') + "\"}}");
    REQUIRE(h.wait_for([&] { return h.slack->connections().size() == 2 && h.client->ready_connections() == 1; }));
    CHECK(slack_metric(metric::dropped, "oversized") == oversized + 1);
}

TEST_CASE("metrics: 429s from apps.connections.open and the Web API are counted", "[slack][metrics]") {
    SlackHarness h;
    const double before = slack_metric(metric::rate_limited);
    h.slack->script("apps.connections.open", {429, "", {{"Retry-After", "0"}}});
    REQUIRE(h.start_and_wait_ready());
    CHECK(slack_metric(metric::rate_limited) == before + 1);

    h.slack->script("chat.postMessage", {429, "", {{"Retry-After", "0.1"}}});
    h.slack->script("chat.postMessage", {200, R"({"ok":false,"error":"ratelimited"})", {{"Retry-After", "0.1"}}});
    std::optional<slack::WebApiResult> result;
    boost::asio::co_spawn(h.io, h.api->call("chat.postMessage", {{"channel", "C1"}, {"text", "hi"}}, "C1"),
                          [&](std::exception_ptr, slack::WebApiResult r) { result = std::move(r); });
    REQUIRE(h.wait_for([&] { return result.has_value(); }));
    CHECK(result->ok);
    CHECK(slack_metric(metric::rate_limited) == before + 3);
}

TEST_CASE("metrics: the Web API queue depth rises with queued calls and falls as they finish", "[slack][metrics]") {
    SlackHarness h;
    const double before = slack_metric(metric::requests_pending);
    int finished = 0;
    for (int i = 0; i < 3; ++i) {
        boost::asio::co_spawn(h.io,
                              h.api->call("chat.postMessage", {{"channel", "C1"}, {"text", std::to_string(i)}}, "C1"),
                              [&](std::exception_ptr, slack::WebApiResult) { ++finished; });
    }
    CHECK(slack_metric(metric::requests_pending) == before + 3);
    REQUIRE(h.wait_for([&] { return finished == 3; }));
    CHECK(slack_metric(metric::requests_pending) == before);
}

TEST_CASE("a frame with numbers given as strings does not stop the connection's reader", "[slack]") {
    // Found by the slack_envelope fuzz target: json::value threw out of the frame handler.
    SlackHarness h;
    REQUIRE(h.start_and_wait_ready());
    auto* first = h.slack->live_connection();
    h.slack->send_raw(*first,
                      R"({"type":"hello","num_connections":"2","debug_info":{"approximate_connection_time":"x"}})");
    h.slack->send_raw(*first, R"({"envelope_id":"odd","type":"slash_commands","accepts_response_payload":"true",)"
                              R"("payload":{"team_id":"T1","user_id":"U1","command":"/coach","text":"help"}})");
    REQUIRE(h.wait_for([&] { return h.acked("odd"); }));
    auto id = h.slack->send_slash_command("/profile", "show");
    REQUIRE(h.wait_for([&] { return h.acked(id); }));
    CHECK(h.slack->acks_for(id)[0].connection_id == first->id);
    CHECK(h.commands.runs.size() == 2);
}

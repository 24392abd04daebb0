// The gateway state machine: heartbeats, zombies, Identify/Resume and the close-code table, with a fake clock.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "bot/discord/gateway_session.h"

using namespace mentorbot::discord;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

struct SessionFixture {
    double random = 0.5;
    SteadyTime now{std::chrono::hours(1)};
    GatewaySession session{GatewayIdentity{"secret-token", 0, 2, 4}, "wss://gateway.test", [this] { return random; }};

    GatewayOutput hello(int interval_ms = 1000) {
        return session.received(json{{"op", 10}, {"d", {{"heartbeat_interval", interval_ms}}}}.dump(), now);
    }
    GatewayOutput ready() {
        return session.received(
            json{{"op", 0},
                 {"s", 1},
                 {"t", "READY"},
                 {"d", {{"session_id", "sess-1"}, {"resume_gateway_url", "wss://resume.test"}, {"extra_field", 42}}}}
                .dump(),
            now);
    }
    GatewayOutput dispatch(int seq, const std::string& name) {
        return session.received(json{{"op", 0}, {"s", seq}, {"t", name}, {"d", json::object()}}.dump(), now);
    }
    GatewayOutput ack() { return session.received(R"({"op":11})", now); }
    GatewayOutput advance(std::chrono::milliseconds by) {
        now += by;
        return session.poll(now);
    }
    void connect_and_ready() {
        session.opened(now);
        hello();
        ready();
    }
};

json only_frame(const GatewayOutput& out) {
    REQUIRE(out.frames.size() == 1);
    return json::parse(out.frames.front());
}

}  // namespace

TEST_CASE("Hello leads to Identify with the shard and no privileged intents", "[discord][gateway]") {
    SessionFixture f;
    CHECK(f.session.first_connection().url == "wss://gateway.test/?v=10&encoding=json");
    f.session.opened(f.now);
    auto identify = only_frame(f.hello());
    CHECK(identify["op"] == 2);
    CHECK(identify["d"]["token"] == "secret-token");
    CHECK(identify["d"]["intents"] == 0);
    CHECK(identify["d"]["shard"] == json::array({2, 4}));
    CHECK(identify["d"]["properties"]["browser"] == "mentorbot");
}

TEST_CASE("READY keeps the session id and resume URL and passes the event on", "[discord][gateway]") {
    SessionFixture f;
    f.session.opened(f.now);
    f.hello();
    auto out = f.ready();
    CHECK(f.session.phase() == GatewaySession::Phase::ready);
    CHECK(f.session.session_id() == "sess-1");
    CHECK(f.session.resume_url() == "wss://resume.test");
    CHECK(f.session.sequence() == 1);
    REQUIRE(out.events.size() == 1);
    CHECK(out.events[0].name == "READY");
}

TEST_CASE("The first heartbeat is jittered, later ones follow the interval and carry the sequence",
          "[discord][gateway]") {
    SessionFixture f;
    f.random = 0.25;
    f.connect_and_ready();
    CHECK(f.advance(249ms).frames.empty());
    auto beat = only_frame(f.advance(1ms));
    CHECK(beat == json{{"op", 1}, {"d", 1}});
    f.ack();
    f.dispatch(7, "GUILD_CREATE");
    CHECK(f.advance(999ms).frames.empty());
    CHECK(only_frame(f.advance(1ms)) == json{{"op", 1}, {"d", 7}});
}

TEST_CASE("A heartbeat before any dispatch sends a null sequence", "[discord][gateway]") {
    SessionFixture f;
    f.random = 0;
    f.session.opened(f.now);
    f.hello();
    CHECK(only_frame(f.advance(0ms)) == json{{"op", 1}, {"d", nullptr}});
}

TEST_CASE("A server op 1 is answered at once without moving the timer", "[discord][gateway]") {
    SessionFixture f;
    f.connect_and_ready();
    f.now += 100ms;
    auto answer = only_frame(f.session.received(R"({"op":1,"d":null})", f.now));
    CHECK(answer["op"] == 1);
    // The regular beat still comes at 500 ms (random 0.5 × 1000 ms).
    CHECK(f.advance(399ms).frames.empty());
    CHECK(f.advance(1ms).frames.size() == 1);
}

TEST_CASE("A missing ACK on a silent socket is a zombie: close with 4000 and resume", "[discord][gateway]") {
    SessionFixture f;
    f.connect_and_ready();
    CHECK(f.advance(500ms).frames.size() == 1);  // beat, never acknowledged
    auto out = f.advance(1000ms);
    REQUIRE(out.close_code);
    CHECK(*out.close_code == 4000);
    CHECK(out.terminate);
    auto plan = f.session.lost(4000, f.now);
    CHECK(plan.resume);
    CHECK(plan.url == "wss://resume.test/?v=10&encoding=json");
    CHECK(plan.delay <= 1000ms);
}

TEST_CASE("A late ACK while other frames flow gets one more interval", "[discord][gateway]") {
    SessionFixture f;
    f.connect_and_ready();
    f.advance(500ms);
    f.now += 500ms;
    f.dispatch(2, "MESSAGE_CREATE");
    auto second = f.advance(500ms);
    CHECK_FALSE(second.close_code);
    CHECK(second.frames.size() == 1);
    f.now += 500ms;
    f.dispatch(3, "MESSAGE_CREATE");
    CHECK(f.advance(500ms).close_code == std::optional<std::uint16_t>(4000));
}

TEST_CASE("Nothing received for two intervals is a zombie even between beats", "[discord][gateway]") {
    SessionFixture f;
    f.connect_and_ready();
    f.advance(500ms);
    f.ack();
    auto out = f.advance(2000ms);
    CHECK(out.close_code == std::optional<std::uint16_t>(4000));
}

TEST_CASE("A new Hello starts fresh heartbeat state", "[discord][gateway]") {
    SessionFixture f;
    f.connect_and_ready();
    f.advance(500ms);  // beat sent, ACK missing
    f.session.lost(std::nullopt, f.now);
    f.session.opened(f.now);
    auto resume = only_frame(f.hello());
    CHECK(resume["op"] == 6);
    // The stale missing ACK does not count against the new socket.
    auto beat = f.advance(500ms);
    CHECK_FALSE(beat.close_code);
    CHECK(beat.frames.size() == 1);
}

TEST_CASE("Resume sends token, session and last sequence — RESUMED makes it ready", "[discord][gateway]") {
    SessionFixture f;
    f.connect_and_ready();
    f.dispatch(41, "INTERACTION_CREATE");
    auto plan = f.session.lost(1006, f.now);
    CHECK(plan.resume);
    f.session.opened(f.now);
    auto resume = only_frame(f.hello());
    CHECK(resume == json{{"op", 6}, {"d", {{"token", "secret-token"}, {"session_id", "sess-1"}, {"seq", 41}}}});
    f.dispatch(42, "INTERACTION_CREATE");
    auto resumed = f.dispatch(43, "RESUMED");
    CHECK(f.session.phase() == GatewaySession::Phase::ready);
    CHECK(resumed.events.at(0).name == "RESUMED");
}

TEST_CASE("Op 7 closes with a non-1000 code and resumes at once", "[discord][gateway]") {
    SessionFixture f;
    f.connect_and_ready();
    auto out = f.session.received(R"({"op":7,"d":null})", f.now);
    CHECK(out.close_code == std::optional<std::uint16_t>(4000));
    CHECK_FALSE(out.terminate);  // a live socket gets a proper close handshake
    auto plan = f.session.lost(4000, f.now);
    CHECK(plan.resume);
    CHECK(plan.delay == 0ms);
}

TEST_CASE("Op 9 with d:true resumes after 1–5 s", "[discord][gateway]") {
    SessionFixture f;
    f.connect_and_ready();
    f.random = 0.5;
    auto out = f.session.received(R"({"op":9,"d":true})", f.now);
    CHECK(out.close_code);
    auto plan = f.session.lost(4000, f.now);
    CHECK(plan.resume);
    CHECK(plan.delay == 3000ms);
}

TEST_CASE("Op 9 with d:false forgets the session and re-identifies at the D1 URL after 1–5 s", "[discord][gateway]") {
    SessionFixture f;
    f.connect_and_ready();
    f.random = 0;
    f.session.received(R"({"op":9,"d":false})", f.now);
    CHECK(f.session.session_id().empty());
    CHECK_FALSE(f.session.sequence());
    auto plan = f.session.lost(4000, f.now);
    CHECK_FALSE(plan.resume);
    CHECK(plan.url == "wss://gateway.test/?v=10&encoding=json");
    CHECK(plan.delay == 1000ms);
    f.session.opened(f.now);
    CHECK(only_frame(f.hello())["op"] == 2);
}

TEST_CASE("Close codes follow the table", "[discord][gateway]") {
    for (std::uint16_t code : {4000, 4001, 4002, 4003, 4005, 4008, 1000, 1001, 1006}) {
        CHECK(close_action(code) == CloseAction::resume);
    }
    CHECK(close_action(std::nullopt) == CloseAction::resume);
    for (std::uint16_t code : {4007, 4009, 4006, 4999}) CHECK(close_action(code) == CloseAction::identify);
    for (std::uint16_t code : {4004, 4010, 4011, 4012, 4013, 4014}) CHECK(close_action(code) == CloseAction::fatal);
}

TEST_CASE("4004 stops for good with a reason naming the token variable", "[discord][gateway]") {
    SessionFixture f;
    f.connect_and_ready();
    auto plan = f.session.lost(4004, f.now);
    CHECK(plan.stop);
    CHECK(plan.reason.find("DISCORD_BOT_TOKEN") != std::string::npos);
    CHECK(f.session.phase() == GatewaySession::Phase::stopped);
}

TEST_CASE("4009 starts a new session instead of resuming", "[discord][gateway]") {
    SessionFixture f;
    f.connect_and_ready();
    auto plan = f.session.lost(4009, f.now);
    CHECK_FALSE(plan.resume);
    CHECK(f.session.session_id().empty());
}

TEST_CASE("Resume falls back to Identify after three failed attempts", "[discord][gateway]") {
    SessionFixture f;
    f.connect_and_ready();
    for (int attempt = 0; attempt < 3; ++attempt) {
        auto plan = f.session.lost(std::nullopt, f.now);
        CHECK(plan.resume);
        f.session.opened(f.now);
        f.hello();
    }
    CHECK_FALSE(f.session.lost(std::nullopt, f.now).resume);
}

TEST_CASE("Backoff doubles up to 2^10 s and resets after a healthy period", "[discord][gateway]") {
    SessionFixture f;
    f.random = 0.999;
    f.connect_and_ready();
    std::vector<long long> delays;
    for (int attempt = 0; attempt < 12; ++attempt) {
        delays.push_back(f.session.lost(4009, f.now).delay.count());
        f.session.opened(f.now);
        f.hello();
    }
    CHECK(delays[0] < 1000);
    CHECK(delays[1] >= 1000);
    CHECK(delays[1] < 2000);
    CHECK(delays[10] > 1000000);
    CHECK(delays[11] == delays[10]);
    f.ready();
    f.now += 61s;
    CHECK(f.session.lost(std::nullopt, f.now).delay < 1000ms);
}

TEST_CASE("No READY within 60 s closes and retries", "[discord][gateway]") {
    SessionFixture f;
    f.session.opened(f.now);
    f.now += 59s;
    CHECK_FALSE(f.session.poll(f.now).close_code);
    f.now += 1s;
    CHECK(f.session.poll(f.now).close_code == std::optional<std::uint16_t>(4000));
}

TEST_CASE("Malformed frames are dropped without changing state", "[discord][gateway]") {
    SessionFixture f;
    f.connect_and_ready();
    for (const char* junk : {"not json", "[1,2]", R"({"op":"ten"})", R"({"op":0,"s":9})", R"({"op":10,"d":{}})"}) {
        auto out = f.session.received(junk, f.now);
        CHECK(out.frames.empty());
        CHECK_FALSE(out.close_code);
    }
    CHECK(f.session.phase() == GatewaySession::Phase::ready);
}

TEST_CASE("Sends other than heartbeats stay under 110 per minute, heartbeats still flow", "[discord][gateway]") {
    SessionFixture f;
    f.connect_and_ready();  // Identify used one slot
    int sent = 0;
    for (int i = 0; i < 150; ++i) sent += static_cast<int>(f.session.send(R"({"op":3,"d":{}})", f.now).frames.size());
    CHECK(sent == GatewaySendBudget::window_limit - GatewaySendBudget::reserved_for_heartbeats - 1);
    auto beat = f.advance(500ms);
    CHECK(beat.frames.size() == 1);
    f.ack();
    f.now += 60s;
    CHECK(f.ack().frames.size() == 150 - static_cast<std::size_t>(sent));  // the window has passed
    CHECK(f.session.send(std::string(5000, 'x'), f.now).frames.empty());
}

TEST_CASE("A Hello with an absurd heartbeat interval is dropped, not trusted", "[discord][gateway]") {
    // Far past an hour, the deadline arithmetic would overflow the clock.
    const long long interval = GENERATE(0LL, -5LL, 3600001LL, 9000000000000000000LL);
    SessionFixture f;
    f.session.opened(f.now);
    auto out = f.session.received(json{{"op", 10}, {"d", {{"heartbeat_interval", interval}}}}.dump(), f.now);
    CHECK(out.frames.empty());
    CHECK(f.session.phase() == GatewaySession::Phase::awaiting_hello);
    CHECK(f.session.heartbeat_interval() == 0ms);
    // A good Hello afterwards is served as usual.
    CHECK(only_frame(f.hello(41250))["op"] == 2);
}

TEST_CASE("Identifies keep the window of the last one in their concurrency bucket", "[discord][gateway]") {
    const SteadyTime start{std::chrono::hours(2)};
    IdentifyWindow window;
    CHECK(window.earliest(0, start) == start);
    window.identified(0, start);
    const auto next = start + IdentifyWindow::discord_window + IdentifyWindow::margin;
    CHECK(window.earliest(0, start + 1s) == next);
    CHECK(window.earliest(0, next + 1s) == next + 1s);
    // Every Identify counts, a refused one too: the window moves with each.
    window.identified(0, start + 3s);
    CHECK(window.earliest(0, start + 4s) == next + 3s);
    // With max_concurrency 2, shard 1 is in another bucket; shard 2 shares shard 0's.
    window.set_max_concurrency(2);
    CHECK(window.earliest(1, start + 4s) == start + 4s);
    CHECK(window.earliest(2, start + 4s) == next + 3s);
}

TEST_CASE("The session says when a Hello was answered with an Identify", "[discord][gateway]") {
    SessionFixture f;
    f.session.opened(f.now);
    CHECK(f.hello().identify);
    f.ready();
    f.session.lost(std::nullopt, f.now);
    f.session.opened(f.now);
    CHECK_FALSE(f.hello().identify);  // a Resume
}

TEST_CASE("An interaction comes as its whole frame and counts in the sequence, however large", "[discord][gateway]") {
    SessionFixture f;
    f.connect_and_ready();
    const std::string small =
        json{{"op", 0}, {"s", 7}, {"t", "INTERACTION_CREATE"}, {"d", {{"id", "1"}, {"type", 2}}}}.dump();
    auto out = f.session.received(small, f.now);
    REQUIRE(out.events.size() == 1);
    CHECK(out.events[0].name == "INTERACTION_CREATE");
    CHECK(out.events[0].frame == small);
    CHECK(out.events[0].data.is_null());
    CHECK(f.session.sequence() == 7);

    // Past what the fast reader takes (a form's long texts): read in full, passed on the same way.
    const std::string large =
        json{{"op", 0}, {"s", 8}, {"t", "INTERACTION_CREATE"}, {"d", {{"id", "2"}, {"note", std::string(70000, 'x')}}}}
            .dump();
    out = f.session.received(large, f.now);
    REQUIRE(out.events.size() == 1);
    CHECK(out.events[0].frame == large);
    CHECK(f.session.sequence() == 8);

    // Other events still come as their data.
    out = f.dispatch(9, "GUILD_CREATE");
    REQUIRE(out.events.size() == 1);
    CHECK(out.events[0].frame.empty());
    CHECK(out.events[0].data.is_object());
    CHECK(f.session.sequence() == 9);
}

// The Discord transport against the fake Discord over real TLS and WebSocket frames on 127.0.0.1.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "model/mention.h"
#include "bot/discord/discord_transport.h"
#include "bot/metrics.h"
#include "bot/net/tls.h"
#include "tests/fake_discord/fake_discord.h"
#include "tests/fake_discord/payloads.h"
#include "tests/fake_discord/recording_service.h"
#include "tests/support/test_ca.h"
#include "tests/support/test_chat.h"
#include "tests/support/transport_metrics.h"

using namespace mentorbot;
using namespace mentorbot::discord;
using namespace mentorbot::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

std::vector<CommandSpec> test_commands() {
    OptionSpec topic;
    topic.name = "topic";
    topic.type = OptionType::text;
    topic.description = "What you need help with";
    topic.required = true;
    SubcommandSpec request;
    request.name = "request";
    request.description = "Ask for a short session";
    request.options = {topic};
    SubcommandSpec accept;
    accept.name = "accept";
    accept.description = "Accept a request";
    return {CommandSpec{"flash", "Flash mentoring", {request, accept}}};
}

struct DiscordFixture {
    boost::asio::io_context io;
    TempDirectory directory;
    TestCertificates certificates = TestCertificates::generate();
    TrustedCaFile trust{certificates.write_ca_file(directory.path())};
    FakeDiscord discord{io, certificates};
    RecordingService service;
    std::shared_ptr<MemoryRegistrationRecord> registrations = std::make_shared<MemoryRegistrationRecord>();
    std::vector<CommandSpec> commands = test_commands();
    std::shared_ptr<DiscordTransport> transport;
    std::optional<std::string> stop_reason;
    DiscordOptions options;
    std::uint64_t serial = 0;

    DiscordFixture() {
        discord.heartbeat_interval_ms = 45000;
        discord.start();
        options.token = FakeDiscord::bot_token;
        options.application_id = FakeDiscord::application_id;
        options.api_base = discord.api_base();
        options.random_unit = [] { return 0.0; };
        options.server_error_backoff = 50ms;
        // Discord's 5 s identify window has tests of its own; the others re-identify sooner.
        options.identify_window = 100ms;
    }
    ~DiscordFixture() {
        if (transport) transport->stop();
        run_for(io, 100ms);
        discord.stop();
        run_for(io, 20ms);
    }
    void start() {
        transport = DiscordTransport::create(io.get_executor(), net::make_client_tls_context(), service, registrations,
                                             commands, options,
                                             [this](const std::string& reason) { stop_reason = reason; });
        transport->start();
    }
    void start_ready() {
        start();
        REQUIRE(wait([&] { return discord.gateway_ready() && transport->gateway().connected_and_ready(); }));
    }
    bool wait(const std::function<bool()>& done, std::chrono::milliseconds timeout = 5s) {
        return run_until(io, done, timeout);
    }
    std::string next_id() { return fresh_snowflake(++serial); }
    std::size_t posts_to(const std::string& path_prefix) const {
        return discord.requests_to("POST", path_prefix).size();
    }
    bool answered(const std::string& id) const { return discord.callbacks.count(id) != 0; }
};

// The names of this process's threads, as top shows them.
std::multiset<std::string> thread_names() {
    std::multiset<std::string> names;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
        std::ifstream comm(task.path() / "comm");
        std::string name;
        if (std::getline(comm, name)) names.insert(name);
    }
    return names;
}

}  // namespace

TEST_CASE("Answers and deliveries go out from a thread of their own and are reported back on the bot's",
          "[discord][transport][thread]") {
    const std::size_t before = thread_names().count("discord-rest");
    DiscordFixture f;
    f.start_ready();
    // (Its name is also taken by the thread the name resolver starts from it.)
    CHECK(thread_names().count("discord-rest") > before);
    const auto id = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", slash_command(id, "flash", "accept"));
    std::optional<std::thread::id> reported_on;
    f.transport->deliver(OutboundMessage{Destination::member("discord:G1:77"), Message{"hello", {}}},
                         [&](DeliveryOutcome result) {
                             CHECK(result.delivered);
                             reported_on = std::this_thread::get_id();
                         });
    REQUIRE(f.wait([&] { return f.answered(id) && reported_on.has_value(); }));
    // The app and its database are the bot thread's alone: outcomes come back there.
    CHECK(*reported_on == std::this_thread::get_id());
    CHECK(f.discord.channel_messages["DM77"].size() == 1);
    // Once the transport is gone, so is its thread.
    f.transport->stop();
    run_for(f.io, 100ms);
    f.transport.reset();
    CHECK(thread_names().count("discord-rest") == before);
}

TEST_CASE("An answer still being sent when the transport stops reaches Discord before the connections close",
          "[discord][transport][thread]") {
    DiscordFixture f;
    f.start_ready();
    // The first try of the callback meets a server error; the retry comes 50 ms later.
    f.discord.script_once("POST", "/interactions/", 502, {{"message", "Bad gateway"}});
    const auto id = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", slash_command(id, "flash", "accept"));
    REQUIRE(f.wait([&] { return f.discord.requests_to("POST", "/interactions/").size() == 1; }));
    f.transport->stop();
    // Counted once Discord's answer to the retry is read, which is when the sender lets go.
    REQUIRE(f.wait([&] { return f.transport->figures().interactions_answered == 1; }));
    CHECK(f.answered(id));
    CHECK(f.discord.requests_to("POST", "/interactions/").size() == 2);
    CHECK(f.discord.callbacks[id].at(0)["data"].value("content", "") == "ran flash accept");
    // Once it is out, the connections close: a delivery now fails at once instead of waiting.
    std::optional<DeliveryOutcome> late;
    f.transport->deliver(OutboundMessage{Destination::channel("discord:G1:C9"), Message{"too late", {}}},
                         [&](DeliveryOutcome result) { late = result; });
    REQUIRE(f.wait([&] { return late.has_value(); }));
    CHECK_FALSE(late->delivered);
    CHECK(f.discord.channel_messages["C9"].empty());
}

TEST_CASE("Identify, READY, then a slash command gets its callback", "[discord][transport]") {
    DiscordFixture f;
    f.start_ready();
    REQUIRE(f.discord.identifies.size() == 1);
    CHECK(f.discord.identifies[0]["token"] == FakeDiscord::bot_token);
    CHECK(f.discord.identifies[0]["shard"] == json::array({0, 1}));
    CHECK(f.discord.identifies[0]["intents"] == 0);
    CHECK(f.discord.gateway_connections[0].target == "/gateway/?v=10&encoding=json");
    auto gateway_bot = f.discord.requests_to("GET", "/gateway/bot");
    REQUIRE(gateway_bot.size() == 1);
    CHECK(gateway_bot[0]->authorization == std::string("Bot ") + FakeDiscord::bot_token);

    const auto id = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE",
                       slash_command(id, "flash", "request",
                                     json::parse(R"([{"name":"topic","type":3,"value":"k8s"}])")));
    REQUIRE(f.wait([&] { return f.answered(id); }));
    const auto& body = f.discord.callbacks[id].at(0);
    CHECK(body["type"] == 4);
    CHECK(body["data"]["content"] == "ran flash request");
    CHECK(body["data"]["flags"] == 64);
    REQUIRE(f.service.calls.size() == 1);
    CHECK(f.service.calls[0].caller.member_id() == "discord:G1:42");
    CHECK(f.service.calls[0].prefix == "discord:G1:");
    CHECK(f.service.calls[0].options == std::vector<std::pair<std::string, std::string>>{{"topic", "k8s"}});
}

TEST_CASE("Commands are registered once with a bulk PUT and skipped when unchanged", "[discord][transport]") {
    DiscordFixture f;
    f.start_ready();
    REQUIRE(f.wait([&] { return f.transport->figures().commands_registered; }));
    auto puts = f.discord.requests_to("PUT", "/applications/900/commands");
    REQUIRE(puts.size() == 1);
    CHECK(puts[0]->body == application_commands_json(f.commands));

    // A restart with the same command set sends nothing.
    f.transport->stop();
    f.start_ready();
    f.wait([&] { return f.transport->figures().registration_skipped; }, 2s);
    CHECK(f.transport->figures().registration_skipped);
    CHECK(f.discord.requests_to("PUT", "/applications/").size() == 1);

    // A changed set is sent again; a guild id registers in that guild only.
    f.transport->stop();
    f.commands[0].description = "Short mentoring sessions";
    f.options.guild_id = "G1";
    f.start_ready();
    REQUIRE(f.wait([&] { return f.transport->figures().commands_registered; }));
    CHECK(f.discord.requests_to("PUT", "/applications/900/guilds/G1/commands").size() == 1);
}

TEST_CASE("A button click runs its command line, buttons come back as components", "[discord][transport]") {
    DiscordFixture f;
    f.service.answer = [](const RecordingService::Call& call) {
        Reply reply;
        reply.is_public = true;
        reply.response.text = "You accepted " + call.text;
        reply.response.buttons = {{"Done", "/flash done 12"}};
        return reply;
    };
    f.start_ready();
    const auto id = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", button_click(id, "/flash accept 12"));
    REQUIRE(f.wait([&] { return f.answered(id); }));
    REQUIRE(f.service.calls.size() == 1);
    CHECK(f.service.calls[0].text == "/flash accept 12");
    CHECK(f.service.calls[0].caller.member_id() == "discord:G1:43");
    const auto& data = f.discord.callbacks[id].at(0)["data"];
    CHECK_FALSE(data.contains("flags"));
    CHECK(data["components"][0]["components"][0]["custom_id"] == "/flash done 12");
}

TEST_CASE("Op 7: resume at the resume URL — replays are answered once, stale ones skipped", "[discord][transport]") {
    DiscordFixture f;
    f.discord.replay_overlap = 1;  // Discord replays the last event we already answered
    f.start_ready();
    const auto seen = f.next_id();
    const auto seen_seq = f.discord.dispatch("INTERACTION_CREATE", slash_command(seen, "flash", "accept"));
    REQUIRE(f.wait([&] { return f.answered(seen); }));

    const auto missed = f.next_id();
    const auto stale = snowflake_at(std::chrono::system_clock::now() - 4s, 999);
    f.discord.dispatch_missed("INTERACTION_CREATE", slash_command(missed, "flash", "accept"));
    f.discord.dispatch_missed("INTERACTION_CREATE", slash_command(stale, "flash", "accept"));
    f.discord.send_frame({{"op", 7}, {"d", nullptr}});

    REQUIRE(f.wait([&] { return f.answered(missed) && f.transport->gateway().connected_and_ready(); }));
    REQUIRE(f.discord.resumes.size() == 1);
    CHECK(f.discord.resumes[0]["session_id"] == f.discord.session_id());
    CHECK(f.discord.resumes[0]["seq"] == seen_seq);
    CHECK(f.discord.gateway_connections.back().target == "/resume/?v=10&encoding=json");
    CHECK(f.discord.identifies.size() == 1);
    f.wait([] { return false; }, 200ms);
    CHECK(f.discord.requests_to("POST", "/interactions/" + seen).size() == 1);
    CHECK(f.discord.requests_to("POST", "/interactions/" + missed).size() == 1);
    CHECK_FALSE(f.answered(stale));
    CHECK(f.transport->figures().replays_skipped == 1);
    CHECK(f.transport->figures().expired_skipped == 1);
    CHECK(f.service.calls.size() == 2);
}

TEST_CASE("Op 9 d:false: a new session is identified after 1–5 s", "[discord][transport]") {
    DiscordFixture f;
    f.start_ready();
    const auto sent = std::chrono::steady_clock::now();
    f.discord.send_frame({{"op", 9}, {"d", false}});
    REQUIRE(f.wait([&] { return f.discord.identifies.size() == 2 && f.discord.gateway_ready(); }, 8s));
    CHECK(f.discord.gateway_connections.back().opened - sent >= 1s);
    CHECK(f.discord.gateway_connections.back().target == "/gateway/?v=10&encoding=json");
    CHECK(f.discord.resumes.empty());
    CHECK(f.discord.requests_to("GET", "/gateway/bot").size() == 2);
}

TEST_CASE("A dropped TCP connection resumes and keeps serving", "[discord][transport]") {
    DiscordFixture f;
    f.start_ready();
    f.discord.drop_gateway();
    REQUIRE(f.wait([&] { return f.discord.resumes.size() == 1 && f.discord.gateway_ready(); }));
    CHECK(f.discord.identifies.size() == 1);
    const auto id = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", slash_command(id, "flash", "accept"));
    CHECK(f.wait([&] { return f.answered(id); }));
}

TEST_CASE("Missing heartbeat ACKs make a zombie: terminated and resumed within an interval", "[discord][transport]") {
    // Either the server stops acknowledging, or the connection goes half-open.
    const bool half_open = GENERATE(false, true);
    DiscordFixture f;
    f.discord.heartbeat_interval_ms = 300;
    f.start_ready();
    if (half_open) {
        f.discord.freeze_gateway();
    } else {
        f.discord.acknowledge_heartbeats = false;
    }
    const auto broke = std::chrono::steady_clock::now();
    REQUIRE(f.wait([&] { return f.discord.resumes.size() == 1; }, 3s));
    const auto recovered = std::chrono::steady_clock::now() - broke;
    f.discord.acknowledge_heartbeats = true;
    CHECK(recovered < 2 * 300ms + 200ms);
    CHECK(f.transport->gateway_figures().zombies == 1);
    const auto id = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", slash_command(id, "flash", "accept"));
    CHECK(f.wait([&] { return f.answered(id); }));
}

TEST_CASE("Close 4004 stops for good with the reason", "[discord][transport]") {
    DiscordFixture f;
    f.start_ready();
    f.discord.close_gateway(4004);
    REQUIRE(f.wait([&] { return f.stop_reason.has_value(); }));
    CHECK(f.stop_reason->find("4004") != std::string::npos);
    CHECK(f.stop_reason->find("DISCORD_BOT_TOKEN") != std::string::npos);
    f.wait([] { return false; }, 300ms);
    CHECK(f.discord.gateway_connections.size() == 1);
}

TEST_CASE("Close 4007 and 4009 start a new session instead of resuming", "[discord][transport]") {
    const std::uint16_t code = GENERATE(std::uint16_t{4007}, std::uint16_t{4009});
    DiscordFixture f;
    f.start_ready();
    f.discord.close_gateway(code);
    REQUIRE(f.wait([&] { return f.discord.identifies.size() == 2 && f.discord.gateway_ready(); }));
    CHECK(f.discord.resumes.empty());
    CHECK_FALSE(f.stop_reason);
}

TEST_CASE("Close 4000 from the server resumes", "[discord][transport]") {
    DiscordFixture f;
    f.start_ready();
    f.discord.close_gateway(4000);
    REQUIRE(f.wait([&] { return f.discord.resumes.size() == 1 && f.discord.gateway_ready(); }));
    CHECK(f.discord.identifies.size() == 1);
}

TEST_CASE("A DM waits out a 429 on its bucket, then arrives", "[discord][transport]") {
    DiscordFixture f;
    f.start_ready();
    f.discord.script_once("POST", "/users/@me/channels", 429,
                          {{"message", "You are being rate limited."}, {"retry_after", 0.3}, {"global", false}},
                          {{"Retry-After", "1"}, {"X-RateLimit-Bucket", "dm-open"}, {"X-RateLimit-Scope", "user"}});
    std::optional<DeliveryOutcome> outcome;
    f.transport->deliver(OutboundMessage{Destination::member("discord:G1:77"),
                                         Message{"Your request was accepted", {}}},
                         [&](DeliveryOutcome result) { outcome = result; });
    REQUIRE(f.wait([&] { return outcome.has_value(); }));
    CHECK(outcome->delivered);
    auto opens = f.discord.requests_to("POST", "/users/@me/channels");
    REQUIRE(opens.size() == 2);
    CHECK(opens[0]->body == json{{"recipient_id", "77"}});
    // The body's fractional retry_after wins over the whole-second header.
    CHECK(opens[1]->at - opens[0]->at >= 300ms);
    CHECK(opens[1]->at - opens[0]->at < 900ms);
    REQUIRE(f.discord.channel_messages["DM77"].size() == 1);
    CHECK(f.discord.channel_messages["DM77"][0]["content"] == "Your request was accepted");
}

TEST_CASE("A global 429 on a channel post also holds back a DM", "[discord][transport]") {
    DiscordFixture f;
    f.start_ready();
    f.discord.script_once("POST", "/channels/", 429, {{"message", "Slow down"}, {"retry_after", 0.4}, {"global", true}},
                          {{"X-RateLimit-Global", "true"}});
    std::optional<DeliveryOutcome> post, dm;
    const auto rate_limited = [] { return discord_metric(metric::rate_limited); };
    const double limited_before = rate_limited();
    f.transport->deliver(OutboundMessage{Destination::channel("discord:G1:C9"), Message{"Pods are forming", {}}},
                         [&](DeliveryOutcome result) { post = result; });
    // Once the bot has read the 429, every other route waits too.
    REQUIRE(f.wait([&] { return rate_limited() == limited_before + 1; }));
    const auto limited_at = f.discord.requests_to("POST", "/channels/C9")[0]->at;
    f.transport->deliver(OutboundMessage{Destination::member("discord:G1:78"), Message{"hi", {}}},
                         [&](DeliveryOutcome result) { dm = result; });
    REQUIRE(f.wait([&] { return post && dm; }));
    CHECK(post->delivered);
    CHECK(dm->delivered);
    CHECK(f.discord.requests_to("POST", "/users/@me/channels")[0]->at - limited_at >= 400ms);
    CHECK(f.discord.channel_messages["C9"].size() == 1);
}

TEST_CASE("Server errors are retried, unknown channels fail for good", "[discord][transport]") {
    DiscordFixture f;
    f.start_ready();
    f.discord.script_once("POST", "/channels/C5", 502, {{"message", "Bad gateway"}});
    f.discord.script_once("POST", "/channels/C6", 404, {{"message", "Unknown Channel"}, {"code", 10003}});
    std::optional<DeliveryOutcome> retried, missing;
    f.transport->deliver(OutboundMessage{Destination::channel("discord:G1:C5"), Message{"a", {}}},
                         [&](DeliveryOutcome result) { retried = result; });
    f.transport->deliver(OutboundMessage{Destination::channel("discord:G1:C6"), Message{"b", {}}},
                         [&](DeliveryOutcome result) { missing = result; });
    REQUIRE(f.wait([&] { return retried && missing; }));
    CHECK(retried->delivered);
    CHECK(f.discord.requests_to("POST", "/channels/C5").size() == 2);
    CHECK_FALSE(missing->delivered);
    CHECK_FALSE(missing->retryable);
    CHECK(missing->error.find("Unknown Channel") != std::string::npos);
}

TEST_CASE("Late or slow interactions are deferred and finished through the webhook", "[discord][transport]") {
    DiscordFixture f;
    f.options.slow_command = 100ms;
    f.service.answer = [](const RecordingService::Call& call) {
        if (call.subcommand == "request") std::this_thread::sleep_for(150ms);
        return Reply::private_text("done " + call.subcommand);
    };
    f.start_ready();

    // Already 2 s old when it reaches us: defer first.
    const auto late = snowflake_at(std::chrono::system_clock::now() - 2s, 7);
    f.discord.dispatch("INTERACTION_CREATE", slash_command(late, "flash", "accept"));
    REQUIRE(f.wait([&] { return !f.discord.requests_to("PATCH", "/webhooks/900/itoken-" + late).empty(); }));
    CHECK(f.discord.callbacks[late].at(0) == json::parse(R"({"type":5,"data":{"flags":64}})"));
    CHECK(f.discord.requests_to("PATCH", "/webhooks/900/itoken-" + late)[0]->body["content"] == "done accept");

    // A command that was slow once is deferred the next time.
    const auto first = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", slash_command(first, "flash", "request"));
    REQUIRE(f.wait([&] { return f.answered(first); }));
    CHECK(f.discord.callbacks[first].at(0)["type"] == 4);
    const auto second = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", slash_command(second, "flash", "request"));
    REQUIRE(f.wait([&] { return !f.discord.requests_to("PATCH", "/webhooks/900/itoken-" + second).empty(); }));
    CHECK(f.discord.callbacks[second].at(0)["type"] == 5);
    CHECK(f.transport->figures().interactions_deferred == 2);
}

TEST_CASE("Malformed and oversized frames are dropped and the bot keeps serving", "[discord][transport]") {
    DiscordFixture f;
    f.options.socket.max_message_bytes = 64 * 1024;
    f.start_ready();
    f.discord.send_raw("this is not json");
    f.discord.send_raw(R"({"op":"zero"})");
    f.discord.dispatch("INTERACTION_CREATE", json{{"id", "1"}, {"type", 2}});
    const auto id = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", slash_command(id, "flash", "accept"));
    REQUIRE(f.wait([&] { return f.answered(id); }));
    CHECK(f.transport->figures().malformed_dropped == 1);

    // Over the size limit: the socket fails (1009) and the session resumes.
    f.discord.send_frame(
        {{"op", 0}, {"s", nullptr}, {"t", "GUILD_AUDIT"}, {"d", {{"blob", std::string(100 * 1024, 'z')}}}});
    REQUIRE(f.wait([&] { return f.discord.resumes.size() == 1 && f.discord.gateway_ready(); }));
    const auto after = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", slash_command(after, "flash", "accept"));
    CHECK(f.wait([&] { return f.answered(after); }));
    CHECK_FALSE(f.stop_reason);
}

TEST_CASE("A DM interaction resolves to the guild the member was seen in", "[discord][transport]") {
    DiscordFixture f;
    f.start_ready();
    const auto in_guild = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", slash_command(in_guild, "flash", "accept", json::array(), "55"));
    REQUIRE(f.wait([&] { return f.answered(in_guild); }));
    json dm = button_click(f.next_id(), "/flash accept 3", "55");
    dm.erase("guild_id");
    dm.erase("member");
    dm["user"] = {{"id", "55"}, {"username", "dm"}};
    const std::string dm_id = dm["id"];
    f.discord.dispatch("INTERACTION_CREATE", dm);
    REQUIRE(f.wait([&] { return f.answered(dm_id); }));
    CHECK(f.service.calls.back().caller.member_id() == "discord:G1:55");
}

TEST_CASE("metrics: each interaction's callback is timed from the gateway frame", "[discord][metrics]") {
    DiscordFixture f;
    f.start_ready();
    const auto before = metrics().observations(metric::response_seconds, {{"transport", "discord"}});
    const auto command = f.next_id();
    const auto click = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", slash_command(command, "flash", "accept"));
    f.discord.dispatch("INTERACTION_CREATE", button_click(click, "/flash accept 12"));
    REQUIRE(f.wait([&] { return f.answered(command) && f.answered(click); }));
    // The time is observed when Discord's answer to the callback arrives, a moment after the fake saw it.
    const auto timed = [] { return metrics().observations(metric::response_seconds, {{"transport", "discord"}}); };
    CHECK(f.wait([&] { return timed() >= before + 2; }));
    CHECK(timed() == before + 2);
}

TEST_CASE("metrics: each reconnect is counted with its cause", "[discord][metrics]") {
    const std::string cause = GENERATE("op7", "op9_resumable", "dropped", "close_4000", "zombie");
    DiscordFixture f;
    if (cause == "zombie") f.discord.heartbeat_interval_ms = 300;
    f.start_ready();
    const double before = discord_metric(metric::reconnects, cause);
    if (cause == "op7") f.discord.send_frame({{"op", 7}, {"d", nullptr}});
    if (cause == "op9_resumable") f.discord.send_frame({{"op", 9}, {"d", true}});
    if (cause == "dropped") f.discord.drop_gateway();
    if (cause == "close_4000") f.discord.close_gateway(4000);
    if (cause == "zombie") f.discord.acknowledge_heartbeats = false;
    REQUIRE(f.wait([&] { return discord_metric(metric::reconnects, cause) == before + 1; }, 3s));
    f.discord.acknowledge_heartbeats = true;
    REQUIRE(f.wait([&] { return f.discord.resumes.size() == 1 && f.discord.gateway_ready(); }, 8s));
    CHECK(discord_metric(metric::reconnects, cause) == before + 1);
}

TEST_CASE("metrics: malformed, unusable and oversized frames are counted as dropped", "[discord][metrics]") {
    DiscordFixture f;
    f.options.socket.max_message_bytes = 64 * 1024;
    f.start_ready();
    const double malformed = discord_metric(metric::dropped, "malformed");
    const double unusable = discord_metric(metric::dropped, "malformed_interaction");
    const double oversized = discord_metric(metric::dropped, "oversized");
    f.discord.send_raw("this is not json");
    f.discord.send_raw(R"({"op":"zero"})");
    f.discord.send_raw(R"({"op":10,"d":{"heartbeat_interval":"soon"}})");
    f.discord.dispatch("INTERACTION_CREATE", json{{"id", "1"}, {"type", 2}});
    const auto id = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", slash_command(id, "flash", "accept"));
    REQUIRE(f.wait([&] { return f.answered(id); }));
    CHECK(discord_metric(metric::dropped, "malformed") == malformed + 3);
    CHECK(discord_metric(metric::dropped, "malformed_interaction") == unusable + 1);

    f.discord.send_frame(
        {{"op", 0}, {"s", nullptr}, {"t", "GUILD_AUDIT"}, {"d", {{"blob", std::string(100 * 1024, 'z')}}}});
    REQUIRE(f.wait([&] { return f.discord.resumes.size() == 1 && f.discord.gateway_ready(); }));
    CHECK(discord_metric(metric::dropped, "oversized") == oversized + 1);
}

TEST_CASE("metrics: 429s are counted and a waiting call shows as pending", "[discord][metrics]") {
    DiscordFixture f;
    f.start_ready();
    REQUIRE(f.wait([&] { return f.transport->figures().commands_registered; }));
    run_for(f.io, 20ms);
    const double pending = discord_metric(metric::requests_pending);
    const double limited = discord_metric(metric::rate_limited);
    f.discord.script_once("POST", "/channels/C9", 429,
                          {{"message", "Slow down"}, {"retry_after", 0.5}, {"global", false}});
    std::optional<DeliveryOutcome> outcome;
    f.transport->deliver(OutboundMessage{Destination::channel("discord:G1:C9"), Message{"Pods are forming", {}}},
                         [&](DeliveryOutcome result) { outcome = result; });
    REQUIRE(f.wait([&] { return discord_metric(metric::rate_limited) == limited + 1; }));
    CHECK(discord_metric(metric::requests_pending) == pending + 1);  // waiting out the 429
    REQUIRE(f.wait([&] { return outcome.has_value(); }));
    CHECK(outcome->delivered);
    CHECK(discord_metric(metric::requests_pending) == pending);
}

TEST_CASE("member text never pings: callbacks and posts allow only the mentions we mean", "[discord][escaping]") {
    TestChat chat(/*demo=*/false);  // outlives the transport that calls it
    DiscordFixture f;
    f.transport = DiscordTransport::create(f.io.get_executor(), net::make_client_tls_context(), chat.app(),
                                           f.registrations, f.commands, f.options, [](const std::string&) {});
    f.transport->start();
    REQUIRE(f.wait([&] { return f.discord.gateway_ready() && f.transport->gateway().connected_and_ready(); }));

    // The member's server nickname is their display name in mentorbot.
    json set = slash_command(f.next_id(), "profile", "set",
                             json::parse(R"([{"name":"skills","type":3,"value":"rust"}])"), "42");
    set["member"]["nick"] = "@everyone <@&7> <@43> @here";
    f.discord.dispatch("INTERACTION_CREATE", set);
    const auto show = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", slash_command(show, "profile", "show", json::array(), "42"));
    REQUIRE(f.wait([&] { return f.answered(show); }));

    const auto& data = f.discord.callbacks[show].at(0)["data"];
    INFO(data.dump());
    const std::string content = data["content"];
    CHECK_THAT(content, Catch::Contains("@\u200Beveryone <\u200B@&7> <\u200B@43> @\u200Bhere (<@42>)"));
    CHECK(data["allowed_mentions"] == json::parse(R"({"parse":[],"users":["42"]})"));

    // Posts to channels and DMs carry the same guard.
    std::optional<DeliveryOutcome> outcome;
    f.transport->deliver(OutboundMessage{Destination::channel("discord:G1:C9"),
                                         Message{mention("discord:G1:43") + " joined; @everyone welcome", {}}},
                         [&](DeliveryOutcome result) { outcome = result; });
    REQUIRE(f.wait([&] { return outcome.has_value(); }));
    REQUIRE(f.discord.channel_messages["C9"].size() == 1);
    const auto& post = f.discord.channel_messages["C9"][0];
    CHECK(post["content"] == "<@43> joined; @\u200Beveryone welcome");
    CHECK(post["allowed_mentions"] == json::parse(R"({"parse":[],"users":["43"]})"));
    f.transport->stop();
    run_for(f.io, 100ms);
}

TEST_CASE("After a restart, a DM from a member resolves to the guild the database knows them in",
          "[discord][transport]") {
    DiscordFixture f;
    // What the members table says (MemberStore::discord_guild_of) from an earlier run.
    f.options.known_guild_of = [](const std::string& user_id) { return user_id == "55" ? "G7" : ""; };
    f.start_ready();
    auto dm_from = [&](const std::string& user_id) {
        json dm = button_click(f.next_id(), "/flash accept 3", user_id);
        dm.erase("guild_id");
        dm.erase("member");
        dm["user"] = {{"id", user_id}, {"username", "dm"}};
        const std::string id = dm["id"];
        f.discord.dispatch("INTERACTION_CREATE", dm);
        REQUIRE(f.wait([&] { return f.answered(id); }));
        return f.discord.callbacks[id].at(0)["data"].value("content", "");
    };
    CHECK(dm_from("55") == "ran /flash accept 3");
    REQUIRE(f.service.calls.size() == 1);
    CHECK(f.service.calls[0].caller.member_id() == "discord:G7:55");
    // Someone the bot never met in any server is told so, and nothing runs.
    CHECK_THAT(dm_from("56"), Catch::Contains("Use a mentorbot command in your server first"));
    CHECK(f.service.calls.size() == 1);
}

TEST_CASE("An odd /gateway/bot answer (numbers as strings) does not stop the client", "[discord][transport]") {
    DiscordFixture f;
    f.discord.script_once("GET", "/gateway/bot", 200,
                          {{"url", f.discord.websocket_url("/gateway")},
                           {"shards", "2"},
                           {"session_start_limit", {{"remaining", "many"}, {"reset_after", "soon"}}}});
    f.start_ready();
    const auto id = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", slash_command(id, "flash", "accept", json::array()));
    CHECK(f.wait([&] { return f.answered(id); }));
    CHECK_FALSE(f.stop_reason);
}

namespace {

// Consecutive Identifies of one concurrency bucket closer together than `window`, as
// the fake gateway saw them arrive.
std::size_t identifies_inside(const std::vector<FakeDiscord::IdentifyArrival>& arrivals,
                              std::chrono::steady_clock::duration window) {
    std::size_t early = 0;
    for (std::size_t i = 0; i < arrivals.size(); ++i) {
        for (std::size_t j = i; j-- > 0;) {
            if (arrivals[j].bucket != arrivals[i].bucket) continue;
            if (arrivals[i].at - arrivals[j].at < window) ++early;
            break;
        }
    }
    return early;
}

std::size_t refused_identifies(const std::vector<FakeDiscord::IdentifyArrival>& arrivals) {
    return static_cast<std::size_t>(
        std::count_if(arrivals.begin(), arrivals.end(), [](const auto& arrival) { return arrival.refused; }));
}

}  // namespace

TEST_CASE("After close 4009 a session is back within 6 s with every Identify 5 s apart", "[discord][transport]") {
    DiscordFixture f;
    f.options.identify_window = DiscordOptions{}.identify_window;  // Discord's own
    f.discord.identify_window = 5s;                                // refused with op 9 inside it
    f.start_ready();
    // As reported: Discord closed with 4009 a few seconds after the last Identify.
    run_for(f.io, 2600ms);
    f.discord.close_gateway(4009);
    const auto& arrivals = f.discord.identify_arrivals;
    REQUIRE(f.wait([&] { return arrivals.size() >= 2 && !arrivals.back().refused && f.discord.gateway_ready(); }, 9s));
    CHECK(arrivals.size() == 2);
    CHECK(refused_identifies(arrivals) == 0);
    CHECK(identifies_inside(arrivals, 5s) == 0);
    // In the gateway's own clock: from the close to the READY of the new session.
    REQUIRE(f.discord.closes.size() == 1);
    CHECK(arrivals.back().at - f.discord.closes.back().at <= 6s);
    CHECK(f.discord.resumes.empty());
}

TEST_CASE("An Identify Discord refused still counts toward the identify window", "[discord][transport]") {
    DiscordFixture f;
    // A shorter window on both sides keeps the test short; op 9's own wait (1 s with
    // this random source) is shorter than it, so only counting the refusal keeps clear.
    f.options.identify_window = 1500ms;
    f.discord.identify_window = 1500ms;
    f.start_ready();
    f.discord.refuse_identifies = 1;  // a limit the bot could not see coming
    f.discord.close_gateway(4009);
    const auto& arrivals = f.discord.identify_arrivals;
    REQUIRE(f.wait([&] { return arrivals.size() >= 3 && !arrivals.back().refused && f.discord.gateway_ready(); }, 9s));
    CHECK(arrivals.size() == 3);
    CHECK(arrivals[1].refused);
    CHECK(refused_identifies(arrivals) == 1);
    CHECK(identifies_inside(arrivals, 1500ms) == 0);
}

namespace {

// Requests that reached the fake on a connection that had already carried a 429 for the
// same path, before that 429's window ended. The client reads an answer before it sends
// the next request on that connection, so it knew of that window.
std::vector<std::string> sent_inside_known_windows(const FakeDiscord& discord) {
    std::vector<std::string> inside;
    for (const auto& request : discord.requests) {
        for (const auto& window : discord.rate_limit_windows) {
            const bool same_route = window.global ? request.path.rfind("/interactions/", 0) != 0
                                                  : request.path == window.path;
            if (same_route && window.connection == request.connection && window.at < request.at &&
                request.at < window.until) {
                inside.push_back(request.method + " " + request.path);
            }
        }
    }
    return inside;
}

}  // namespace

TEST_CASE("Under 429s on every 4th post no message leaves inside a known window and all arrive",
          "[discord][transport][ratelimit]") {
    DiscordFixture f;
    f.discord.rate_limit_every = 4;
    f.discord.rate_limit_seconds = 0.05;
    f.start_ready();
    constexpr int messages = 60;
    const std::vector<std::string> members = {"70", "71", "72"};
    std::vector<std::optional<DeliveryOutcome>> outcomes(messages);
    for (int i = 0; i < messages; ++i) {
        const std::string member = members[static_cast<std::size_t>(i) % members.size()];
        f.transport->deliver(
            OutboundMessage{Destination::member("discord:G1:" + member), Message{"note " + std::to_string(i), {}}},
            [&outcomes, i](DeliveryOutcome result) { outcomes[static_cast<std::size_t>(i)] = result; });
    }
    REQUIRE(f.wait(
        [&] { return std::all_of(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.has_value(); }); },
        20s));
    // Every message arrived on the first delivery: none went back to the outbox.
    for (const auto& outcome : outcomes) CHECK(outcome->delivered);
    std::set<std::string> texts;
    for (const auto& member : members) {
        CHECK(f.discord.channel_messages["DM" + member].size() == messages / members.size());
        for (const auto& body : f.discord.channel_messages["DM" + member]) texts.insert(body.value("content", ""));
    }
    CHECK(texts.size() == static_cast<std::size_t>(messages));
    CHECK(f.discord.rate_limit_windows.size() >= static_cast<std::size_t>(messages / 4));
    CHECK(sent_inside_known_windows(f.discord).empty());
}

TEST_CASE("A message rate limited more times than the attempt limit still arrives", "[discord][transport][ratelimit]") {
    DiscordFixture f;
    f.start_ready();
    const int limited = RestRateLimiter::max_attempts + 1;
    for (int i = 0; i < limited; ++i) {
        f.discord.script_once("POST", "/channels/C7", 429,
                              {{"message", "You are being rate limited."}, {"retry_after", 0.02}, {"global", false}});
    }
    std::optional<DeliveryOutcome> outcome;
    f.transport->deliver(OutboundMessage{Destination::channel("discord:G1:C7"), Message{"Pods are forming", {}}},
                         [&](DeliveryOutcome result) { outcome = result; });
    REQUIRE(f.wait([&] { return outcome.has_value(); }, 10s));
    CHECK(outcome->delivered);
    CHECK(f.discord.requests_to("POST", "/channels/C7").size() == static_cast<std::size_t>(limited + 1));
    REQUIRE(f.discord.channel_messages["C7"].size() == 1);
}

TEST_CASE("Interaction callbacks do not wait on a global 429", "[discord][transport][ratelimit]") {
    DiscordFixture f;
    f.start_ready();
    f.discord.script_once("POST", "/channels/", 429, {{"message", "Slow down"}, {"retry_after", 2.5}, {"global", true}},
                          {{"X-RateLimit-Global", "true"}});
    std::optional<DeliveryOutcome> post;
    const double limited_before = discord_metric(metric::rate_limited);
    f.transport->deliver(OutboundMessage{Destination::channel("discord:G1:C9"), Message{"Pods are forming", {}}},
                         [&](DeliveryOutcome result) { post = result; });
    REQUIRE(f.wait([&] { return discord_metric(metric::rate_limited) == limited_before + 1; }));
    // The bot knows of the global pause; a member runs a command during it.
    const auto id = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", slash_command(id, "flash", "accept"));
    REQUIRE(f.wait([&] { return f.answered(id) && post.has_value(); }, 8s));
    CHECK(post->delivered);
    REQUIRE(f.discord.rate_limit_windows.size() == 1);
    const auto window = f.discord.rate_limit_windows.front();
    CHECK(window.global);
    const auto callbacks = f.discord.requests_to("POST", "/interactions/" + id);
    REQUIRE(callbacks.size() == 1);
    // In the fake's clock: the callback came while the pause it announced still held,
    // and the post it paused came back only after.
    CHECK(callbacks[0]->at < window.until);
    const auto posts = f.discord.requests_to("POST", "/channels/C9");
    REQUIRE(posts.size() == 2);
    CHECK(posts[1]->at >= window.until);
    CHECK(sent_inside_known_windows(f.discord).empty());
}

TEST_CASE("A reply too long for one message carries its file on the last follow-up, under the text it ends with",
          "[discord][transport][calendar]") {
    DiscordFixture f;
    f.service.answer = [](const RecordingService::Call&) {
        Reply reply;
        reply.response.text = std::string(2500, 'a') + "\nAdd to calendar: https://calendar.google.com/";
        reply.response.attachment = Attachment{"mentoring-session-7.ics", "text/calendar; charset=utf-8",
                                               "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"};
        return reply;
    };
    f.start_ready();
    const auto id = f.next_id();
    f.discord.dispatch("INTERACTION_CREATE", button_click(id, "/flash accept 7"));
    REQUIRE(f.wait([&] { return f.answered(id) && !f.discord.posted_files.empty(); }));
    // The callback holds the first piece without the file; the follow-up holds the rest and the file.
    CHECK_FALSE(f.discord.callbacks[id].at(0)["data"].contains("attachments"));
    const auto follow_ups = f.discord.requests_to("POST", "/webhooks/900/itoken-" + id);
    REQUIRE(follow_ups.size() == 1);
    CHECK_THAT(follow_ups[0]->body.value("content", ""), Catch::Contains("Add to calendar"));
    CHECK(follow_ups[0]->body["flags"] == 64);
    REQUIRE(f.discord.posted_files.size() == 1);
    CHECK(f.discord.posted_files[0].interaction == "itoken-" + id);
    CHECK(f.discord.posted_files[0].filename == "mentoring-session-7.ics");
    CHECK(f.discord.posted_files[0].bytes == "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
}

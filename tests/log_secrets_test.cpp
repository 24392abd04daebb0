// Slack and Discord at once, errors and reconnects included: the debug log never shows a secret, one line per event.
#include <catch2/catch.hpp>

#include <signal.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/fake_discord/fake_discord.h"
#include "tests/fake_discord/payloads.h"
#include "tests/fake_slack/fake_slack.h"
#include "tests/support/bot_process.h"
#include "tests/support/run_binary.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_ca.h"
#include "tests/support/wait_until.h"

using namespace mentorbot::testing;

namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

// Distinctive fake secrets, so any piece of one in the log is unmistakable.
const std::string slack_app_token = "xapp-1-A0SECRET-7Hq2Lm9Zt4Kx8Rv3Wb6";
const std::string slack_bot_token = "xoxb-SECRET-4417-Jc8Dn2Fp6Gs1Hu5Ky9";
const std::string discord_token = "SECRETdiscord.Mz3Nq7.Pt1Vx5Bw9Cy2Df6Gh";
const std::string interaction_token_prefix = "SECRETinteraction-Qk4Ws8Ej2Ru6";

// A scripted conversation driven by a 20 ms tick on the fake's own thread: each step
// waits for what the bot did last, then provokes the next thing.
struct Scenario {
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
    asio::steady_timer tick{io};
    std::function<bool()> step;  // returns true when the scenario is over
    std::atomic<bool> done{false};
    bool stopping = false;  // on the fake's thread: a tick already queued must not re-arm
    std::thread thread;

    void run() {
        schedule();
        // Bounded, so a fake that fails to wind down cannot hang the suite.
        thread = std::thread([this] { io.run_for(std::chrono::seconds(120)); });
    }
    void schedule() {
        tick.expires_after(milliseconds(20));
        tick.async_wait([this](boost::system::error_code error) {
            if (error || stopping) return;
            if (!done && step()) done = true;
            schedule();
        });
    }
    // An exception before finish() unwinds through here: stop the thread rather than terminate.
    ~Scenario() {
        if (thread.joinable()) {
            io.stop();
            thread.join();
        }
    }
    void finish(const std::function<void()>& stop_fake) {
        asio::post(io, [this, stop_fake] {
            stopping = true;
            tick.cancel();
            stop_fake();
        });
        work.reset();
        thread.join();
    }
};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);) {
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

// The lines that mention `needle` and `transport`, at any level.
std::size_t lines_with(const std::vector<std::string>& lines, const std::string& transport, const std::string& needle) {
    std::size_t found = 0;
    for (const auto& line : lines) {
        if (line.find(transport) != std::string::npos && line.find(needle) != std::string::npos) ++found;
    }
    return found;
}

// Every 12-character piece of `secret` that turns up in `text`.
std::vector<std::string> leaked_pieces(const std::string& text, const std::string& secret) {
    std::vector<std::string> leaked;
    for (std::size_t start = 0; start + 12 <= secret.size(); ++start) {
        const std::string piece = secret.substr(start, 12);
        if (text.find(piece) != std::string::npos) leaked.push_back(piece);
    }
    return leaked;
}

}  // namespace

TEST_CASE("a debug log of Slack and Discord with errors and reconnects shows no secret and one line per event",
          "[logs][binary]") {
    TempDirectory directory;
    const auto certificates = TestCertificates::generate();
    const std::string ca_file = certificates.write_ca_file(directory.path());
    const std::string log_path = directory.file("bot.log");

    // ---- Slack: a command, a command whose DM meets a 429 then invalid_auth, a
    // refresh_requested reconnect whose ticket request meets a 429, a last command.
    Scenario slack_side;
    FakeSlack slack(slack_side.io, certificates);
    slack.app_token = slack_app_token;
    slack.bot_token = slack_bot_token;
    slack.script("chat.postMessage", {429, R"({"ok":false,"error":"ratelimited"})", {{"Retry-After", "1"}}});
    slack.script("chat.postMessage", {200, R"({"ok":false,"error":"invalid_auth"})", {}});
    std::vector<std::string> envelopes;
    int slack_step = 0;
    slack_side.step = [&]() -> bool {
        FakeSlackConnection* live = slack.live_connection();
        switch (slack_step) {
            case 0:
                if (!live) return false;
                envelopes.push_back(slack.send_slash_command("/profile", "set skills:rust tz:Europe/Berlin", "U2"));
                ++slack_step;
                return false;
            case 1:
                if (slack.acks_for(envelopes.back()).empty()) return false;
                envelopes.push_back(
                    slack.send_slash_command("/feedback", "peer user:<@U2> note:\"thanks for the review\"", "U1"));
                ++slack_step;
                return false;
            case 2:
                if (slack.acks_for(envelopes.back()).empty() || slack.calls_of("chat.postMessage").size() < 2)
                    return false;
                slack.script("apps.connections.open",
                             {429, R"({"ok":false,"error":"ratelimited"})", {{"Retry-After", "1"}}});
                slack.send_disconnect(*live, "refresh_requested");
                ++slack_step;
                return false;
            case 3:
                if (!live || live->id < 2) return false;
                envelopes.push_back(slack.send_slash_command("/coach", "help", "U1", "T1", "C1", live));
                ++slack_step;
                return false;
            default: return !slack.acks_for(envelopes.back()).empty();
        }
    };
    slack.start();
    slack_side.run();

    // ---- Discord: an interaction whose callback meets a 429, a gateway close 4000 and
    // a resume, a second interaction.
    Scenario discord_side;
    FakeDiscord discord(discord_side.io, certificates);
    discord.accepted_token = discord_token;
    std::vector<std::string> interactions;
    std::uint64_t serial = 0;
    auto interaction = [&](const std::string& command, const std::string& subcommand, nlohmann::json options,
                           const std::string& user) {
        auto data = slash_command(fresh_snowflake(++serial), command, subcommand, std::move(options), user);
        data["token"] = interaction_token_prefix + data["id"].get<std::string>();
        interactions.push_back(data["id"].get<std::string>());
        discord.dispatch("INTERACTION_CREATE", data);
    };
    int discord_step = 0;
    discord_side.step = [&]() -> bool {
        switch (discord_step) {
            case 0:
                if (!discord.gateway_ready()) return false;
                discord.script_once(
                    "POST", "/interactions/", 429,
                    {{"message", "You are being rate limited."}, {"retry_after", 0.2}, {"global", false}},
                    {{"Retry-After", "0.2"}, {"X-RateLimit-Scope", "user"}});
                interaction("profile", "set",
                            nlohmann::json::array({{{"name", "skills"}, {"type", 3}, {"value", "go"}}}), "42");
                ++discord_step;
                return false;
            case 1:
                if (discord.callbacks.count(interactions.back()) == 0) return false;
                discord.close_gateway(4000);
                ++discord_step;
                return false;
            case 2:
                if (discord.resumes.empty() || !discord.gateway_ready()) return false;
                interaction("coach", "help", nlohmann::json::array(), "43");
                ++discord_step;
                return false;
            default: return discord.callbacks.count(interactions.back()) == 1;
        }
    };
    discord.start();
    discord_side.run();

    std::optional<int> exit_code;
    {
        BotProcess bot({"--db", directory.file("bot.db"), "--log-level", "debug"},
                       {"SSL_CERT_FILE=" + ca_file, "SLACK_APP_TOKEN=" + slack_app_token,
                        "SLACK_BOT_TOKEN=" + slack_bot_token, "SLACK_API_URL=" + slack.api_base_url(),
                        "DISCORD_BOT_TOKEN=" + discord_token,
                        std::string("DISCORD_APPLICATION_ID=") + FakeDiscord::application_id,
                        "DISCORD_API_URL=" + discord.api_base()},
                       log_path);
        wait_until([&] { return slack_side.done && discord_side.done; }, std::chrono::seconds(30), milliseconds(20));
        bot.send_signal(SIGTERM);
        exit_code = bot.wait_for_exit(std::chrono::seconds(5));
    }
    slack_side.finish([&] { slack.stop(); });
    discord_side.finish([&] { discord.stop(); });
    const std::string log = read_text_file(log_path);
    INFO("the bot's log:\n" << log);

    REQUIRE(slack_side.done);
    REQUIRE(discord_side.done);
    CHECK(exit_code == std::optional<int>(0));

    // No secret, nor any 12-character piece of one, anywhere in the output.
    CHECK(leaked_pieces(log, slack_app_token).empty());
    CHECK(leaked_pieces(log, slack_bot_token).empty());
    CHECK(leaked_pieces(log, discord_token).empty());
    CHECK(leaked_pieces(log, interaction_token_prefix).empty());

    // One line per event: every line starts with a timestamp and a level.
    const std::regex event_line(
        R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3} (trace|debug|info|warning|error|critical) \S.*$)");
    const auto lines = lines_of(log);
    REQUIRE(lines.size() > 10);
    for (const auto& line : lines) {
        INFO(line);
        CHECK(std::regex_match(line, event_line));
    }
    // Each envelope and each interaction has a line naming its transport and its id.
    for (const auto& envelope : envelopes) CHECK(lines_with(lines, "slack:", envelope) >= 1);
    for (const auto& id : interactions) CHECK(lines_with(lines, "discord:", id) >= 1);
    // The error paths logged too, each with its transport.
    CHECK(lines_with(lines, "slack:", "rate limited") >= 1);
    CHECK(lines_with(lines, "slack:", "invalid_auth") >= 1);
    CHECK(lines_with(lines, "slack:", "refresh_requested") >= 1);
    CHECK(lines_with(lines, "discord:", "rate limited") >= 1);
    CHECK(lines_with(lines, "discord:", "4000") >= 1);
}

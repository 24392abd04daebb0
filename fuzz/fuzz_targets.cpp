// Fuzz target bodies: feed bytes to one input surface and abort on anything but a clean refusal.
#include "fuzz/fuzz_targets.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

#include "bot/app.h"
#include "bot/dashboard/dashboard_site.h"
#include "bot/demo_organisation.h"
#include "bot/discord/gateway_session.h"
#include "bot/discord/interactions.h"
#include "bot/import_members.h"
#include "bot/metrics.h"
#include "bot/metrics_server.h"
#include "bot/net/tls.h"
#include "bot/slack/envelope_handler.h"
#include "bot/slack/socket_mode_client.h"
#include "commands/command_line.h"
#include "model/user_error.h"
#include "config/config_file.h"
#include "util/text.h"

namespace mentorbot::fuzz {

namespace {

[[noreturn]] void bug(const std::string& what) {
    std::fprintf(stderr, "fuzz target found a bug: %s\n", what.c_str());
    std::abort();
}

// Frames name any workspace or server: serve them all, so each reaches the commands.
Config every_tenant_config() {
    Config config = default_config();
    config.slack_workspaces = {std::string(every_tenant)};
    config.discord_servers = {std::string(every_tenant)};
    return config;
}

// One app on an in-memory database, renewed now and then so memory stays bounded.
struct AppUnderFuzz {
    ManualClock clock{from_unix(1795680000)};  // 2026-11-26
    std::unique_ptr<Database> database;
    std::unique_ptr<App> app;
    int inputs = 0;

    void renew() {
        app.reset();
        database = std::make_unique<Database>(":memory:");
        load_demo_organisation(*database, every_tenant_config(), to_unix(clock.now()));
        app = std::make_unique<App>(*database, every_tenant_config(), clock);
    }
    App& get() {
        if (!app || ++inputs % 500 == 0) renew();
        return *app;
    }
};

// Stands between a transport and the app: the app answers every mistake and every bug
// of its own with a reply, so an exception escaping it is a bug too.
class CheckedCommands final : public CommandService {
public:
    explicit CheckedCommands(App& app) : app_(app) {}

    void dispatch(CommandRequest request, Completion done) override {
        done(checked([&] { return app_.run(std::move(request)); }));
    }

private:
    template <typename Run>
    Reply checked(Run run) {
        const long long internal_errors_before = app_.internal_error_count();
        Reply reply;
        try {
            reply = run();
        } catch (const std::exception& error) {
            bug(std::string("the app threw: ") + error.what());
        }
        if (app_.internal_error_count() != internal_errors_before) bug("internal error: " + reply.response.text);
        return reply;
    }
    App& app_;
};

// What we would send to the platform must at least be JSON we can write out.
std::string serialised(const nlohmann::json& body, const char* what) {
    try {
        return body.dump();
    } catch (const nlohmann::json::exception& error) {
        bug(std::string(what) + " cannot be serialised: " + error.what());
    }
}

// Up to eight frames, one per line.
template <typename Each>
void for_each_frame(std::string_view input, Each each) {
    std::size_t start = 0;
    for (int frame = 0; frame < 8 && start <= input.size(); ++frame) {
        std::size_t end = input.find('\n', start);
        if (end == std::string_view::npos) end = input.size();
        each(input.substr(start, end - start));
        start = end + 1;
    }
}

}  // namespace

void command_text(std::string_view input) {
    for (const char* member : {"slack:T1:U1", "discord:1:2", "console:local:fuzz"}) {
        Caller caller;
        caller.member = *MemberId::parse(member);
        caller.display_name = "fuzz";
        try {
            parse_command_text(CommandRegistry::standard(), input, caller);
        } catch (const UserError&) {
        }
    }
}

void commands(std::string_view input) {
    static AppUnderFuzz fixture;
    App& app = fixture.get();
    static const char* people[] = {"ana", "ben", "carla", "olivia", "gia", "newcomer"};
    std::size_t start = 0;
    for (int line_number = 0; line_number < 8 && start < input.size(); ++line_number) {
        std::size_t end = input.find('\n', start);
        if (end == std::string_view::npos) end = input.size();
        std::string_view line = input.substr(start, end - start);
        start = end + 1;
        std::string who = people[line.empty() ? 0 : static_cast<unsigned char>(line[0]) % 6];
        CommandRequest request;
        request.caller.member = MemberId::of(Platform::console, "local", who);
        request.caller.display_name = who;
        request.caller.channel = MemberId::of(Platform::console, "local", "#general");
        request.caller.rate_limited = false;
        request.input = TextLine{std::string(line)};
        // Judged by the app's own count, not the reply text: a reply may echo anything
        // the user typed, including the words of the apology.
        long long internal_errors_before = app.internal_error_count();
        app.run(std::move(request));
        if (app.internal_error_count() != internal_errors_before) {
            bug("internal error for command line: " + std::string(line));
        }
        app.run_due_jobs();
    }
    fixture.clock.advance(std::chrono::minutes{7});
}

void config_file(std::string_view input) {
    // In memory rather than through a file: the parser is the same, and the run does not
    // wait on the disk.
    try {
        parse_config_text(input, "fuzz.toml");
    } catch (const ConfigError&) {
    }
}

void csv_import(std::string_view input) {
    static AppUnderFuzz fixture;
    fixture.get();
    std::istringstream csv{std::string(input)};
    try {
        import_members_csv(*fixture.database, csv, TagAliases{}, to_unix(fixture.clock.now()));
    } catch (const std::runtime_error&) {
        // The importer's documented refusal of an unusable file.
    }
}

void slack_envelope(std::string_view input) {
    static AppUnderFuzz fixture;
    static const auto tls = net::make_client_tls_context();
    CheckedCommands commands(fixture.get());
    slack::EnvelopeHandler handler(commands, [](const std::string&, nlohmann::json body) {
        serialised(body, "a response_url body");
    });
    boost::asio::io_context io;
    // A fresh client per input (so one input replays alike), never connected: the
    // frames go through the same reading, dedupe and dispatch as frames from a socket.
    auto client = slack::SocketModeClient::create(
        io.get_executor(), tls, "https://slack.invalid/api/", "xapp-fuzz",
        [&](const nlohmann::json& envelope, slack::SocketModeClient::AckSender send_ack) {
            // The handler reads fields defensively, so the only way it gives up on an
            // envelope is a reply it cannot write out: a bug, and a member left unanswered.
            const MetricLabels unreadable{{"transport", "slack"}, {"reason", "unreadable"}};
            const double given_up_before = metrics().value(metric::dropped, unreadable);
            bool answered = false;
            handler.handle(envelope, [&](std::string ack_text) {
                answered = true;
                auto ack = nlohmann::json::parse(ack_text, nullptr, false);
                if (!ack.is_object() || ack.value("envelope_id", "") != envelope.value("envelope_id", "")) {
                    bug("the ack does not name its envelope: " + ack_text);
                }
                send_ack(std::move(ack_text));
            });
            if (metrics().value(metric::dropped, unreadable) != given_up_before) {
                bug("the envelope handler gave up on: " + envelope.dump());
            }
            // Without group commit every answer is ready before the handler returns.
            if (!answered) bug("an envelope was never acked: " + envelope.dump());
        });
    for_each_frame(input, [&](std::string_view frame) { client->handle_frame_without_socket(std::string(frame)); });
    client->stop();
    io.poll();
    fixture.clock.advance(std::chrono::minutes{7});
}

void discord_frame(std::string_view input) {
    static AppUnderFuzz fixture;
    CheckedCommands commands(fixture.get());
    discord::GatewaySession session({"fuzz-token", 0, 0, 1}, "wss://gateway.invalid", [] { return 0.5; });
    discord::InteractionLedger ledger;
    discord::SteadyTime now{std::chrono::hours(1)};
    const auto wall_clock = std::chrono::system_clock::time_point(fixture.clock.now().time_since_epoch());

    // Does with the session's output what the gateway client does, and with an
    // INTERACTION_CREATE what the Discord transport does, short of the network.
    auto apply = [&](const discord::GatewayOutput& output, bool replayed) {
        for (const auto& frame : output.frames) {
            if (frame.size() > discord::GatewaySession::max_frame_bytes) bug("gateway frame over 4096 bytes: " + frame);
        }
        for (const auto& event : output.events) {
            if (event.name != "INTERACTION_CREATE") continue;
            auto interaction = discord::parse_interaction_frame(event.frame);
            if (!interaction) continue;
            if (interaction->type != discord::Interaction::Type::application_command &&
                interaction->type != discord::Interaction::Type::message_component) {
                continue;
            }
            if (ledger.claim(interaction->id, replayed, wall_clock) != discord::InteractionLedger::Verdict::answer) {
                continue;
            }
            const std::string guild = interaction->guild_id.empty() ? "G0" : interaction->guild_id;
            std::optional<CommandRequest> request;
            try {
                request = discord::request_for(*interaction, guild);
            } catch (const std::invalid_argument&) {
                continue;  // ids no member id can be made of: the transport drops these too
            }
            const Reply reply = commands.run(std::move(*request));
            serialised(discord::callback_json(reply), "an interaction callback");
            for (const auto& piece : discord::split_message(reply.response)) {
                const auto body = discord::message_json(piece, !reply.is_public);
                const std::string content = body.value("content", "");
                if (utf8_prefix_bytes(content, 2000) != content.size()) bug("content over 2000 characters");
                serialised(body, "a message body");
            }
        }
        if (output.close_code) {
            const auto plan = session.lost(output.close_code, now);
            if (!plan.stop) session.opened(now);
        }
    };

    session.opened(now);
    for_each_frame(input, [&](std::string_view frame) {
        if (session.phase() == discord::GatewaySession::Phase::stopped) return;
        const bool replayed = session.resuming();
        apply(session.received(frame, now), replayed);
        now += std::chrono::seconds(20);
        apply(session.poll(now), false);
    });
    fixture.clock.advance(std::chrono::minutes{7});
}

}  // namespace mentorbot::fuzz

namespace mentorbot::fuzz {

namespace {

// The operator's endpoint as the bot runs it: /metrics behind a bearer token, /healthz,
// and the dashboard under /admin over the demo organisation, on 127.0.0.1.
struct OperatorEndpoint {
    boost::asio::io_context io;
    ManualClock clock{from_unix(1795680000)};
    Config config = [] {
        Config settings = default_config();
        settings.dashboard.enabled = true;
        settings.metrics_token = "fuzz-scrape-token";
        return settings;
    }();
    Database database{":memory:"};
    DashboardSite dashboard{database, config, clock};
    MetricsServer server{io, "127.0.0.1:0", [] {}, [] { return HealthReport{}; },
                         MetricsServerOptions{.bearer_token = config.metrics_token,
                                              .admin = [this](const HttpExchangeRequest& request) {
                                                  return dashboard.handle(request);
                                              }}};
    OperatorEndpoint() {
        load_demo_organisation(database, config, to_unix(clock.now()));
        server.start();
    }
};

}  // namespace

void http_request(std::string_view input) {
    static OperatorEndpoint endpoint;
    namespace asio = boost::asio;
    using tcp = asio::ip::tcp;
    // One connection per input: the bytes as sent, then end of stream; the server must
    // answer what it can read and hang up, whatever the bytes were.
    tcp::socket client(endpoint.io);
    boost::system::error_code refused;
    client.connect({asio::ip::make_address_v4("127.0.0.1"), endpoint.server.port()}, refused);
    // Hundreds of thousands of connections a minute can use up the machine's ephemeral
    // ports: that is the harness's limit, not a finding, so such an input is skipped.
    if (refused) return;
    // Closed with a reset, so the connection leaves no TIME_WAIT holding its port.
    client.set_option(asio::socket_base::linger(true, 0), refused);
    std::string request(input), response;
    bool hung_up = false;
    asio::async_write(client, asio::buffer(request), [&](boost::system::error_code error, std::size_t) {
        boost::system::error_code ignored;
        if (!error) client.shutdown(tcp::socket::shutdown_send, ignored);
        asio::async_read(client, asio::dynamic_buffer(response),
                         [&](boost::system::error_code, std::size_t) { hung_up = true; });
    });
    try {
        while (!hung_up) endpoint.io.run_one();
    } catch (const std::exception& error) {
        bug(std::string("the operator endpoint threw: ") + error.what());
    }
    // A secret is never echoed, whatever was asked.
    if (response.find(endpoint.config.metrics_token) != std::string::npos &&
        input.find(endpoint.config.metrics_token) == std::string_view::npos)
        bug("the bearer token appeared in a response");
}

}  // namespace mentorbot::fuzz

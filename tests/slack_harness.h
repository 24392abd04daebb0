// Test rig for the Slack transport: fake Slack over TLS, a recording CommandService, the real client.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/mention.h"
#include "bot/internal_error.h"
#include "bot/command_service.h"
#include "bot/net/tls.h"
#include "bot/slack/envelope_handler.h"
#include "bot/slack/socket_mode_client.h"
#include "bot/slack/web_api.h"
#include "tests/fake_slack/fake_slack.h"
#include "tests/support/fake_server.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_ca.h"
#include <functional>

namespace mentorbot::testing {

// Stands in for the app: records every run and answers a few commands like the product.
class RecordingCommands : public CommandService {
public:
    struct Run {
        Caller caller;
        std::string command_line;
        std::string member_prefix;  // the caller's tenant as its member ids start: "slack:T1:"
    };
    std::vector<Run> runs;
    std::map<std::string, std::string> bios;

    // Like the app: the first delivery with a key runs, later ones get its reply back.
    std::vector<std::string> delivery_keys;
    std::map<std::string, Reply> replies_by_key;

    void dispatch(CommandRequest request, Completion done) override {
        const auto* line = std::get_if<TextLine>(&request.input);
        if (line == nullptr) throw std::logic_error("Slack sends text");
        if (request.delivery_key.empty()) {
            done(run_line(request.caller, line->line));
            return;
        }
        delivery_keys.push_back(request.delivery_key);
        if (auto found = replies_by_key.find(request.delivery_key); found != replies_by_key.end()) {
            done(found->second);
            return;
        }
        Reply reply = run_line(request.caller, line->line);
        replies_by_key[request.delivery_key] = reply;
        done(std::move(reply));
    }

private:
    Reply run_line(const Caller& caller, const std::string& line) {
        runs.push_back(
            {caller, line,
             std::string(platform_name(caller.member.platform())) + ":" + std::string(caller.member.tenant()) + ":"});
        if (line.rfind("/profile set bio:", 0) == 0) {
            bios[caller.member_id()] = line.substr(17);
            return Reply::private_text("Profile saved.");
        }
        if (line == "/profile show") {
            auto found = bios.find(caller.member_id());
            return Reply::private_text(found == bios.end() ? "No profile yet." : "Bio: " + found->second);
        }
        if (line.rfind("/flash request", 0) == 0) {
            Reply reply;
            reply.is_public = true;
            reply.response.text = mention("slack:T1:U1") + " asks for help with kubernetes & helm";
            reply.response.buttons.push_back({"Accept", "/flash accept 12"});
            reply.response.buttons.push_back({"Decline", "/flash decline 12"});
            return reply;
        }
        if (line.rfind("/flash accept", 0) == 0) {
            Reply reply = Reply::private_text("You accepted request 12.");
            reply.outbound.push_back({Destination::member("slack:T1:U1"), {"Your request was accepted.", {}}, 0});
            return reply;
        }
        // As the app answers a bug of its own: the apology with an error id.
        if (line == "/boom") return Reply::private_text(internal_error_text("E-0badc0de"));
        return Reply::private_text("ran: " + line);
    }
};

// Quick timings so scenarios finish in well under a second each.
inline slack::SocketModeOptions fast_socket_mode_options() {
    slack::SocketModeOptions options;
    options.socket.ping_interval = std::chrono::milliseconds(100);
    options.socket.pong_timeout = std::chrono::milliseconds(600);
    options.socket.idle_timeout = std::chrono::seconds(2);
    options.socket.max_message_bytes = 64 * 1024;
    options.hello_timeout = std::chrono::seconds(2);
    options.backoff_initial = std::chrono::milliseconds(50);
    options.backoff_max = std::chrono::milliseconds(400);
    return options;
}

struct SlackHarness {
    boost::asio::io_context io;
    TempDirectory dir;
    TestCertificates certificates = TestCertificates::generate();
    TrustedCaFile trusted{certificates.write_ca_file(dir.path())};
    std::unique_ptr<FakeSlack> slack;
    RecordingCommands commands;
    std::shared_ptr<boost::asio::ssl::context> tls;
    std::unique_ptr<slack::WebApiClient> api;
    std::unique_ptr<slack::EnvelopeHandler> handler;
    std::shared_ptr<slack::SocketModeClient> client;
    std::vector<std::string> fatal_reasons;
    std::function<void()> after_command;

    explicit SlackHarness(slack::SocketModeOptions options = fast_socket_mode_options(),
                          const TestCertificates* server_certificates = nullptr, std::string app_token = fake_app_token,
                          CommandService* service = nullptr) {
        CommandService& runner = service ? *service : commands;
        slack = std::make_unique<FakeSlack>(io, server_certificates ? *server_certificates : certificates);
        slack->start();
        tls = net::make_client_tls_context();
        slack::WebApiOptions api_options;
        api_options.retry_initial = std::chrono::milliseconds(50);
        api_options.retry_max = std::chrono::milliseconds(200);
        api = std::make_unique<slack::WebApiClient>(io.get_executor(), tls, slack->api_base_url(), fake_bot_token,
                                                    api_options);
        handler = std::make_unique<slack::EnvelopeHandler>(runner, [this](const std::string& url, nlohmann::json body) {
            boost::asio::co_spawn(io, api->post_to_response_url(url, std::move(body)), boost::asio::detached);
        });
        handler->set_web_api([this](const std::string& method, nlohmann::json arguments) {
            boost::asio::co_spawn(io, api->call(method, std::move(arguments), ""), boost::asio::detached);
        });
        client = slack::SocketModeClient::create(
            io.get_executor(), tls, slack->api_base_url(), std::move(app_token),
            [this](const nlohmann::json& envelope, slack::SocketModeClient::AckSender send_ack) {
                handler->handle(envelope, [this, send_ack = std::move(send_ack)](std::string ack) {
                    send_ack(std::move(ack));
                    if (after_command) after_command();
                });
            },
            options);
        client->on_fatal([this](const std::string& reason) { fatal_reasons.push_back(reason); });
    }

    ~SlackHarness() {
        client->stop();
        run_for(io, std::chrono::milliseconds(30));
        slack->stop();
        run_for(io, std::chrono::milliseconds(30));
    }

    bool wait_for(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        return run_until(io, done, timeout);
    }
    bool start_and_wait_ready() {
        client->start();
        // Ready means the client has finished its connecting step too: it counts the
        // connection a moment before it leaves the connecting state.
        return wait_for([&] {
            return client->ready_connections() == 1 && slack->live_connection() != nullptr &&
                   client->state() == slack::SocketModeState::connected;
        });
    }
    bool acked(const std::string& envelope_id) { return !slack->acks_for(envelope_id).empty(); }
};

}  // namespace mentorbot::testing

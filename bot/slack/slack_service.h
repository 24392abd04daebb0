// Wires the Slack pieces together and runs mentorbot on Slack with its settings: start, stop.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "bot/command_service.h"
#include "bot/slack/app_home.h"
#include "bot/slack/envelope_handler.h"
#include "bot/slack/slack_transport.h"
#include "bot/slack/socket_mode_client.h"
#include "bot/slack/web_api.h"
#include "config/slack_settings.h"

namespace mentorbot {
class App;
}

namespace mentorbot::slack {

// The Slack transport on one io_context: Socket Mode in, Web API out. Everything runs
// on that context's thread, the same one that runs the app, so commands stay serial.
class SlackService {
public:
    // `after_command` runs (posted, so after the ack is on its way) once envelopes were
    // answered: the app uses it to deliver the outbox at once.
    SlackService(boost::asio::io_context& io, CommandService& commands, SlackSettings settings,
                 std::function<void()> after_command = {}, SocketModeOptions options = {});
    ~SlackService();

    Transport& transport() { return transport_; }
    SocketModeClient& socket_mode() { return *socket_mode_; }
    WebApiClient& web_api() { return web_api_; }

    // Turns on the Home tab: a member who opens it gets their Home from `source`, refreshed
    // when their commands, button presses or direct messages change it (see AppHome).
    void enable_app_home(AppHome::ViewSource source, AppHomeOptions options = {});
    AppHome* app_home() { return home_.get(); }

    void on_fatal(std::function<void(const std::string&)> handler) { socket_mode_->on_fatal(std::move(handler)); }
    void start() { socket_mode_->start(); }
    void stop() { socket_mode_->stop(); }

private:
    boost::asio::io_context& io_;
    SlackSettings settings_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    WebApiClient web_api_;
    EnvelopeHandler handler_;
    SlackTransport transport_;
    std::function<void()> after_command_;
    bool after_command_posted_ = false;
    std::unique_ptr<AppHome> home_;
    std::shared_ptr<SocketModeClient> socket_mode_;

    void schedule_after_command();
};

}  // namespace mentorbot::slack

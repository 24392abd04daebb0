// Slack startup: the service object and the event loop mentorbot runs on when on Slack.
#include "bot/slack/slack_service.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "bot/app.h"
#include "bot/net/tls.h"

namespace mentorbot::slack {

namespace asio = boost::asio;

SlackService::SlackService(asio::io_context& io, CommandService& commands, SlackSettings settings,
                           std::function<void()> after_command, SocketModeOptions options)
    : io_(io),
      settings_(std::move(settings)),
      tls_(net::make_client_tls_context()),
      web_api_(io.get_executor(), tls_, settings_.api_base_url, settings_.bot_token),
      handler_(commands,
               [this](const std::string& url, nlohmann::json body) {
                   asio::co_spawn(web_api_.executor(), web_api_.post_to_response_url(url, std::move(body)),
                                  [url](std::exception_ptr, WebApiResult result) {
                                      if (!result.ok && !result.stopped) {
                                          spdlog::warn("slack: reply to a response_url failed: {}", result.error);
                                      }
                                  });
               }),
      transport_(web_api_),
      after_command_(std::move(after_command)) {
    socket_mode_ = SocketModeClient::create(
        io.get_executor(), tls_, settings_.api_base_url, settings_.app_token,
        [this](const nlohmann::json& envelope, SocketModeClient::AckSender send_ack) {
            handler_.handle(envelope, [this, send_ack = std::move(send_ack)](std::string ack) {
                send_ack(std::move(ack));
                schedule_after_command();
            });
            // After handle(): a Home is read (later) only once the command is in.
            if (home_) home_->observe(envelope);
        },
        options);
    transport_.set_connected_check([this] { return socket_mode_->ready_connections() > 0; });
    // A button on the Home tab has no message to answer under: the answer goes to the member's
    // DMs (the app's Messages tab), like any other message of the bot's.
    handler_.reply_directly_with([this](const MemberId& member, Message message) {
        transport_.deliver({Destination::member(member.str()), std::move(message), 0},
                           [member](DeliveryOutcome outcome) {
                               if (!outcome.delivered)
                                   spdlog::warn("slack: the answer to {}'s Home button was not delivered: {}",
                                                member.str(), outcome.error);
                           });
    });
}

void SlackService::enable_app_home(AppHome::ViewSource source, AppHomeOptions options) {
    home_ = std::make_unique<AppHome>(web_api_, std::move(source), options);
    transport_.on_direct_message([this](const MemberId& member) { home_->changed(member); });
}

SlackService::~SlackService() {
    socket_mode_->stop();
    // Its publishes complete as stopped once the Web API client goes; no timer outlives it.
    home_.reset();
}

void SlackService::schedule_after_command() {
    // Once per burst of acks, not once per ack: a batch of answers needs one outbox run.
    if (!after_command_ || after_command_posted_) return;
    after_command_posted_ = true;
    asio::post(io_, [this] {
        after_command_posted_ = false;
        after_command_();
    });
}

}  // namespace mentorbot::slack

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
        },
        options);
    transport_.set_connected_check([this] { return socket_mode_->ready_connections() > 0; });
    handler_.set_web_api([this](const std::string& method, nlohmann::json arguments) {
        asio::co_spawn(web_api_.executor(), web_api_.call(method, std::move(arguments), ""),
                       [method](std::exception_ptr, WebApiResult result) {
                           if (!result.ok && !result.stopped)
                               spdlog::warn("slack: {} failed: {}", method, result.error);
                       });
    });
}

SlackService::~SlackService() { socket_mode_->stop(); }

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

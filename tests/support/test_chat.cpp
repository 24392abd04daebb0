// The scenario-test chat: wires the real app to a recording transport.
#include "tests/support/test_chat.h"

#include <date/date.h>

#include "bot/clock_travel.h"
#include "bot/demo_organisation.h"
#include "tests/support/callers.h"

namespace mentorbot::testing {

void RecordingTransport::deliver(const OutboundMessage& message, std::function<void(DeliveryOutcome)> done) {
    ++attempts;
    if (failing) {
        done({false, true, "test transport is failing"});
        return;
    }
    delivered.push_back(message);
    done({true, false, {}});
}

Config serving_every_tenant(Config config) {
    config.slack_workspaces = {std::string(every_tenant)};
    config.discord_servers = {std::string(every_tenant)};
    return config;
}

TestChat::TestChat(bool demo, Config config)
    : database_path_(directory_.file("mentorbot.db")),
      config_(std::move(config)),
      clock_(Seconds{date::sys_days{date::year{2026} / 11 / 26}} + std::chrono::hours{9}) {
    database_ = std::make_unique<Database>(database_path_);
    if (demo) load_demo_organisation(*database_, config_, to_unix(clock_.now()));
    app_ = std::make_unique<App>(*database_, config_, clock_);
    app_->add_transport(transport_);
}

void TestChat::settle() { settle_due_work(*app_); }

Reply TestChat::run(const std::string& who, const std::string& line) {
    Reply reply = app_->run(text_request(console_caller(who, "console:local:#general"), line));
    settle();
    return reply;
}

std::vector<OutboundMessage> TestChat::take_deliveries() {
    std::vector<OutboundMessage> fresh(transport_.delivered.begin() + static_cast<std::ptrdiff_t>(taken_),
                                       transport_.delivered.end());
    taken_ = transport_.delivered.size();
    return fresh;
}

std::vector<Message> TestChat::messages_for(const std::string& who) {
    std::vector<Message> messages;
    for (const auto& delivery : take_deliveries()) {
        if (delivery.destination.target == console_member(who)) messages.push_back(delivery.message);
    }
    return messages;
}

void TestChat::advance(std::chrono::seconds by) { advance_through_due_work(*app_, clock_, by); }

void TestChat::jump(std::chrono::seconds by) {
    clock_.advance(by);
    settle();
}

void TestChat::restart() {
    app_.reset();
    database_.reset();
    database_ = std::make_unique<Database>(database_path_);
    app_ = std::make_unique<App>(*database_, config_, clock_);
    app_->add_transport(transport_);
}

}  // namespace mentorbot::testing

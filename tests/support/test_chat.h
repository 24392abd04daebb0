// A chat for scenario tests: real app, real SQLite file, a clock the test moves, recorded deliveries.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "bot/app.h"
#include "domain/clock.h"
#include "storage/database.h"
#include "tests/support/callers.h"
#include "tests/support/console_members.h"
#include "tests/support/temp_directory.h"

namespace mentorbot::testing {

// Records what the app delivers to console members and channels; can be told to fail.
class RecordingTransport final : public Transport {
public:
    Platform platform() const override { return Platform::console; }
    void deliver(const OutboundMessage& message, std::function<void(DeliveryOutcome)> done) override;

    std::vector<OutboundMessage> delivered;
    // While set, every delivery fails with a retryable error.
    bool failing = false;
    int attempts = 0;
};

// `config` serving every Slack workspace and Discord server, for tests of several tenants
// side by side (by default only the first of each platform to use the bot is served).
Config serving_every_tenant(Config config = default_config());

class TestChat {
public:
    // A fresh database in a temp dir; with `demo`, the demo organisation is loaded.
    // The clock starts on Thursday 2026-11-26 09:00 UTC.
    explicit TestChat(bool demo = true, Config config = default_config());

    // Runs `line` as console member `who` ("ana") and delivers the outbox.
    Reply run(const std::string& who, const std::string& line);
    // The messages delivered to others since the last call, oldest first.
    std::vector<OutboundMessage> take_deliveries();
    // Delivered messages for one console member ("ben") since the last take.
    std::vector<Message> messages_for(const std::string& who);
    // Lives through `by`: each job runs at its own due time on the way, and its messages go out.
    void advance(std::chrono::seconds by);
    // Moves the clock in one leap, as if the bot had been down meanwhile, then runs what is due.
    void jump(std::chrono::seconds by);
    // Closes and reopens the database and the app, as a restart of the process would.
    void restart();

    App& app() { return *app_; }
    Database& database() { return *database_; }
    ManualClock& clock() { return clock_; }
    RecordingTransport& transport() { return transport_; }
    const std::string& database_path() const { return database_path_; }

private:
    void settle();

    TempDirectory directory_;
    std::string database_path_;
    Config config_;
    ManualClock clock_;
    RecordingTransport transport_;
    std::unique_ptr<Database> database_;
    std::unique_ptr<App> app_;
    std::size_t taken_ = 0;
};

}  // namespace mentorbot::testing

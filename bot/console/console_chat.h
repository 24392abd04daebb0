// The console transport: a terminal chat where you type slash commands as any demo user.
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "bot/app.h"
#include "bot/transport.h"
#include "domain/clock.h"

namespace mentorbot {

class ConsoleChat final : public Transport {
public:
    // `interactive`: a person at a terminal (prompts); otherwise a script whose lines are
    // echoed as "name> /command" so the transcript reads like the chat.
    ConsoleChat(App& app, SystemClock& clock, std::istream& input, std::ostream& output, bool interactive);

    // Reads commands until :quit or end of input. Returns the process exit code.
    int run();

    Platform platform() const override { return Platform::console; }
    void deliver(const OutboundMessage& message, std::function<void(DeliveryOutcome)> done) override;

private:
    void handle_line(const std::string& line);
    void handle_console_command(const std::string& line);
    void after_command();
    void set_time(const std::string& text);
    // `reader`: the console member who sees it, whose :choose then picks among its selects.
    void print_message(const std::string& heading, const Message& message, const std::string& reader = {});
    void choose(const std::string& number);
    void show_home();
    std::string render(const std::string& text) const;

    App& app_;
    SystemClock& clock_;
    std::istream& input_;
    std::ostream& output_;
    bool interactive_;
    bool quit_ = false;
    std::string current_user_ = "ana";
    // The options of the selects each member was shown last, numbered from 1 in order.
    std::map<std::string, std::vector<Button>> last_options_;
};

}  // namespace mentorbot

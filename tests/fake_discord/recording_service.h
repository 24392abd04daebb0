// A CommandService for Discord tests: records every call and answers with a scripted reply.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "bot/command_service.h"

namespace mentorbot::testing {

class RecordingService : public CommandService {
public:
    struct Call {
        Caller caller;
        std::string text;  // run_text: the command line
        std::string command;
        std::string subcommand;
        std::vector<std::pair<std::string, std::string>> options;
        std::string prefix;
        std::string delivery_key;  // the *_once variants only
    };
    std::vector<Call> calls;
    // Builds the reply; by default a private echo of what was run.
    std::function<Reply(const Call&)> answer = [](const Call& call) {
        return Reply::private_text("ran " + (call.text.empty() ? call.command + " " + call.subcommand : call.text));
    };

    Reply run_text(const Caller& caller, std::string_view command_line, const std::string& prefix) override {
        calls.push_back(Call{caller, std::string(command_line), {}, {}, {}, prefix, {}});
        return answer(calls.back());
    }
    Reply run_options(const Caller& caller, const std::string& command, const std::string& subcommand,
                      const std::vector<std::pair<std::string, std::string>>& options,
                      const std::string& prefix) override {
        calls.push_back(Call{caller, {}, command, subcommand, options, prefix, {}});
        return answer(calls.back());
    }
    Reply run_text_once(const std::string& delivery_key, const Caller& caller, std::string_view command_line,
                        const std::string& prefix) override {
        calls.push_back(Call{caller, std::string(command_line), {}, {}, {}, prefix, delivery_key});
        return answer(calls.back());
    }
    Reply run_options_once(const std::string& delivery_key, const Caller& caller, const std::string& command,
                           const std::string& subcommand,
                           const std::vector<std::pair<std::string, std::string>>& options,
                           const std::string& prefix) override {
        calls.push_back(Call{caller, {}, command, subcommand, options, prefix, delivery_key});
        return answer(calls.back());
    }
};

}  // namespace mentorbot::testing

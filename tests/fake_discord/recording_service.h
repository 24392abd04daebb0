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
        std::string text;  // a command line (a button); empty for typed options
        std::string command;
        std::string subcommand;
        std::vector<std::pair<std::string, std::string>> options;
        std::string prefix;  // the caller's tenant as its member ids start: "discord:G1:"
        std::string delivery_key;
    };
    std::vector<Call> calls;
    // Builds the reply; by default a private echo of what was run.
    std::function<Reply(const Call&)> answer = [](const Call& call) {
        return Reply::private_text("ran " + (call.text.empty() ? call.command + " " + call.subcommand : call.text));
    };

    void dispatch(CommandRequest request, Completion done) override {
        Call call;
        call.caller = request.caller;
        call.prefix = std::string(platform_name(request.caller.member.platform())) + ":" +
                      std::string(request.caller.member.tenant()) + ":";
        call.delivery_key = request.delivery_key;
        if (const auto* line = std::get_if<TextLine>(&request.input)) {
            call.text = line->line;
        } else {
            const auto& typed = std::get<TypedOptions>(request.input);
            call.command = typed.command;
            call.subcommand = typed.subcommand;
            call.options = typed.options;
        }
        calls.push_back(std::move(call));
        done(answer(calls.back()));
    }
};

}  // namespace mentorbot::testing

// The synchronous form of the seam, built on dispatch.
#include "bot/command_service.h"

#include <optional>
#include <stdexcept>

namespace mentorbot {

Reply CommandService::run(CommandRequest request) {
    request.commit = CommitPolicy::before_reply;
    std::optional<Reply> answer;
    dispatch(std::move(request), [&answer](Reply reply) { answer = std::move(reply); });
    if (!answer) throw std::logic_error("a command committed before its reply did not complete at once");
    return std::move(*answer);
}

}  // namespace mentorbot

// The one seam between transports and the app: a request in, one completion with the reply out.
#pragma once

#include <functional>

#include "model/command_request.h"
#include "model/reply.h"

namespace mentorbot {

// Implemented by the app (and by fakes in transport tests). A transport turns what the
// platform sent into a CommandRequest and shows the Reply it gets back; parsing,
// permissions, rate limits, running a delivery only once, transactions and the apology
// for a bug of ours all happen behind this seam.
class CommandService {
public:
    using Completion = std::function<void(Reply)>;
    virtual ~CommandService() = default;

    // Runs the request and calls `done` exactly once with the reply, after the command's
    // effects and its outbound messages are committed: before dispatch returns for
    // CommitPolicy::before_reply, possibly a moment later for may_share_commit (on the
    // executor the app commits on). Never throws.
    virtual void dispatch(CommandRequest request, Completion done) = 0;

    // Dispatches with CommitPolicy::before_reply and returns the reply, for callers that
    // answer at once (the console, tests).
    Reply run(CommandRequest request);
};

}  // namespace mentorbot

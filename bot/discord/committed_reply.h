// The reply to an interaction's command, awaited until the commit it shares with others makes it true.
#pragma once

#include <memory>
#include <optional>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "bot/command_service.h"
#include "model/reply.h"

namespace mentorbot::discord {

// A command dispatched with CommitPolicy::may_share_commit is answered during dispatch
// when it changed nothing, or later, when the batch it joined commits (or fails, with the
// apology). The reply waits here until the coroutine that answers the interaction takes it.
class CommittedReply {
public:
    // `executor` is where the waiting coroutine resumes: the transport's.
    explicit CommittedReply(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

    // The completion to hand CommandService::dispatch; it keeps `waiting` alive until called.
    static CommandService::Completion completion(std::shared_ptr<CommittedReply> waiting);
    // The reply, when dispatch already gave it.
    std::optional<Reply> take_now();
    // Resumes with the reply once it comes. Only the completion holds `waiting` meanwhile,
    // so a completion dropped unanswered (the app going away) ends the coroutine too.
    static boost::asio::awaitable<Reply> later(std::shared_ptr<CommittedReply> waiting);

private:
    void arrive(Reply reply);

    boost::asio::any_io_executor executor_;
    std::optional<Reply> reply_;
    std::optional<boost::asio::any_completion_handler<void(Reply)>> resume_;
};

}  // namespace mentorbot::discord

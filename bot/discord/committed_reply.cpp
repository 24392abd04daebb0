// Hands a reply released by a shared commit to the coroutine waiting for it, on the transport's executor.
#include "bot/discord/committed_reply.h"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mentorbot::discord {

namespace asio = boost::asio;

CommandService::Completion CommittedReply::completion(std::shared_ptr<CommittedReply> waiting) {
    return [waiting = std::move(waiting)](Reply reply) { waiting->arrive(std::move(reply)); };
}

std::optional<Reply> CommittedReply::take_now() {
    std::optional<Reply> reply = std::move(reply_);
    reply_.reset();
    return reply;
}

asio::awaitable<Reply> CommittedReply::later(std::shared_ptr<CommittedReply> waiting) {
    // Not a coroutine itself: `waiting` moves into the initiation, which keeps only the
    // handler, so no coroutine frame holds the object that holds that frame's handler.
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(Reply)>(
        [](auto handler, std::shared_ptr<CommittedReply> waiting) {
            if (waiting->reply_) {
                Reply reply = std::move(*waiting->reply_);
                waiting->reply_.reset();
                asio::post(waiting->executor_, [handler = std::move(handler), reply = std::move(reply)]() mutable {
                    std::move(handler)(std::move(reply));
                });
                return;
            }
            waiting->resume_.emplace(std::move(handler));
        },
        asio::use_awaitable, std::move(waiting));
}

void CommittedReply::arrive(Reply reply) {
    if (!resume_) {
        reply_ = std::move(reply);
        return;
    }
    // Never inside the commit that released it: the answer goes on from the loop.
    auto resume = std::move(*resume_);
    resume_.reset();
    asio::post(executor_, [resume = std::move(resume), reply = std::move(reply)]() mutable {
        std::move(resume)(std::move(reply));
    });
}

}  // namespace mentorbot::discord

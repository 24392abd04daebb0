// The open batch of group commit: its timer, its savepoints and the replies that wait for it.
#include "bot/group_commit.h"

#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bot/metrics.h"

namespace mentorbot {

namespace {

// A batch commits early once this many answers wait for it, so no answer waits on an
// endless batch during a long burst.
constexpr std::size_t max_held_replies = 256;

}  // namespace

struct GroupCommit::Timer {
    explicit Timer(boost::asio::any_io_executor executor) : timer(std::move(executor)) {}
    boost::asio::steady_timer timer;
};

GroupCommit::GroupCommit(Database& database, InternalErrors& internal_errors, Listener listener)
    : database_(database), internal_errors_(internal_errors), listener_(std::move(listener)) {}

GroupCommit::~GroupCommit() {
    held_replies_.clear();
    if (!batch_) return;
    try {
        batch_->commit();
    } catch (const std::exception& error) {
        spdlog::error("commit at exit failed: {}", error.what());
    }
}

void GroupCommit::enable(boost::asio::any_io_executor executor, std::chrono::microseconds window) {
    commit();
    timer_ = std::make_unique<Timer>(std::move(executor));
    window_ = window;
}

void GroupCommit::disable() {
    commit();
    timer_.reset();
}

void GroupCommit::keep_open(UnitOfWork transaction) {
    batch_.emplace(std::move(transaction));
    timer_->timer.expires_after(window_);
    timer_->timer.async_wait([this](boost::system::error_code error) {
        if (!error) commit();
    });
}

void GroupCommit::hold(std::function<void(Reply)> done, Reply reply) {
    held_replies_.push_back({std::move(done), std::move(reply)});
    if (held_replies_.size() >= max_held_replies) commit();
}

GroupCommit::Result GroupCommit::commit() {
    if (!batch_) return {};
    std::optional<UnitOfWork> batch = std::move(batch_);
    batch_.reset();
    if (timer_) timer_->timer.cancel();
    database_.release_statements();
    Result result;
    const auto commit_started = std::chrono::steady_clock::now();
    try {
        batch->commit();
        metrics().observe(metric::commit_seconds, {},
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - commit_started).count());
        metrics().add(metric::commits);
    } catch (const std::exception& error) {
        result.committed = false;
        result.error_id =
            internal_errors_.record(fmt::format("committing {} commands failed; none of them took effect: {}",
                                                held_replies_.size(), error.what()),
                                    static_cast<long long>(held_replies_.size()));
        batch->rollback();
        if (listener_.lost) listener_.lost();
    }
    std::vector<HeldReply> held = std::move(held_replies_);
    held_replies_.clear();
    for (HeldReply& waiting : held) {
        waiting.release(result.committed ? std::move(waiting.reply) : internal_error_reply(result.error_id));
    }
    if (result.committed && listener_.committed) listener_.committed();
    return result;
}

void GroupCommit::write_soon(const std::function<void()>& change) {
    if (batch_) {
        UnitOfWork savepoint = UnitOfWork::savepoint(database_, "change");
        change();
        savepoint.commit();
        return;
    }
    UnitOfWork transaction = UnitOfWork::transaction(database_, UnitOfWork::Lock::immediate);
    change();
    if (enabled()) {
        keep_open(std::move(transaction));
        return;
    }
    transaction.commit();
}

}  // namespace mentorbot

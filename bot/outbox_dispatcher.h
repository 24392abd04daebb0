// Hands due outbox deliveries to the transport of their platform and records how each went.
#pragma once

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "bot/group_commit.h"
#include "bot/transport.h"
#include "domain/clock.h"
#include "storage/database.h"

namespace mentorbot {

// The outbox is written in the same transaction as the command that queued the message;
// this sends what is due, at least once: a delivery whose outcome is lost in a crash is
// sent again. Failures are retried with exponential backoff.
//
// Recording an outcome may fail (another process holds the write lock, the disk is
// full). The outcome is then kept in memory and written again later, with backoff, from
// the event loop; the delivery stays "in flight" meanwhile, so it is not sent twice, and
// nothing escapes into the transport that reported it.
class OutboxDispatcher {
public:
    OutboxDispatcher(Database& database, const Clock& clock, GroupCommit& group_commit);
    ~OutboxDispatcher();

    void add_transport(Transport& transport) { transports_.push_back(&transport); }
    const std::vector<Transport*>& transports() const { return transports_; }

    // Hands every due delivery to its transport; while a batch is open its messages are
    // not durable yet, so this waits for the batch's commit (see batch_committed).
    void deliver();
    // The open batch committed: the outcomes in it are durable; deliver if that was asked
    // for while it was open.
    void batch_committed();
    // The open batch was rolled back: the outcomes written into it are recorded again.
    void batch_lost();

    // Outcomes that could not be written yet are retried by a timer on `executor` (else
    // at the next deliver()). Call stop_retries() before that executor's io_context goes.
    void retry_on(boost::asio::any_io_executor executor);
    void stop_retries();
    // Outcomes waiting for the database (for tests and the log).
    std::size_t unrecorded() const { return unrecorded_.size(); }

private:
    struct Outcome {
        long long id = 0;
        int attempts = 0;
        std::string target;
        DeliveryOutcome outcome;
        long long finished_at = 0;
    };
    struct RetryTimer;

    Transport* transport_for(const std::string& target);
    // Keeps a delivery's outcome and writes it at once if the database lets it.
    void record(Outcome outcome);
    // Writes every unrecorded outcome in one change; on failure keeps them and schedules
    // the next try. `now_anyway` ignores the backoff (the timer fired).
    void write_unrecorded(bool now_anyway);
    void write(const Outcome& outcome);
    void schedule_retry();

    Database& database_;
    const Clock& clock_;
    GroupCommit& group_commit_;
    std::vector<Transport*> transports_;
    // Deliveries handed to a transport whose outcome is not durable yet.
    std::set<long long> in_flight_;
    // Outcomes not written yet, and outcomes written into the open batch.
    std::vector<Outcome> unrecorded_;
    std::vector<Outcome> in_batch_;
    // Failed writes in a row, and when the next may be tried.
    int write_failures_ = 0;
    std::chrono::steady_clock::time_point next_write_{};
    std::unique_ptr<RetryTimer> retry_timer_;
    // deliver() was asked for while a batch was open.
    bool wanted_after_batch_ = false;
};

}  // namespace mentorbot

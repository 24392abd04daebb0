// Hands due outbox deliveries to the transport of their platform and records how each went.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "bot/group_commit.h"
#include "bot/transport.h"
#include "domain/clock.h"
#include "storage/database.h"

namespace mentorbot {

// The outbox is written in the same transaction as the command that queued the message;
// this sends what is due, at least once: a delivery whose outcome is lost in a crash is
// sent again. Failures are retried with exponential backoff.
class OutboxDispatcher {
public:
    OutboxDispatcher(Database& database, const Clock& clock, GroupCommit& group_commit);

    void add_transport(Transport& transport) { transports_.push_back(&transport); }
    const std::vector<Transport*>& transports() const { return transports_; }

    // Hands every due delivery to its transport; while a batch is open its messages are
    // not durable yet, so this waits for the batch's commit (see batch_committed).
    void deliver();
    // The open batch committed: deliver if that was asked for while it was open.
    void batch_committed();

private:
    Transport* transport_for(const std::string& target);
    // Records a delivery's outcome; it joins the open batch, if any.
    void record(long long id, int attempts, const std::string& target, const DeliveryOutcome& outcome);

    Database& database_;
    const Clock& clock_;
    GroupCommit& group_commit_;
    std::vector<Transport*> transports_;
    // Deliveries handed to a transport whose outcome has not come back yet.
    std::set<long long> in_flight_;
    // deliver() was asked for while a batch was open.
    bool wanted_after_batch_ = false;
};

}  // namespace mentorbot

// The durable outbox: messages for members and channels, delivered after commit, retried.
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "model/reply.h"
#include "storage/database.h"

namespace mentorbot {

struct PendingDelivery {
    long long id = 0;
    OutboundMessage message;
    int attempts = 0;
};

class OutboxStore {
public:
    explicit OutboxStore(Database& database) : database_(database) {}

    // Returns the delivery id, or 0 when the message has no address (a forgotten member).
    long long enqueue(const OutboundMessage& message, long long now);
    std::vector<PendingDelivery> due(long long now, int limit = 200);
    void mark_sent(long long delivery_id, long long now);
    // Retries later, or marks the delivery failed for good.
    void mark_attempt_failed(long long delivery_id, const std::string& error, long long retry_at, bool give_up);
    long long pending_count();
    // Direct messages queued for the member at or after `since` (Unix seconds), sent or not.
    // Both counts are kept in memory between commands (RecentDirectMessagesCache).
    int direct_messages_since(const std::string& member_id, long long since);
    // Members with at least `at_least` direct messages queued at or after `since`.
    std::unordered_set<std::string> members_with_direct_messages_since(long long since, int at_least);

private:
    Database& database_;
};

}  // namespace mentorbot

// Outbox table access; a message is stored in the one form storage/message_codec writes.
#include "storage/outbox_store.h"

#include "storage/message_codec.h"
#include "storage/recent_direct_messages_cache.h"

namespace mentorbot {

long long OutboxStore::enqueue(const OutboundMessage& message, long long now) {
    // A member who asked to be forgotten has no address left: there is nobody to tell.
    if (message.destination.target.empty()) return 0;
    auto& insert = database_.prepare(
        "INSERT INTO outbox (destination_kind, target, message, announcement_id, next_attempt_at, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, message.destination.kind == Destination::Kind::channel ? "channel" : "direct");
    insert.bind(2, message.destination.target);
    insert.bind(3, encode_message(message.message));
    if (message.announcement_id != 0) insert.bind(4, static_cast<int64_t>(message.announcement_id));
    else insert.bind(4);
    insert.bind(5, static_cast<int64_t>(now));
    insert.bind(6, static_cast<int64_t>(now));
    insert.exec();
    return database_.last_insert_id();
}

std::vector<PendingDelivery> OutboxStore::due(long long now, int limit) {
    auto& query = database_.prepare(
        "SELECT id, destination_kind, target, message, COALESCE(announcement_id, 0), attempts FROM outbox "
        "WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?");
    query.bind(1, static_cast<int64_t>(now));
    query.bind(2, limit);
    std::vector<PendingDelivery> deliveries;
    while (query.executeStep()) {
        PendingDelivery delivery;
        delivery.id = query.getColumn(0).getInt64();
        delivery.message.destination.kind = query.getColumn(1).getString() == "channel"
                                                ? Destination::Kind::channel
                                                : Destination::Kind::direct_message;
        delivery.message.destination.target = query.getColumn(2).getString();
        delivery.message.message = decode_message(query.getColumn(3).getString());
        delivery.message.announcement_id = query.getColumn(4).getInt64();
        delivery.attempts = query.getColumn(5).getInt();
        deliveries.push_back(std::move(delivery));
    }
    return deliveries;
}

void OutboxStore::mark_sent(long long delivery_id, long long now) {
    auto& update = database_.prepare(
        "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?");
    update.bind(1, static_cast<int64_t>(now));
    update.bind(2, static_cast<int64_t>(delivery_id));
    update.exec();
}

void OutboxStore::mark_attempt_failed(long long delivery_id, const std::string& error, long long retry_at,
                                      bool give_up) {
    auto& update = database_.prepare("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, "
                                     "status = CASE WHEN ? THEN 'failed' ELSE 'pending' END WHERE id = ?");
    update.bind(1, error);
    update.bind(2, static_cast<int64_t>(retry_at));
    update.bind(3, give_up ? 1 : 0);
    update.bind(4, static_cast<int64_t>(delivery_id));
    update.exec();
}

long long OutboxStore::pending_count() {
    auto& query = database_.prepare("SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
    query.executeStep();
    return query.getColumn(0).getInt64();
}

int OutboxStore::direct_messages_since(const std::string& member_id, long long since) {
    return database_.attached<RecentDirectMessagesCache>().count_since(member_id, since);
}

std::unordered_set<std::string> OutboxStore::members_with_direct_messages_since(long long since, int at_least) {
    return database_.attached<RecentDirectMessagesCache>().members_with_at_least(since, at_least);
}

}  // namespace mentorbot

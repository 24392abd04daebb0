// Stores, finds and prunes run-once records; the reply is kept as JSON.
#include "storage/delivery_store.h"

#include "storage/message_codec.h"

namespace mentorbot {

std::optional<Reply> DeliveryStore::find(const std::string& delivery_key) {
    auto& query = database_.prepare("SELECT reply FROM processed_deliveries WHERE delivery_key = ?");
    query.bind(1, delivery_key);
    if (!query.executeStep()) return std::nullopt;
    Reply reply = decode_reply(query.getColumn(0).getString());
    query.reset();
    return reply;
}

void DeliveryStore::save(const std::string& delivery_key, const Reply& reply, long long now) {
    auto& insert = database_.prepare(
        "INSERT OR REPLACE INTO processed_deliveries (delivery_key, reply, seen_at) VALUES (?, ?, ?)");
    insert.bind(1, delivery_key);
    insert.bind(2, encode_reply(reply));
    insert.bind(3, static_cast<int64_t>(now));
    insert.exec();
}

int DeliveryStore::prune(long long cutoff) {
    auto& remove = database_.prepare("DELETE FROM processed_deliveries WHERE seen_at < ?");
    remove.bind(1, static_cast<int64_t>(cutoff));
    return remove.exec();
}

}  // namespace mentorbot

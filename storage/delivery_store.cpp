// Stores, finds and prunes run-once records; the reply is kept as JSON.
#include "storage/delivery_store.h"

#include "util/json_writer.h"

#include <nlohmann/json.hpp>

namespace mentorbot {

namespace {

// {"public": bool, "text": "…", "buttons": [[label, command line], …]}; written
// directly, since every command that changes something stores one.
std::string reply_to_json(const Reply& reply) {
    JsonWriter json;
    json.begin_object();
    json.key("public");
    json.boolean(reply.is_public);
    json.key("text");
    json.string(reply.response.text);
    json.key("buttons");
    json.begin_array();
    for (const auto& button : reply.response.buttons) {
        json.begin_array();
        json.string(button.label);
        json.string(button.command_line);
        json.end_array();
    }
    json.end_array();
    json.end_object();
    return json.take();
}

Reply reply_from_json(const std::string& text) {
    nlohmann::json json = nlohmann::json::parse(text);
    Reply reply;
    reply.is_public = json.value("public", false);
    reply.response.text = json.value("text", "");
    for (const auto& button : json["buttons"]) reply.response.buttons.push_back({button[0], button[1]});
    return reply;
}

}  // namespace

std::optional<Reply> DeliveryStore::find(const std::string& delivery_key) {
    auto& query = database_.prepare("SELECT reply FROM processed_deliveries WHERE delivery_key = ?");
    query.bind(1, delivery_key);
    if (!query.executeStep()) return std::nullopt;
    Reply reply = reply_from_json(query.getColumn(0).getString());
    query.reset();
    return reply;
}

void DeliveryStore::save(const std::string& delivery_key, const Reply& reply, long long now) {
    auto& insert = database_.prepare(
        "INSERT OR REPLACE INTO processed_deliveries (delivery_key, reply, seen_at) VALUES (?, ?, ?)");
    insert.bind(1, delivery_key);
    insert.bind(2, reply_to_json(reply));
    insert.bind(3, static_cast<int64_t>(now));
    insert.exec();
}

int DeliveryStore::prune(long long cutoff) {
    auto& remove = database_.prepare("DELETE FROM processed_deliveries WHERE seen_at < ?");
    remove.bind(1, static_cast<int64_t>(cutoff));
    return remove.exec();
}

}  // namespace mentorbot

// Run-once records of platform deliveries: the reply to every delivery whose command changed something.
#pragma once

#include <optional>
#include <string>

#include "model/reply.h"
#include "storage/database.h"

namespace mentorbot {

// Keyed by the platform's delivery id ("slack:envelope:…", "discord:interaction:…").
// A record is written in the same transaction as the command's changes, so a delivery
// Slack or Discord sends again after a crash is answered from here instead of running
// twice.
class DeliveryStore {
public:
    explicit DeliveryStore(Database& database) : database_(database) {}

    std::optional<Reply> find(const std::string& delivery_key);
    void save(const std::string& delivery_key, const Reply& reply, long long now);
    // Forgets records older than `cutoff`: platforms re-send within minutes, so an old
    // record is never asked for again. Returns how many went.
    int prune(long long cutoff);

private:
    Database& database_;
};

}  // namespace mentorbot

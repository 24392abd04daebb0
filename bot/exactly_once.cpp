// The memory front and durable back of the run-once rule for platform deliveries.
#include "bot/exactly_once.h"

#include <spdlog/spdlog.h>

#include "storage/delivery_store.h"
#include "storage/unit_of_work.h"

namespace mentorbot {

const Reply* ExactlyOnce::recent(const std::string& delivery_key) const {
    return delivery_key.empty() ? nullptr : recent_.find(delivery_key);
}

std::optional<Reply> ExactlyOnce::recorded(const std::string& delivery_key) {
    if (delivery_key.empty()) return std::nullopt;
    return DeliveryStore(database_).find(delivery_key);
}

void ExactlyOnce::remember(const std::string& delivery_key, const Reply& reply) {
    recent_.remember(delivery_key, reply);
}

void ExactlyOnce::record(const std::string& delivery_key, const Reply& reply, long long now) {
    if (delivery_key.empty()) return;
    DeliveryStore(database_).save(delivery_key, reply, now);
}

void ExactlyOnce::forget_old(long long now) {
    if (!forget_old_due(now)) return;
    next_prune_at_ = now + 60;
    Database::StatementScope statements(database_);
    UnitOfWork work = UnitOfWork::transaction(database_, UnitOfWork::Lock::immediate);
    int pruned = DeliveryStore(database_).prune(now - 24 * 3600);
    work.commit();
    if (pruned > 0) spdlog::debug("forgot {} run-once records older than a day", pruned);
}

}  // namespace mentorbot

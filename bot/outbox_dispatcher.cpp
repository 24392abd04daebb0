// Outbox delivery: routing to transports, in-flight tracking, backoff on failure.
#include "bot/outbox_dispatcher.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "bot/metrics.h"
#include "storage/outbox_store.h"

namespace mentorbot {

namespace {

// Exponential backoff from 30 s up to an hour; a delivery is given up after this many tries.
constexpr int max_delivery_attempts = 8;

long long seconds_before_retry(int attempts_so_far) { return std::min(30LL << std::min(attempts_so_far, 7), 3600LL); }

}  // namespace

OutboxDispatcher::OutboxDispatcher(Database& database, const Clock& clock, GroupCommit& group_commit)
    : database_(database), clock_(clock), group_commit_(group_commit) {}

Transport* OutboxDispatcher::transport_for(const std::string& target) {
    const std::optional<MemberId> destination = MemberId::parse(target);
    if (!destination) return nullptr;
    for (Transport* transport : transports_) {
        if (transport->platform() == destination->platform()) return transport;
    }
    return nullptr;
}

void OutboxDispatcher::batch_committed() {
    if (!wanted_after_batch_) return;
    wanted_after_batch_ = false;
    deliver();
}

void OutboxDispatcher::deliver() {
    if (group_commit_.open()) {
        wanted_after_batch_ = true;
        return;
    }
    Database::StatementScope statements(database_);
    long long now = to_unix(clock_.now());
    for (PendingDelivery& delivery : OutboxStore(database_).due(now)) {
        if (in_flight_.count(delivery.id) != 0) continue;
        const std::string& target = delivery.message.destination.target;
        Transport* transport = transport_for(target);
        if (transport == nullptr) {
            record(delivery.id, delivery.attempts, target, {false, true, "no transport serves " + target});
            continue;
        }
        in_flight_.insert(delivery.id);
        transport->deliver(delivery.message, [this, id = delivery.id, attempts = delivery.attempts, target](
                                                 DeliveryOutcome outcome) { record(id, attempts, target, outcome); });
    }
}

void OutboxDispatcher::record(long long id, int attempts, const std::string& target, const DeliveryOutcome& outcome) {
    in_flight_.erase(id);
    Database::StatementScope statements(database_);
    long long finished_at = to_unix(clock_.now());
    metrics().add(metric::deliveries, {{"outcome", outcome.delivered ? "delivered" : "failed"}});
    // Joins the open batch: a delivery whose record is lost in a crash is sent again,
    // which the outbox already allows for (at least once).
    group_commit_.write_soon([&] {
        OutboxStore outbox(database_);
        if (outcome.delivered) {
            outbox.mark_sent(id, finished_at);
            return;
        }
        int tried = attempts + 1;
        bool give_up = !outcome.retryable || tried >= max_delivery_attempts;
        outbox.mark_attempt_failed(id, outcome.error, finished_at + seconds_before_retry(tried), give_up);
        // The target names the platform ("slack:T…", "discord:G…").
        spdlog::warn("delivery {} to {} failed (attempt {}{}): {}", id, target, tried, give_up ? ", giving up" : "",
                     outcome.error);
    });
}

}  // namespace mentorbot

// Outbox delivery: routing to transports, in-flight tracking, backoff on failure, outcomes kept until written.
#include "bot/outbox_dispatcher.h"

#include <algorithm>

#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "bot/metrics.h"
#include "storage/outbox_store.h"
#include "util/text.h"

namespace mentorbot {

namespace {

// Exponential backoff from 30 s up to an hour; a delivery is given up after this many tries.
constexpr int max_delivery_attempts = 8;

long long seconds_before_retry(int attempts_so_far) { return std::min(30LL << std::min(attempts_so_far, 7), 3600LL); }

// Writing outcomes again: from 100 ms, doubling, up to 5 s (a lock held by an import or a
// shell is usually gone within seconds; a full disk is not, and must not spin).
std::chrono::milliseconds write_backoff(int failures) {
    return std::min(std::chrono::milliseconds(100) * (1 << std::min(failures - 1, 6)), std::chrono::milliseconds(5000));
}

}  // namespace

struct OutboxDispatcher::RetryTimer {
    explicit RetryTimer(boost::asio::any_io_executor executor) : timer(std::move(executor)) {}
    boost::asio::steady_timer timer;
    bool armed = false;
};

OutboxDispatcher::OutboxDispatcher(Database& database, const Clock& clock, GroupCommit& group_commit)
    : database_(database), clock_(clock), group_commit_(group_commit) {}

OutboxDispatcher::~OutboxDispatcher() = default;

Transport* OutboxDispatcher::transport_for(const std::string& target) {
    const std::optional<MemberId> destination = MemberId::parse(target);
    if (!destination) return nullptr;
    for (Transport* transport : transports_) {
        if (transport->platform() == destination->platform()) return transport;
    }
    return nullptr;
}

void OutboxDispatcher::batch_committed() {
    for (const Outcome& outcome : in_batch_) in_flight_.erase(outcome.id);
    in_batch_.clear();
    if (!wanted_after_batch_) return;
    wanted_after_batch_ = false;
    deliver();
}

void OutboxDispatcher::batch_lost() {
    if (in_batch_.empty()) return;
    unrecorded_.insert(unrecorded_.begin(), in_batch_.begin(), in_batch_.end());
    in_batch_.clear();
    ++write_failures_;
    next_write_ = std::chrono::steady_clock::now() + write_backoff(write_failures_);
    schedule_retry();
}

void OutboxDispatcher::retry_on(boost::asio::any_io_executor executor) {
    retry_timer_ = std::make_unique<RetryTimer>(std::move(executor));
}

void OutboxDispatcher::stop_retries() { retry_timer_.reset(); }

void OutboxDispatcher::deliver() {
    if (group_commit_.open()) {
        wanted_after_batch_ = true;
        return;
    }
    write_unrecorded(false);
    Database::StatementScope statements(database_);
    long long now = to_unix(clock_.now());
    for (PendingDelivery& delivery : OutboxStore(database_).due(now)) {
        if (in_flight_.count(delivery.id) != 0) continue;
        const std::string& target = delivery.message.destination.target;
        Transport* transport = transport_for(target);
        if (transport == nullptr) {
            in_flight_.insert(delivery.id);
            record({delivery.id, delivery.attempts, target, {false, true, "no transport serves " + target}, now});
            continue;
        }
        in_flight_.insert(delivery.id);
        transport->deliver(delivery.message,
                           [this, id = delivery.id, attempts = delivery.attempts, target](DeliveryOutcome outcome) {
                               record({id, attempts, target, std::move(outcome), to_unix(clock_.now())});
                           });
    }
}

void OutboxDispatcher::record(Outcome outcome) {
    metrics().add(metric::deliveries, {{"outcome", outcome.outcome.delivered ? "delivered" : "failed"}});
    if (!outcome.outcome.delivered) {
        const int tried = outcome.attempts + 1;
        const bool give_up = !outcome.outcome.retryable || tried >= max_delivery_attempts;
        // The target names the platform ("slack:T…", "discord:G…").
        spdlog::warn("delivery {} to {} failed (attempt {}{}): {}", outcome.id, outcome.target, tried,
                     give_up ? ", giving up" : "", escape_for_log(outcome.outcome.error));
    }
    unrecorded_.push_back(std::move(outcome));
    write_unrecorded(false);
}

void OutboxDispatcher::write(const Outcome& outcome) {
    OutboxStore outbox(database_);
    if (outcome.outcome.delivered) {
        outbox.mark_sent(outcome.id, outcome.finished_at);
        return;
    }
    const int tried = outcome.attempts + 1;
    const bool give_up = !outcome.outcome.retryable || tried >= max_delivery_attempts;
    outbox.mark_attempt_failed(outcome.id, outcome.outcome.error, outcome.finished_at + seconds_before_retry(tried),
                               give_up);
}

void OutboxDispatcher::write_unrecorded(bool now_anyway) {
    if (unrecorded_.empty()) return;
    if (!now_anyway && write_failures_ > 0 && std::chrono::steady_clock::now() < next_write_) {
        schedule_retry();
        return;
    }
    try {
        Database::StatementScope statements(database_);
        // Joins the open batch: a delivery whose record is lost in a crash is sent again,
        // which the outbox already allows for (at least once).
        group_commit_.write_soon([&] {
            for (const Outcome& outcome : unrecorded_) write(outcome);
        });
    } catch (const std::exception& error) {
        // Never into the transport's completion: kept, and written again later.
        if (write_failures_++ == 0) {
            spdlog::warn("cannot record how {} deliveries went ({}); they are kept and written again once the "
                         "database lets us, and are not sent again meanwhile",
                         unrecorded_.size(), escape_for_log(error.what()));
        }
        next_write_ = std::chrono::steady_clock::now() + write_backoff(write_failures_);
        schedule_retry();
        return;
    }
    if (write_failures_ > 0) {
        spdlog::info("recorded how {} deliveries went after {} tries", unrecorded_.size(), write_failures_ + 1);
        write_failures_ = 0;
    }
    if (group_commit_.open()) {
        // Durable with the batch (see batch_committed and batch_lost).
        in_batch_.insert(in_batch_.end(), unrecorded_.begin(), unrecorded_.end());
    } else {
        for (const Outcome& outcome : unrecorded_) in_flight_.erase(outcome.id);
    }
    unrecorded_.clear();
}

void OutboxDispatcher::schedule_retry() {
    if (!retry_timer_ || retry_timer_->armed) return;
    retry_timer_->armed = true;
    retry_timer_->timer.expires_at(next_write_);
    retry_timer_->timer.async_wait([this](boost::system::error_code error) {
        if (error || !retry_timer_) return;
        retry_timer_->armed = false;
        write_unrecorded(true);
    });
}

}  // namespace mentorbot

// Runs each platform delivery once: a delivery seen before gets its first answer again, nothing is run twice.
#pragma once

#include <optional>
#include <string>

#include "bot/recent_replies.h"
#include "model/reply.h"
#include "storage/database.h"

namespace mentorbot {

// The one place that knows whether a delivery (a Slack envelope, a Discord interaction)
// was answered before. Slack re-sends an envelope it thinks was lost, and Discord
// replays interactions on resume; the same command must not run twice, and the member
// must see the same answer. Two memories, front and back:
// - recent replies in memory, for deliveries answered moments ago, including those whose
//   commands changed nothing and so left no record;
// - durable run-once records, written in the transaction of the command that changed
//   something, so they survive a crash and a restart.
// Transports only log the duplicates they notice; the decision is made here.
class ExactlyOnce {
public:
    explicit ExactlyOnce(Database& database) : database_(database) {}

    // The answer to a delivery answered moments ago, or null. An empty key (a console
    // line, a test) is never a repeat.
    const Reply* recent(const std::string& delivery_key) const;
    // The durable answer to a delivery, read in the transaction the command is about to
    // run in (a lookup of its own would take and release the read locks once more).
    std::optional<Reply> recorded(const std::string& delivery_key);

    // Keeps the answer to a delivery whose command changed nothing (or was refused).
    void remember(const std::string& delivery_key, const Reply& reply);
    // Keeps the answer to a delivery whose command changed something, in its transaction.
    void record(const std::string& delivery_key, const Reply& reply, long long now);

    // Forgets the memory front: after a batch failed to commit, some answers in it
    // describe changes that were lost.
    void forget_recent() { recent_ = RecentReplies(); }
    // Whether forget_old() has work to do: it runs at most once a minute.
    bool forget_old_due(long long now) const { return now >= next_prune_at_; }
    // Forgets durable records older than a day, in a unit of work of its own. Slack re-sends for minutes and a Discord
    // interaction lives 15 minutes: a day is far beyond either, and keeps the table small under any load.
    void forget_old(long long now);

private:
    Database& database_;
    RecentReplies recent_;
    long long next_prune_at_ = 0;
};

}  // namespace mentorbot

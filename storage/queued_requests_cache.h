// The requests waiting in the queue by topic, kept in memory so a pass after an accept reads no queue rows again.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "storage/changed_rows.h"
#include "storage/database.h"
#include "storage/request_store.h"

namespace mentorbot {

// One per connection (Database::attached). After each accept, decline or pause, the queue on
// the changed mentors' topics is matched again, and most of it is the same requests every
// time: on a popular topic they wait for levels or opt-ins nobody free has, and reading them
// from the table was a third of an accept. They are read once, then kept current row by row
// as requests are made, offered, answered, forgotten, and as their requesters' levels change
// (`changed_rows.*`). A rollback reads again the rows written since the transaction began;
// another connection's commit, or many rows written at once, reads everything again.
class QueuedRequestsCache {
public:
    explicit QueuedRequestsCache(Database& database);

    // The requests with status 'queued' on one of `topics`, oldest first (by time made, then
    // id), as the database holds them now.
    std::vector<QueuedTopic> on_topics(const std::vector<std::string>& topics);

    // How often everything was read, so tests can tell a row-by-row update from a reload.
    std::uint64_t full_loads() const { return full_loads_; }

private:
    using Order = std::pair<long long, long long>;  // time made, id: the queue's order

    struct Kept {
        QueuedTopic request;
        std::int64_t requester_row = 0;  // the requester's members rowid; 0 without one
    };

    void bring_up_to_date();
    void drop();  // lets go of every kept request: changed_rows_ says when
    void load();
    void reread(long long id);
    void keep_row(SQLite::Statement& query);  // a row of the columns load() and reread() select
    void keep(QueuedTopic request, std::int64_t requester_row);
    void forget(long long id);
    void append_topic(const std::string& topic, std::vector<QueuedTopic>& into) const;

    Database& database_;
    std::uint64_t full_loads_ = 0;
    std::unordered_map<long long, Kept> kept_;                   // by request id
    std::unordered_map<std::string, std::set<Order>> by_topic_;  // each topic's queue, oldest first
    std::unordered_map<std::int64_t, std::unordered_set<long long>> by_requester_row_;
    std::unordered_set<long long> without_requester_row_;  // a requester named whose members row was not found
    ChangedRows changed_rows_;                             // last: it calls drop(), which clears the members above
};

}  // namespace mentorbot

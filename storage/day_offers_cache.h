// How many offers each mentor had lately (sessions, answers, lapses and open offers), kept in memory between commands.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "storage/changed_rows.h"
#include "storage/database.h"
#include "storage/window_counts.h"

namespace mentorbot {

// One per connection (Database::attached). A mentor is offered only so many requests a
// working day, and counting every mentor's offers of the last day for each request read
// every session, decline and open offer of that day. They are read once and then kept
// current row by row as sessions are created or removed, mentors answer or stay silent and
// requests are offered (`table_changes.*`); the counts follow the clock as it moves on.
//
// An offer a mentor had is one of: a session they accepted (sessions.created_at), an answer
// or a lapse (request_declines.declined_at), or a request offered to them now, whenever
// that was. A rollback reads again the rows written since the transaction began; another
// connection's commit, or a start earlier than what is kept, reads everything again.
class DayOffersCache {
public:
    explicit DayOffersCache(Database& database);

    // Offers each mentor had at or after `since` (Unix seconds); mentors with none are absent.
    const std::unordered_map<std::string, int>& offers_since(long long since);
    // Mentors with at least `limit` offers at or after `since`.
    const std::unordered_set<std::string>& offered_at_least(long long since, int limit);
    // Mentors who let an offer lapse at or after `since` and have neither accepted (a session
    // of theirs created) nor answered any request at or after that lapse. Valid until the
    // next question to this cache.
    const std::unordered_set<std::string>& resting_since(long long since);

    // How often everything was read, so tests can tell a row-by-row update from a reload.
    std::uint64_t full_loads() const { return full_loads_; }

private:
    // The tables an offer is counted from.
    enum Source : std::size_t { session = 0, decline = 1, open_offer = 2 };
    static constexpr std::size_t source_count = 3;
    struct Kept {
        std::string mentor_id;
        long long at = 0;             // WindowCounts::always for an open offer
        std::int64_t request_id = 0;  // a decline's, which with the mentor names its row
        bool silent = false;          // a decline that is a lapse, not an answer
    };
    // A mentor's lapses and answers (sessions created, explicit declines) among the rows kept.
    struct LapsesAndAnswers {
        std::multiset<long long> lapses;
        std::multiset<long long> answers;
        std::optional<long long> unanswered_lapse;  // the last lapse, when no answer came at or after it
    };

    void bring_up_to_date(long long since);
    void drop();  // lets go of every kept offer: changed_rows_ says when
    void load(long long since);
    void reread(Source source, std::int64_t rowid);
    void keep(Source source, std::int64_t rowid, Kept kept);
    void forget(Source source, std::int64_t rowid);
    void forget_before(long long since);
    // Notes a kept row's lapse or answer (`by` +1 when kept, -1 when forgotten).
    void note_lapse_or_answer(Source source, const Kept& kept, int by);
    // Works out again whether the mentor rests and keeps the sets below in step.
    void settle_resting(const std::string& mentor_id);

    Database& database_;
    long long kept_since_ = 0;  // every session and decline at or after this is kept
    std::uint64_t full_loads_ = 0;
    std::array<std::unordered_map<std::int64_t, Kept>, source_count> kept_;  // by rowid
    // A decline replaced by a new one for the same request and mentor (INSERT OR REPLACE)
    // is deleted without SQLite reporting it: the new row's key tells which row went.
    std::map<std::pair<std::int64_t, std::string>, std::int64_t> decline_row_of_;
    WindowCounts counts_;
    std::unordered_map<std::string, LapsesAndAnswers> lapses_and_answers_;
    // Each mentor's unanswered lapse as one moment: those in the window rest.
    WindowCounts unanswered_;
    ChangedRows changed_rows_;  // last: it calls drop(), which clears the members above
};

}  // namespace mentorbot

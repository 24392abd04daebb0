// The last days' sessions and declines and the open offers read once, then kept current one row at a time.
#include "storage/day_offers_cache.h"

#include <vector>

namespace mentorbot {

namespace {

// Kept a day further back than asked, so the start can move back a little (another zone's
// day, a clock set back) without reading everything again.
constexpr long long kept_before_seconds = 24 * 3600;

// Rows kept longer than this beyond what counting needs are let go, so memory stays that of
// a few days of offers however long the process runs.
constexpr long long let_go_after_seconds = 24 * 3600;

}  // namespace

DayOffersCache::DayOffersCache(Database& database)
    : database_(database),
      // In the order of Source.
      changed_rows_(database.table_changes(), {"sessions", "request_declines", "requests"}, [this] { drop(); }) {}

void DayOffersCache::drop() {
    for (auto& rows : kept_) rows.clear();
    decline_row_of_.clear();
    counts_.clear(0);
    lapses_and_answers_.clear();
    unanswered_.clear(0);
}

const std::unordered_map<std::string, int>& DayOffersCache::offers_since(long long since) {
    bring_up_to_date(since);
    return counts_.counts();
}

const std::unordered_set<std::string>& DayOffersCache::offered_at_least(long long since, int limit) {
    bring_up_to_date(since);
    return counts_.at_least(limit);
}

const std::unordered_set<std::string>& DayOffersCache::resting_since(long long since) {
    bring_up_to_date(since);
    unanswered_.start_at(since);
    return unanswered_.at_least(1);
}

void DayOffersCache::note_lapse_or_answer(Source source, const Kept& kept, int by) {
    if (source == open_offer) return;
    LapsesAndAnswers& mentor = lapses_and_answers_[kept.mentor_id];
    std::multiset<long long>& times = source == decline && kept.silent ? mentor.lapses : mentor.answers;
    if (by > 0) {
        times.insert(kept.at);
    } else if (const auto found = times.find(kept.at); found != times.end()) {
        times.erase(found);
    }
    settle_resting(kept.mentor_id);
}

void DayOffersCache::settle_resting(const std::string& mentor_id) {
    const auto found = lapses_and_answers_.find(mentor_id);
    if (found == lapses_and_answers_.end()) return;
    LapsesAndAnswers& mentor = found->second;
    if (mentor.unanswered_lapse) {
        unanswered_.remove(mentor_id, *mentor.unanswered_lapse);
        mentor.unanswered_lapse.reset();
    }
    // An answer at or after the last lapse shows they are back at their desk.
    if (!mentor.lapses.empty() && (mentor.answers.empty() || *mentor.answers.rbegin() < *mentor.lapses.rbegin())) {
        mentor.unanswered_lapse = *mentor.lapses.rbegin();
        unanswered_.add(mentor_id, *mentor.unanswered_lapse);
    }
    if (mentor.lapses.empty() && mentor.answers.empty()) lapses_and_answers_.erase(found);
}

void DayOffersCache::bring_up_to_date(long long since) {
    database_.table_changes().catch_up();
    // A start before what is kept needs rows older than those kept.
    if (changed_rows_.must_load() || since < kept_since_) {
        load(since - kept_before_seconds);
    } else if (changed_rows_.any_changed()) {
        const auto changed = changed_rows_.take_changed();
        for (std::size_t source = 0; source < source_count; ++source) {
            for (std::int64_t rowid : changed[source]) reread(static_cast<Source>(source), rowid);
        }
    }
    if (since - kept_since_ > kept_before_seconds + let_go_after_seconds) forget_before(since - kept_before_seconds);
    counts_.start_at(since);
}

void DayOffersCache::load(long long since) {
    drop();
    counts_.clear(since);
    auto& sessions = database_.prepare(
        "SELECT id, mentor_id, created_at FROM sessions WHERE created_at >= ? AND mentor_id IS NOT NULL");
    sessions.bind(1, static_cast<int64_t>(since));
    while (sessions.executeStep()) {
        keep(session, sessions.getColumn(0).getInt64(),
             {sessions.getColumn(1).getString(), sessions.getColumn(2).getInt64(), 0});
    }
    sessions.reset();
    auto& declines = database_.prepare(
        "SELECT rowid, request_id, mentor_id, declined_at, silent FROM request_declines WHERE declined_at >= ?");
    declines.bind(1, static_cast<int64_t>(since));
    while (declines.executeStep()) {
        keep(decline, declines.getColumn(0).getInt64(),
             {declines.getColumn(2).getString(), declines.getColumn(3).getInt64(), declines.getColumn(1).getInt64(),
              declines.getColumn(4).getInt() != 0});
    }
    declines.reset();
    auto& offered = database_.prepare(
        "SELECT id, candidate_id FROM requests WHERE status = 'offered' AND candidate_id IS NOT NULL");
    while (offered.executeStep()) {
        keep(open_offer, offered.getColumn(0).getInt64(), {offered.getColumn(1).getString(), WindowCounts::always, 0});
    }
    offered.reset();
    kept_since_ = since;
    changed_rows_.loaded();
    ++full_loads_;
}

void DayOffersCache::reread(Source source, std::int64_t rowid) {
    forget(source, rowid);
    if (source == session) {
        auto& query = database_.prepare("SELECT mentor_id, created_at FROM sessions WHERE id = ?");
        query.bind(1, static_cast<int64_t>(rowid));
        if (query.executeStep() && !query.getColumn(0).isNull() && query.getColumn(1).getInt64() >= kept_since_)
            keep(session, rowid, {query.getColumn(0).getString(), query.getColumn(1).getInt64(), 0});
        query.reset();
    } else if (source == decline) {
        auto& query = database_.prepare(
            "SELECT request_id, mentor_id, declined_at, silent FROM request_declines WHERE rowid = ?");
        query.bind(1, static_cast<int64_t>(rowid));
        if (query.executeStep()) {
            Kept kept{query.getColumn(1).getString(), query.getColumn(2).getInt64(), query.getColumn(0).getInt64(),
                      query.getColumn(3).getInt() != 0};
            // Another row kept for the same request and mentor was replaced by this one.
            const auto replaced = decline_row_of_.find({kept.request_id, kept.mentor_id});
            if (replaced != decline_row_of_.end() && replaced->second != rowid) {
                const std::int64_t gone = replaced->second;
                forget(decline, gone);
                // A rollback may bring it back.
                changed_rows_.remember_for_rollback(decline, gone);
            }
            if (kept.at >= kept_since_) keep(decline, rowid, std::move(kept));
        }
        query.reset();
    } else {
        auto& query = database_.prepare(
            "SELECT candidate_id FROM requests WHERE id = ? AND status = 'offered' AND candidate_id IS NOT NULL");
        query.bind(1, static_cast<int64_t>(rowid));
        if (query.executeStep()) keep(open_offer, rowid, {query.getColumn(0).getString(), WindowCounts::always, 0});
        query.reset();
    }
}

void DayOffersCache::keep(Source source, std::int64_t rowid, Kept kept) {
    counts_.add(kept.mentor_id, kept.at);
    note_lapse_or_answer(source, kept, +1);
    if (source == decline) decline_row_of_[{kept.request_id, kept.mentor_id}] = rowid;
    kept_[source].insert_or_assign(rowid, std::move(kept));
}

void DayOffersCache::forget(Source source, std::int64_t rowid) {
    const auto found = kept_[source].find(rowid);
    if (found == kept_[source].end()) return;
    const Kept& kept = found->second;
    counts_.remove(kept.mentor_id, kept.at);
    note_lapse_or_answer(source, kept, -1);
    if (source == decline) {
        const auto key = decline_row_of_.find({kept.request_id, kept.mentor_id});
        if (key != decline_row_of_.end() && key->second == rowid) decline_row_of_.erase(key);
    }
    kept_[source].erase(found);
}

void DayOffersCache::forget_before(long long since) {
    for (Source source : {session, decline}) {
        std::vector<std::int64_t> old;
        for (const auto& [rowid, kept] : kept_[source]) {
            if (kept.at < since) old.push_back(rowid);
        }
        for (std::int64_t rowid : old) forget(source, rowid);
    }
    kept_since_ = since;
}

}  // namespace mentorbot

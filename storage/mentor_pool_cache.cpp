// The mentor pool read in two queries, then kept up to date one mentor at a time as their rows change.
#include "storage/mentor_pool_cache.h"

#include <sstream>

#include <date/date.h>

namespace mentorbot {

namespace {

// A level missing from a profile is taken as mid-level: it neither passes every
// "above you" rule nor fails every one.
constexpr int assumed_level = 3;

// More changes than this between two looks (an import, a bulk edit) and reading the whole
// pool again is cheaper than reading each mentor apart.
constexpr std::size_t most_changes_kept = 2048;

// The offer and profile columns, in the order read_mentor() takes them.
constexpr const char* mentor_columns =
    "o.member_id, o.rowid, m.rowid, m.display_name, m.level, m.department, m.time_zone, o.hours_start, o.hours_end, "
    "o.capacity, o.reverse_ok, o.shadow_ok, o.paused, o.paused_until, o.last_matched_at";

std::optional<Instant> start_of_day(const std::string& day) {
    if (day.empty()) return std::nullopt;
    std::istringstream input(day);
    date::sys_days parsed;
    input >> date::parse("%F", parsed);
    if (input.fail()) return std::nullopt;
    return Instant{parsed};
}

struct MentorRow {
    MentorCandidate mentor;
    std::int64_t offer_row = 0;
    std::int64_t member_row = 0;
};

MentorRow read_mentor(SQLite::Statement& query) {
    MentorRow row;
    MentorCandidate& mentor = row.mentor;
    mentor.member_id = query.getColumn(0).getString();
    row.offer_row = query.getColumn(1).getInt64();
    row.member_row = query.getColumn(2).getInt64();
    mentor.display_name = query.getColumn(3).getString();
    mentor.level = query.getColumn(4).isNull() ? assumed_level : query.getColumn(4).getInt();
    mentor.level_set = !query.getColumn(4).isNull();
    mentor.department = query.getColumn(5).isNull() ? "" : query.getColumn(5).getString();
    mentor.schedule.time_zone = query.getColumn(6).isNull() ? "UTC" : query.getColumn(6).getString();
    if (mentor.schedule.time_zone.empty()) mentor.schedule.time_zone = "UTC";
    mentor.schedule.hours = {query.getColumn(7).getInt(), query.getColumn(8).getInt()};
    mentor.weekly_capacity = query.getColumn(9).getInt();
    mentor.reverse_opt_in = query.getColumn(10).getInt() != 0;
    mentor.shadow_opt_in = query.getColumn(11).getInt() != 0;
    mentor.paused = query.getColumn(12).getInt() != 0;
    if (!query.getColumn(13).isNull()) {
        // The day a mentor is back begins at midnight where they live.
        const std::string day = query.getColumn(13).getString();
        mentor.paused_until = local_date_start(day, mentor.schedule.time_zone);
        if (!mentor.paused_until) mentor.paused_until = start_of_day(day);
    }
    if (!query.getColumn(14).isNull()) {
        mentor.last_matched_at = Instant{std::chrono::seconds{query.getColumn(14).getInt64()}};
    }
    return row;
}

}  // namespace

MentorPoolCache::MentorPoolCache(Database& database) : database_(database) {
    database_.table_changes().on_row([this](std::string_view table, TableChanges::Kind kind, std::int64_t rowid) {
        row_changed(table, kind, rowid);
    });
    database_.table_changes().on_transaction({
        .began =
            [this] {
                touched_in_transaction_.clear();
                loaded_in_transaction_ = false;
            },
        .rolled_back =
            [this] {
                // Only rows written since the transaction began are undone: the mentors read
                // again since then are read once more. A pool read as a whole meanwhile may
                // hold any of the undone rows.
                if (loaded_in_transaction_) {
                    drop();
                    return;
                }
                if (!index_) return;
                changed_.insert(touched_in_transaction_.begin(), touched_in_transaction_.end());
                if (too_many_changes()) drop();
            },
        .others_committed = [this] { drop(); },
    });
}

void MentorPoolCache::row_changed(std::string_view table, TableChanges::Kind kind, std::int64_t rowid) {
    if (!index_) return;
    if (table == "mentor_offers") {
        if (auto owner = offer_owner_.find(rowid); owner != offer_owner_.end()) mark(*owner->second);
        // A new offer's owner is looked up at the next look (no SQL runs inside this hook).
        if (kind != TableChanges::Kind::deleted) new_offer_rows_.push_back(rowid);
    } else if (table == "member_tags") {
        // Tags of members who offer nothing are not kept: a deleted row not known here is one of those.
        if (auto owner = tag_owner_.find(rowid); owner != tag_owner_.end()) mark(*owner->second);
        if (kind != TableChanges::Kind::deleted) new_tag_rows_.push_back(rowid);
    } else if (table == "members") {
        // A members row is only read for mentors; a new member cannot be one before their
        // offer is written (the offer refers to the member), and that write is seen here.
        if (auto owner = member_owner_.find(rowid); owner != member_owner_.end()) mark(*owner->second);
    } else {
        return;
    }
    if (too_many_changes()) drop();
}

void MentorPoolCache::mark(const std::string& member_id) {
    changed_.insert(member_id);
    if (touched_in_transaction_.size() < most_changes_kept) {
        touched_in_transaction_.insert(member_id);
    } else {
        loaded_in_transaction_ = true;  // too many to redo one by one: a rollback drops the pool
    }
}

bool MentorPoolCache::too_many_changes() const {
    return changed_.size() + new_offer_rows_.size() + new_tag_rows_.size() > most_changes_kept;
}

void MentorPoolCache::drop() {
    index_.reset();
    rows_of_.clear();
    offer_owner_.clear();
    member_owner_.clear();
    tag_owner_.clear();
    changed_.clear();
    reread_.clear();
    new_offer_rows_.clear();
    new_tag_rows_.clear();
}

std::shared_ptr<MentorIndex> MentorPoolCache::mentors() {
    database_.table_changes().catch_up();
    if (!index_) {
        load();
    } else if (!changed_.empty() || !new_offer_rows_.empty() || !new_tag_rows_.empty()) {
        bring_up_to_date();
    }
    return index_;
}

void MentorPoolCache::load() {
    drop();
    std::vector<MentorRow> rows;
    std::unordered_map<std::string, std::size_t> position;
    {
        auto& query = database_.prepare(std::string("SELECT ") + mentor_columns +
                                        " FROM mentor_offers o JOIN members m ON m.id = o.member_id "
                                        "ORDER BY o.member_id");
        while (query.executeStep()) {
            MentorRow row = read_mentor(query);
            position.emplace(row.mentor.member_id, rows.size());
            rows.push_back(std::move(row));
        }
        query.reset();
    }
    std::vector<std::vector<std::int64_t>> tag_rows(rows.size());
    {
        auto& tags = database_.prepare(
            "SELECT t.member_id, t.kind, t.tag, t.rowid FROM member_tags t JOIN mentor_offers o "
            "ON o.member_id = t.member_id WHERE t.kind IN ('topic', 'skill') ORDER BY t.member_id, t.kind, t.tag");
        while (tags.executeStep()) {
            auto found = position.find(tags.getColumn(0).getString());
            if (found == position.end()) continue;
            MentorCandidate& mentor = rows[found->second].mentor;
            (tags.getColumn(1).getString() == "topic" ? mentor.topics : mentor.skills)
                .push_back(tags.getColumn(2).getString());
            tag_rows[found->second].push_back(tags.getColumn(3).getInt64());
        }
        tags.reset();
    }
    auto index = std::make_shared<MentorIndex>();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        remember_rows(rows[i].mentor.member_id,
                      {.offer = rows[i].offer_row, .member = rows[i].member_row, .tags = std::move(tag_rows[i])});
        index->add(std::move(rows[i].mentor));
    }
    index_ = std::move(index);
    ++full_loads_;
    // What was read may include rows this transaction wrote and may still undo. A read-only
    // transaction (a dashboard page, a Home) read only what was committed: its rollback keeps
    // the pool, so the next page does not read every mentor again.
    loaded_in_transaction_ = database_.table_changes().written_in_transaction();
    touched_in_transaction_.clear();
}

void MentorPoolCache::bring_up_to_date() {
    // Someone may still hold the pool handed out before (a ranking points into it): they
    // keep theirs, and the changes go into a copy.
    if (index_.use_count() > 1) index_ = std::make_shared<MentorIndex>(*index_);
    if (!new_offer_rows_.empty()) {
        auto& owner = database_.prepare("SELECT member_id FROM mentor_offers WHERE rowid = ?");
        for (std::int64_t rowid : new_offer_rows_) {
            owner.bind(1, static_cast<int64_t>(rowid));
            if (owner.executeStep()) mark(owner.getColumn(0).getString());
            owner.reset();
        }
        new_offer_rows_.clear();
    }
    if (!new_tag_rows_.empty()) {
        auto& owner = database_.prepare("SELECT member_id, kind FROM member_tags WHERE rowid = ?");
        for (std::int64_t rowid : new_tag_rows_) {
            owner.bind(1, static_cast<int64_t>(rowid));
            if (owner.executeStep()) {
                // Only a mentor's topics and skills are kept; someone who starts offering is
                // marked by their new offer row.
                std::string member_id = owner.getColumn(0).getString();
                const std::string kind = owner.getColumn(1).getString();
                if ((kind == "topic" || kind == "skill") && rows_of_.contains(member_id)) mark(member_id);
            }
            owner.reset();
        }
        new_tag_rows_.clear();
    }
    std::unordered_set<std::string> changed = std::move(changed_);
    changed_.clear();
    for (const auto& member_id : changed) reread(member_id);
}

void MentorPoolCache::reread(const std::string& member_id) {
    reread_.insert(member_id);
    forget_rows(member_id);
    auto& query = database_.prepare(std::string("SELECT ") + mentor_columns +
                                    " FROM mentor_offers o JOIN members m ON m.id = o.member_id "
                                    "WHERE o.member_id = ?");
    query.bind(1, member_id);
    if (!query.executeStep()) {
        query.reset();
        index_->remove(member_id);
        return;
    }
    MentorRow row = read_mentor(query);
    query.reset();
    MentorRows rows{.offer = row.offer_row, .member = row.member_row, .tags = {}};
    // In the order of the primary key (member, kind, tag): the order a whole load gives.
    auto& tags = database_.prepare(
        "SELECT kind, tag, rowid FROM member_tags WHERE member_id = ? AND kind IN ('skill', 'topic') "
        "ORDER BY kind, tag");
    tags.bind(1, member_id);
    while (tags.executeStep()) {
        (tags.getColumn(0).getString() == "topic" ? row.mentor.topics : row.mentor.skills)
            .push_back(tags.getColumn(1).getString());
        rows.tags.push_back(tags.getColumn(2).getInt64());
    }
    tags.reset();
    remember_rows(member_id, std::move(rows));
    // The load is counted, not read (MentorLoads): the mentor keeps what was counted until
    // it is counted again.
    if (const MentorCandidate* before = index_->find(member_id)) {
        row.mentor.weekly_load = before->weekly_load;
        row.mentor.pending_offers = before->pending_offers;
    }
    index_->put_in_order(std::move(row.mentor));
}

void MentorPoolCache::remember_rows(const std::string& member_id, MentorRows rows) {
    auto entry = rows_of_.insert_or_assign(member_id, std::move(rows)).first;
    const std::string* owner = &entry->first;
    offer_owner_[entry->second.offer] = owner;
    member_owner_[entry->second.member] = owner;
    for (std::int64_t tag : entry->second.tags) tag_owner_[tag] = owner;
}

void MentorPoolCache::forget_rows(const std::string& member_id) {
    auto found = rows_of_.find(member_id);
    if (found == rows_of_.end()) return;
    // Only rows still pointing at this mentor: a row id may since belong to someone else.
    auto erase_own = [&](auto& owners, std::int64_t rowid) {
        auto owner = owners.find(rowid);
        if (owner != owners.end() && owner->second == &found->first) owners.erase(owner);
    };
    erase_own(offer_owner_, found->second.offer);
    erase_own(member_owner_, found->second.member);
    for (std::int64_t tag : found->second.tags) erase_own(tag_owner_, tag);
    rows_of_.erase(found);
}

}  // namespace mentorbot

// Every mentor as the matcher sees them, kept in memory between commands; a write reads again only the mentors it
// touched.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "domain/matching.h"
#include "storage/database.h"

namespace mentorbot {

// One per connection (Database::attached). Reading the pool from SQLite for every request
// costs more than the matching itself, and reading all of it again after each accept,
// pause or profile edit costs in proportion to the organisation. So a write to
// mentor_offers, member_tags or a mentor's members row marks just that mentor, and the
// next look reads that mentor again and puts them where a fresh load would.
class MentorPoolCache {
public:
    explicit MentorPoolCache(Database& database);

    // Every mentor (offer, profile, topics, skills) in member-id order, with loads as the
    // last caller left them (MentorPoolStore sets the loads it needs). The same pool a
    // fresh read would give: mentors written since the last look are read again; all of
    // it only after another connection's commit or when many rows changed at once.
    std::shared_ptr<MentorIndex> mentors();

    // The mentors read again (changed, added or gone) since the last call, as of the last
    // mentors(); after a full read (full_loads() moved on) every mentor may have changed.
    std::unordered_set<std::string> take_reread() { return std::exchange(reread_, {}); }

    // How often the whole pool was read, so tests can tell a narrow update from a reload.
    std::uint64_t full_loads() const { return full_loads_; }

private:
    // The rows one mentor was read from.
    struct MentorRows {
        std::int64_t offer = 0;
        std::int64_t member = 0;
        std::vector<std::int64_t> tags;  // topic and skill rows
    };

    void row_changed(std::string_view table, TableChanges::Kind kind, std::int64_t rowid);
    void mark(const std::string& member_id);
    void drop();
    void load();
    void bring_up_to_date();
    // Reads one mentor again: replaces, adds or (when no longer offering) removes them.
    void reread(const std::string& member_id);
    void remember_rows(const std::string& member_id, MentorRows rows);
    void forget_rows(const std::string& member_id);
    bool too_many_changes() const;

    Database& database_;
    std::shared_ptr<MentorIndex> index_;  // null: must be read again as a whole
    std::uint64_t full_loads_ = 0;

    // Which mentor each row belongs to, so a change to a row is a change to one mentor.
    // The owners point at the keys of rows_of_, which stay put while the entry exists.
    std::unordered_map<std::string, MentorRows> rows_of_;
    std::unordered_map<std::int64_t, const std::string*> offer_owner_;
    std::unordered_map<std::int64_t, const std::string*> member_owner_;
    std::unordered_map<std::int64_t, const std::string*> tag_owner_;

    // Waiting for the next look: mentors to read again, and new rows whose owner is still
    // to be looked up (a new offer, a new tag).
    std::unordered_set<std::string> changed_;
    // Read again since the last take_reread().
    std::unordered_set<std::string> reread_;
    std::vector<std::int64_t> new_offer_rows_;
    std::vector<std::int64_t> new_tag_rows_;

    // Since the transaction began: the mentors read again (a rollback may undo what was
    // read), and whether the whole pool was read after this transaction wrote (then a
    // rollback drops it: the pool may hold what is undone).
    std::unordered_set<std::string> touched_in_transaction_;
    bool loaded_in_transaction_ = false;
};

}  // namespace mentorbot

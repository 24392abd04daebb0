// Which rows of a few tables an in-memory mirror must read again, and when it must read everything, across
// transactions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "storage/table_changes.h"

namespace mentorbot {

// One per mirror of rows (the caches Database::attached keeps). A mirror is read as a whole
// once, then kept current row by row: each row written is read again at the next look (no
// SQL runs inside a hook). What cannot be followed row by row makes the mirror drop all it
// holds and read everything again: another connection's commit, more rows written between
// two looks than reading them one by one is worth, and a rollback after the mirror was
// read as a whole from what that transaction wrote. Any other rollback undoes only rows
// written since the transaction began, and those are read again.
class ChangedRows {
public:
    using Rows = std::unordered_set<std::int64_t>;

    // Follows the rows of `tables`, each known by its place in the list. `drop_mirror` lets go of
    // everything the mirror holds; it is called here whenever the mirror must read all again.
    ChangedRows(TableChanges& changes, std::vector<std::string> tables, std::function<void()> drop_mirror);
    ChangedRows(const ChangedRows&) = delete;
    ChangedRows& operator=(const ChangedRows&) = delete;

    // Whether the mirror holds nothing it can trust and must be read as a whole.
    bool must_load() const { return !valid_; }
    // The mirror was just read as a whole: nothing waits to be read again.
    void loaded();
    // Whether rows wait to be read again.
    bool any_changed() const;
    // The rows of each table written since the last look, handed over once.
    std::vector<Rows> take_changed();
    // A row the mirror found gone without SQLite reporting it (replaced by another): a
    // rollback may bring it back, so it is read again then.
    void remember_for_rollback(std::size_t table, std::int64_t rowid);

    // More rows written between two looks (an import, a forgotten member) and reading all
    // again costs less.
    static constexpr std::size_t most_changes_kept = 4096;

private:
    void row_changed(std::size_t table, std::int64_t rowid);
    void rolled_back();
    void drop();
    std::size_t changes_waiting() const;

    TableChanges& changes_;
    std::vector<std::string> tables_;
    std::function<void()> drop_mirror_;
    bool valid_ = false;
    // Rows written since the last look, by table.
    std::vector<Rows> changed_;
    // Rows written since the transaction began, by table: a rollback may have undone any of them.
    std::vector<Rows> touched_in_transaction_;
    // The mirror was read as a whole after this transaction wrote, or it wrote too many rows
    // to remember: a rollback drops the mirror.
    bool loaded_in_transaction_ = false;
};

}  // namespace mentorbot

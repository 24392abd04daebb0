// The transaction bookkeeping every row-by-row mirror shares, fed by SQLite's hooks through TableChanges.
#include "storage/changed_rows.h"

#include <algorithm>
#include <utility>

namespace mentorbot {

ChangedRows::ChangedRows(TableChanges& changes, std::vector<std::string> tables, std::function<void()> drop_mirror)
    : changes_(changes),
      tables_(std::move(tables)),
      drop_mirror_(std::move(drop_mirror)),
      changed_(tables_.size()),
      touched_in_transaction_(tables_.size()) {
    changes_.on_row([this](std::string_view table, TableChanges::Kind, std::int64_t rowid) {
        const auto found = std::find(tables_.begin(), tables_.end(), table);
        if (found != tables_.end()) row_changed(static_cast<std::size_t>(found - tables_.begin()), rowid);
    });
    changes_.on_transaction({
        .began =
            [this] {
                for (auto& rows : touched_in_transaction_) rows.clear();
                loaded_in_transaction_ = false;
            },
        .rolled_back = [this] { rolled_back(); },
        .others_committed = [this] { drop(); },
    });
}

void ChangedRows::row_changed(std::size_t table, std::int64_t rowid) {
    remember_for_rollback(table, rowid);
    if (!valid_) return;
    changed_[table].insert(rowid);
    if (changes_waiting() > most_changes_kept) drop();
}

void ChangedRows::remember_for_rollback(std::size_t table, std::int64_t rowid) {
    if (touched_in_transaction_[table].size() < most_changes_kept) touched_in_transaction_[table].insert(rowid);
    else loaded_in_transaction_ = true;  // too many to redo one by one: a rollback reads all again
}

void ChangedRows::rolled_back() {
    // Rows read as a whole after this transaction wrote may hold what is undone; otherwise
    // only the rows written since it began can have changed back.
    std::size_t touched = 0;
    for (const auto& rows : touched_in_transaction_) touched += rows.size();
    if (loaded_in_transaction_ || touched >= most_changes_kept) {
        drop();
        return;
    }
    if (!valid_) return;
    for (std::size_t table = 0; table < tables_.size(); ++table)
        changed_[table].insert(touched_in_transaction_[table].begin(), touched_in_transaction_[table].end());
}

void ChangedRows::drop() {
    valid_ = false;
    for (auto& rows : changed_) rows.clear();
    drop_mirror_();
}

void ChangedRows::loaded() {
    for (auto& rows : changed_) rows.clear();
    valid_ = true;
    // What was read may include rows this transaction wrote and may still undo.
    loaded_in_transaction_ = changes_.written_in_transaction();
}

bool ChangedRows::any_changed() const { return changes_waiting() > 0; }

std::size_t ChangedRows::changes_waiting() const {
    std::size_t waiting = 0;
    for (const auto& rows : changed_) waiting += rows.size();
    return waiting;
}

std::vector<ChangedRows::Rows> ChangedRows::take_changed() {
    std::vector<Rows> taken(changed_.size());
    for (std::size_t table = 0; table < changed_.size(); ++table) {
        taken[table] = std::move(changed_[table]);
        changed_[table].clear();
    }
    return taken;
}

}  // namespace mentorbot

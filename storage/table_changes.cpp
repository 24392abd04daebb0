// SQLite's update and rollback hooks, and PRAGMA data_version for other connections' commits.
#include "storage/table_changes.h"

#include <stdexcept>
#include <string>

#include <sqlite3.h>

namespace mentorbot {

TableChanges::TableChanges(sqlite3* connection) : connection_(connection) {
    if (sqlite3_prepare_v2(connection_, "PRAGMA data_version", -1, &data_version_, nullptr) != SQLITE_OK) {
        throw std::runtime_error(std::string("cannot watch the database for changes: ") + sqlite3_errmsg(connection_));
    }
    sqlite3_update_hook(connection_, &TableChanges::row_changed, this);
    sqlite3_rollback_hook(connection_, &TableChanges::rolled_back, this);
    // The rollback hook does not hear ROLLBACK TO a savepoint (the app undoes one failed
    // command of a batch that way), so statements are watched as they start.
    sqlite3_trace_v2(connection_, SQLITE_TRACE_STMT, &TableChanges::statement_started, this);
}

TableChanges::~TableChanges() {
    sqlite3_update_hook(connection_, nullptr, nullptr);
    sqlite3_rollback_hook(connection_, nullptr, nullptr);
    sqlite3_trace_v2(connection_, 0, nullptr, nullptr);
    sqlite3_finalize(data_version_);
}

void TableChanges::catch_up() {
    const bool read = sqlite3_step(data_version_) == SQLITE_ROW;
    const std::int64_t version = read ? sqlite3_column_int64(data_version_, 0) : seen_version_;
    sqlite3_reset(data_version_);
    if (!read) {
        // Not knowing is treated as a change.
        others_committed();
        return;
    }
    if (version == seen_version_) return;
    // The first look has nothing to compare with; the caches are empty then anyway.
    seen_version_ = version;
    others_committed();
}

void TableChanges::row_changed(void* self, int operation, const char* /*database*/, const char* table,
                               long long rowid) {
    auto& changes = *static_cast<TableChanges*>(self);
    changes.written_in_transaction_ = true;
    const Kind kind = operation == SQLITE_INSERT   ? Kind::inserted
                      : operation == SQLITE_DELETE ? Kind::deleted
                                                   : Kind::updated;
    for (const auto& listener : changes.row_listeners_) listener(table, kind, rowid);
}

void TableChanges::rolled_back(void* self) { static_cast<TableChanges*>(self)->undone(); }

int TableChanges::statement_started(unsigned /*type*/, void* self, void* /*statement*/, void* sql) {
    // `sql` is the statement's text as written (or a comment for a trigger's statement).
    auto& changes = *static_cast<TableChanges*>(self);
    const char* text = static_cast<const char*>(sql);
    while (*text == ' ' || *text == '\n' || *text == '\t' || *text == '\r') ++text;
    if (sqlite3_strnicmp(text, "ROLLBACK", 8) == 0) {
        changes.undone();
    } else if ((sqlite3_strnicmp(text, "BEGIN", 5) == 0 || sqlite3_strnicmp(text, "SAVEPOINT", 9) == 0) &&
               sqlite3_get_autocommit(changes.connection_) != 0) {
        // A savepoint outside a transaction begins one too.
        changes.transaction_began();
    }
    return 0;
}

void TableChanges::transaction_began() {
    written_in_transaction_ = false;
    for (const auto& listener : transaction_listeners_) listener.began();
}

void TableChanges::undone() {
    for (const auto& listener : reset_listeners_) listener();
    for (const auto& listener : transaction_listeners_) listener.rolled_back();
}

void TableChanges::others_committed() {
    for (const auto& listener : reset_listeners_) listener();
    for (const auto& listener : transaction_listeners_) listener.others_committed();
}

}  // namespace mentorbot

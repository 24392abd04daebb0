// Tells in-memory copies of tables which rows this connection wrote, and when anything else may have changed.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace mentorbot {

// One per connection (Database owns it). A cache listens and drops what a change can touch.
//
// SQLite reports every row this connection inserts, updates or deletes in a rowid table,
// also those made by foreign-key actions. What it cannot report row by row is said as
// "anything may have changed": a rollback, of the transaction or to a savepoint (a cache
// may have read rows that are now undone), and a commit by another connection (an import,
// a second bot), which is noticed by `catch_up()`.
class TableChanges {
public:
    enum class Kind { inserted, updated, deleted };
    using RowListener = std::function<void(std::string_view table, Kind kind, std::int64_t rowid)>;
    using ResetListener = std::function<void()>;

    explicit TableChanges(sqlite3* connection);
    ~TableChanges();
    TableChanges(const TableChanges&) = delete;
    TableChanges& operator=(const TableChanges&) = delete;

    // Listeners live as long as the connection (the caches the Database owns).
    void on_row(RowListener listener) { row_listeners_.push_back(std::move(listener)); }
    // Hears every moment when rows may have changed unseen: a rollback and another
    // connection's commit.
    void on_reset(ResetListener listener) { reset_listeners_.push_back(std::move(listener)); }

    // For a cache that can tell which rows a rollback undid (those it heard about since
    // the transaction began) and so need not drop everything: it hears the three apart.
    struct TransactionListener {
        ResetListener began;             // a transaction begins: every row heard before is final
        ResetListener rolled_back;       // the transaction, or a savepoint in it, was undone
        ResetListener others_committed;  // another connection committed: anything may have changed
    };
    void on_transaction(TransactionListener listener) { transaction_listeners_.push_back(std::move(listener)); }

    // Call before trusting a cache: when another connection committed since the last
    // look, every reset listener hears it. Reads inside the caller's transaction, so
    // it sees what that transaction sees.
    void catch_up();

    // Whether this connection wrote a row since its transaction began (or, outside one, since
    // it opened): a cache read within a transaction that wrote nothing holds only what was
    // committed, which a rollback does not undo. Heard from the connection's start, so it
    // also holds for a cache first made in the middle of a transaction.
    bool written_in_transaction() const { return written_in_transaction_; }

private:
    static void row_changed(void* self, int operation, const char* database, const char* table, long long rowid);
    static void rolled_back(void* self);
    static int statement_started(unsigned type, void* self, void* statement, void* sql);
    void transaction_began();
    void undone();
    void others_committed();

    sqlite3* connection_;
    sqlite3_stmt* data_version_ = nullptr;
    std::int64_t seen_version_ = -1;
    bool written_in_transaction_ = false;
    std::vector<RowListener> row_listeners_;
    std::vector<ResetListener> reset_listeners_;
    std::vector<TransactionListener> transaction_listeners_;
};

}  // namespace mentorbot

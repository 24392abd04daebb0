// The SQLite connection: opening, migrating, prepared-statement cache.
#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/table_changes.h"

namespace mentorbot {

// The database file cannot be used (corrupt, unreadable, read-only, written by a newer
// version). Its message is written for the operator and names the file.
class DatabaseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Why the database at `path` cannot be written now, for the operator: "cannot write to
// FILE: read-only (Permission denied); check the file's permissions" (the file, its
// -wal or -shm, or its directory); empty when nothing stands in the way.
std::string read_only_reason(const std::string& path);

// True when `error` is SQLite saying another connection holds the lock it needed (past
// the busy timeout): nothing is wrong with the work, it may simply be tried again later.
bool is_database_busy(const std::exception& error);

// One connection, used from one thread. Stores borrow it; the app owns the
// transactions (one per command), so stores never begin or commit.
class Database {
public:
    // Opens or creates `path` (a new file is 0600, and so are its -wal and -shm) and
    // migrates it to the newest schema. Throws DatabaseError: read-only (file or
    // directory), damaged, or written by a newer mentorbot, each with its own message.
    explicit Database(const std::string& path);
    // For tests: opens and migrates only up to `version`.
    Database(const std::string& path, int version);

    SQLite::Database& connection() { return connection_; }
    const std::string& path() const { return path_; }

    // How long a statement waits for another connection's lock before SQLITE_BUSY. A new
    // connection waits `default_busy_timeout`, enough for a one-off tool; the bot's event
    // loop sets a short one, so another writer never stalls every platform it serves.
    static constexpr std::chrono::milliseconds default_busy_timeout{5000};
    void set_busy_timeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds busy_timeout() const { return busy_timeout_; }

    // A prepared statement kept for the life of the connection; handed out reset
    // and with its bindings cleared.
    SQLite::Statement& prepare(const std::string& sql);
    // The same for SQL written as a literal (most of it): found by its address, so the
    // text is only compared, not copied and hashed, on every use.
    SQLite::Statement& prepare(const char* sql);

    // Resets every statement handed out since the last call. A statement left stepped
    // keeps a read snapshot open, and an old snapshot cannot become a write once another
    // process (an import, a second bot) has written: so each unit of work ends here.
    void release_statements();

    // Calls release_statements() when it goes out of scope (and when it is made).
    class StatementScope {
    public:
        explicit StatementScope(Database& database) : database_(database) { database_.release_statements(); }
        ~StatementScope() { database_.release_statements(); }
        StatementScope(const StatementScope&) = delete;
        StatementScope& operator=(const StatementScope&) = delete;

    private:
        Database& database_;
    };

    // Runs a statement that returns nothing.
    void execute(const std::string& sql) { connection_.exec(sql); }
    // Runs one statement that returns nothing and comes back often (BEGIN, COMMIT,
    // SAVEPOINT …), prepared once for the life of the connection.
    void execute_prepared(const std::string& sql);

    long long last_insert_id() const { return connection_.getLastInsertRowid(); }
    int changes() const { return connection_.getChanges(); }

    int schema_version();
    static int newest_schema_version();

    // Which rows this connection wrote, for the caches below.
    TableChanges& table_changes() { return *table_changes_; }

    // State kept as long as the connection, one of each type, made on first use with
    // `T(Database&)`: the in-memory copies of tables the stores keep (they listen to
    // table_changes(), so they never outlive what they copy).
    template <typename T>
    T& attached() {
        auto& slot = attachments_[std::type_index(typeid(T))];
        if (!slot) slot = std::make_shared<T>(*this);
        return *static_cast<T*>(slot.get());
    }

private:
    void migrate(int target_version);

    std::string path_;
    SQLite::Database connection_;
    std::chrono::milliseconds busy_timeout_{0};
    struct CachedStatement {
        std::unique_ptr<SQLite::Statement> statement;
        bool handed_out = false;
    };
    CachedStatement& cached(const std::string& sql);
    SQLite::Statement& hand_out(CachedStatement& cached);

    std::unordered_map<std::string, CachedStatement> statements_;
    std::unordered_map<const char*, CachedStatement*> by_address_;
    // At most one entry per cached statement.
    std::vector<CachedStatement*> handed_out_;
    // Declared after the connection and before the attachments: destroyed before the
    // connection closes, after the caches that listen to it.
    std::unique_ptr<TableChanges> table_changes_;
    std::unordered_map<std::type_index, std::shared_ptr<void>> attachments_;
};

}  // namespace mentorbot

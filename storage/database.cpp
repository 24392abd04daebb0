// Opens the SQLite file safely: WAL, foreign keys, busy timeout, versioned migrations.
#include "storage/database.h"

#include "storage/migrations.h"
#include "storage/unit_of_work.h"

namespace mentorbot {

namespace {

SQLite::Database open_connection(const std::string& path) {
    try {
        // One connection belongs to one thread (see Database), so SQLite's own locking
        // around every call would only cost time.
        return SQLite::Database(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
    } catch (const SQLite::Exception& error) {
        throw DatabaseError("cannot open database " + path + ": " + error.what());
    }
}

}  // namespace

Database::Database(const std::string& path) : Database(path, newest_schema_version()) {}

Database::Database(const std::string& path, int version) : path_(path), connection_(open_connection(path)) {
    try {
        connection_.setBusyTimeout(5000);
        // Reading the schema version is the first real read: a file that is not a
        // database fails here, before anything could be written to it.
        int found_version = schema_version();
        if (found_version > newest_schema_version()) {
            throw DatabaseError("database " + path + " was written by a newer mentorbot (schema version " +
                                std::to_string(found_version) + "; this build knows up to " +
                                std::to_string(newest_schema_version()) + "). Upgrade mentorbot.");
        }
        connection_.exec("PRAGMA journal_mode=WAL");
        connection_.exec("PRAGMA synchronous=NORMAL");
        connection_.exec("PRAGMA foreign_keys=ON");
        std::string check = connection_.execAndGet("PRAGMA quick_check").getString();
        if (check != "ok")
            throw DatabaseError("database " + path + " is damaged (" + check + "). Restore it from a backup.");
        migrate(version);
        table_changes_ = std::make_unique<TableChanges>(connection_.getHandle());
    } catch (const DatabaseError&) {
        throw;
    } catch (const SQLite::Exception& error) {
        throw DatabaseError("database " + path + " is not a usable SQLite database (" + error.what() +
                            "). Restore it from a backup or move it aside; mentorbot does not overwrite it.");
    }
}

int Database::schema_version() { return connection_.execAndGet("PRAGMA user_version").getInt(); }

int Database::newest_schema_version() { return static_cast<int>(schema_migrations().size()); }

void Database::migrate(int target_version) {
    const auto& migrations = schema_migrations();
    for (int version = schema_version(); version < target_version; ++version) {
        UnitOfWork transaction = UnitOfWork::transaction(*this, UnitOfWork::Lock::immediate);
        connection_.exec(migrations[static_cast<std::size_t>(version)]);
        connection_.exec("PRAGMA user_version=" + std::to_string(version + 1));
        transaction.commit();
    }
}

Database::CachedStatement& Database::cached(const std::string& sql) {
    auto found = statements_.find(sql);
    if (found == statements_.end()) {
        found = statements_.emplace(sql, CachedStatement{std::make_unique<SQLite::Statement>(connection_, sql)}).first;
    }
    return found->second;
}

SQLite::Statement& Database::hand_out(CachedStatement& cached) {
    cached.statement->reset();
    cached.statement->clearBindings();
    if (!cached.handed_out) {
        cached.handed_out = true;
        handed_out_.push_back(&cached);
    }
    return *cached.statement;
}

SQLite::Statement& Database::prepare(const std::string& sql) { return hand_out(cached(sql)); }

SQLite::Statement& Database::prepare(const char* sql) {
    // The text is compared too: an address alone could be a buffer that now holds other SQL.
    auto found = by_address_.find(sql);
    if (found != by_address_.end() && found->second->statement->getQuery() == sql) return hand_out(*found->second);
    CachedStatement& statement = cached(sql);
    by_address_[sql] = &statement;
    return hand_out(statement);
}

void Database::execute_prepared(const std::string& sql) {
    SQLite::Statement& statement = *cached(sql).statement;
    statement.tryReset();
    statement.exec();
    // Done with at once, so it never holds anything open.
    statement.tryReset();
}

void Database::release_statements() {
    for (CachedStatement* cached : handed_out_) {
        cached->statement->tryReset();
        cached->handed_out = false;
    }
    handed_out_.clear();
}

}  // namespace mentorbot

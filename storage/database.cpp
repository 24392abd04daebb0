// Opens the SQLite file safely: WAL, foreign keys, busy timeout, versioned migrations.
#include "storage/database.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <sqlite3.h>

#include "storage/gathered_wal_writes.h"
#include "storage/migrations.h"
#include "storage/unit_of_work.h"

namespace mentorbot {

namespace {

// ":memory:", "" (a private temporary database) and URIs are not files we create.
bool is_plain_file(const std::string& path) {
    return !path.empty() && path != ":memory:" && !path.starts_with("file:");
}

std::string directory_of(const std::string& path) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}

bool is_permission_error(int error) { return error == EACCES || error == EPERM || error == EROFS; }

std::string read_only_message(const std::string& what, const std::string& whose, int error) {
    return "cannot write to " + what + ": read-only (" + std::strerror(error) + "); check the " + whose +
           " permissions";
}

// The database holds everything about people: a new file is readable by its owner only.
// SQLite gives the -wal and -shm files it creates the mode of the database file.
void create_private_file(const std::string& path) {
    if (!is_plain_file(path)) return;
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        int error = errno;
        if (is_permission_error(error))
            throw DatabaseError(
                read_only_message(directory_of(path) + " (to create " + path + ")", "directory's", error));
        return;  // already there (or a link to one), or a path SQLite will explain
    }
    // The umask may have taken more away; never leave it wider than this.
    ::fchmod(fd, 0600);
    ::close(fd);
}

SQLite::Database open_connection(const std::string& path) {
    create_private_file(path);
    try {
        // One connection belongs to one thread (see Database), so SQLite's own locking
        // around every call would only cost time. A commit's log writes go out as one.
        return SQLite::Database(path.c_str(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX, 0,
                                gathered_wal_vfs_name());
    } catch (const SQLite::Exception& error) {
        if (std::string reason = read_only_reason(path); !reason.empty()) throw DatabaseError(reason);
        throw DatabaseError("cannot open database " + path + ": " + error.what());
    }
}

// Errors that say "I may not write here" rather than "this is not a database".
bool is_access_error(const SQLite::Exception& error) {
    int code = error.getErrorCode() & 0xff;
    return code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM || code == SQLITE_AUTH;
}

}  // namespace

Database::Database(const std::string& path) : Database(path, newest_schema_version()) {}

Database::Database(const std::string& path, int version) : path_(path), connection_(open_connection(path)) {
    try {
        set_busy_timeout(default_busy_timeout);
        // SQLite quietly opens a file it may not write read-only; every write would then
        // fail later, so say so now, in the operator's words.
        if (sqlite3_db_readonly(connection_.getHandle(), "main") == 1) {
            std::string reason = read_only_reason(path_);
            throw DatabaseError(
                !reason.empty() ? reason : "cannot write to " + path_ + ": read-only; check the file's permissions");
        }
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
        // Forgetting a member must not leave their words in free space: deleted content is
        // zeroed, and the log is cut back when it starts over after a checkpoint, so old
        // page images do not linger at its end either.
        connection_.exec("PRAGMA secure_delete=ON");
        connection_.exec("PRAGMA journal_size_limit=0");
        // Reads straight from a memory map of the file instead of a read call and a copy per
        // page: the figures of a large program read much of the file, and did so at half the
        // speed through SQLite's small page cache (the pages stay the kernel's to reclaim).
        connection_.exec("PRAGMA mmap_size=1073741824");
        // Every command runs in a savepoint of the shared group-commit transaction, and a
        // savepoint keeps the first image of each page it changes: in memory, not spilled to
        // a temporary file past 64 KiB, so a command's writes are not written twice.
        connection_.exec("PRAGMA temp_store=MEMORY");
        std::string check = connection_.execAndGet("PRAGMA quick_check").getString();
        if (check != "ok")
            throw DatabaseError("database " + path + " is damaged (" + check + "). Restore it from a backup.");
        migrate(version);
        table_changes_ = std::make_unique<TableChanges>(connection_.getHandle());
    } catch (const DatabaseError&) {
        throw;
    } catch (const SQLite::Exception& error) {
        // A file or directory that may not be written is not damaged: restoring a backup
        // into the same place would fail the same way.
        if (is_access_error(error)) {
            std::string reason = read_only_reason(path_);
            if (!reason.empty()) throw DatabaseError(reason);
            if ((error.getErrorCode() & 0xff) == SQLITE_READONLY)
                throw DatabaseError("cannot write to " + path_ + ": read-only (" + error.what() +
                                    "); check the file's permissions");
        }
        throw DatabaseError("database " + path + " is not a usable SQLite database (" + error.what() +
                            "). Restore it from a backup or move it aside; mentorbot does not overwrite it.");
    }
}

bool is_database_busy(const std::exception& error) {
    const auto* sqlite_error = dynamic_cast<const SQLite::Exception*>(&error);
    if (sqlite_error == nullptr) return false;
    const int code = sqlite_error->getErrorCode() & 0xff;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

std::string read_only_reason(const std::string& path) {
    if (!is_plain_file(path)) return {};
    // The file and whatever SQLite keeps beside it; a missing one is not a reason.
    for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
        if (::access(file.c_str(), W_OK) == 0) continue;
        if (int error = errno; is_permission_error(error)) return read_only_message(file, "file's", error);
    }
    // SQLite creates and removes the -wal and -shm files next to the database.
    const std::string directory = directory_of(path);
    if (::access(directory.c_str(), W_OK) != 0) {
        if (int error = errno; is_permission_error(error))
            return read_only_message(directory + " (the directory of " + path +
                                         ", where SQLite keeps its -wal and -shm files)",
                                     "directory's", error);
    }
    return {};
}

void Database::set_busy_timeout(std::chrono::milliseconds timeout) {
    connection_.setBusyTimeout(static_cast<int>(timeout.count()));
    busy_timeout_ = timeout;
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

// The one way to change the database: a transaction, or a savepoint inside one, that undoes itself unless committed.
#pragma once

#include <string>

#include "storage/database.h"

namespace mentorbot {

// Begins on construction and rolls back when it goes out of scope without commit(), so
// every way out of a piece of work that is not success leaves nothing behind. It can be
// moved, which is how a transaction that has written is handed on to be committed later
// with others (group commit) instead of at once.
class UnitOfWork {
public:
    enum class Lock {
        // Takes the write lock at the first write: reads run beside other writers.
        deferred,
        // Takes the write lock now (waiting out the busy timeout): for work that writes,
        // and for work retried after an old read could not become a write.
        immediate,
    };

    // Begins a transaction.
    static UnitOfWork transaction(Database& database, Lock lock);
    // Begins a savepoint named `name` inside the transaction already open: undoing it
    // undoes only what was done since, and the transaction goes on.
    static UnitOfWork savepoint(Database& database, std::string name);

    UnitOfWork(UnitOfWork&& other) noexcept;
    UnitOfWork& operator=(UnitOfWork&&) = delete;
    UnitOfWork(const UnitOfWork&) = delete;
    UnitOfWork& operator=(const UnitOfWork&) = delete;
    ~UnitOfWork();

    // Makes the work durable (a transaction) or part of its transaction (a savepoint).
    // Throws when SQLite refuses; the work is then rolled back by the destructor.
    void commit();
    // Undoes the work now; errors are logged, not thrown (there is nothing left to undo).
    void rollback() noexcept;
    bool finished() const { return database_ == nullptr; }

private:
    UnitOfWork(Database& database, std::string savepoint);

    Database* database_;
    // Empty for a whole transaction.
    std::string savepoint_;
};

}  // namespace mentorbot

// Transactions and savepoints that roll back unless committed.
#include "storage/unit_of_work.h"

#include <utility>

#include <sqlite3.h>

#include <spdlog/spdlog.h>

namespace mentorbot {

UnitOfWork::UnitOfWork(Database& database, std::string savepoint)
    : database_(&database), savepoint_(std::move(savepoint)) {}

UnitOfWork UnitOfWork::transaction(Database& database, Lock lock) {
    // Prepared once and kept: BEGIN and COMMIT run for every command.
    database.execute_prepared(lock == Lock::immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
    return UnitOfWork(database, "");
}

UnitOfWork UnitOfWork::savepoint(Database& database, std::string name) {
    database.execute_prepared("SAVEPOINT " + name);
    return UnitOfWork(database, std::move(name));
}

UnitOfWork::UnitOfWork(UnitOfWork&& other) noexcept
    : database_(std::exchange(other.database_, nullptr)), savepoint_(std::move(other.savepoint_)) {}

UnitOfWork::~UnitOfWork() { rollback(); }

void UnitOfWork::commit() {
    if (database_ == nullptr) return;
    database_->execute_prepared(savepoint_.empty() ? std::string("COMMIT") : "RELEASE " + savepoint_);
    database_ = nullptr;
}

void UnitOfWork::rollback() noexcept {
    Database* database = std::exchange(database_, nullptr);
    if (database == nullptr) return;
    try {
        if (savepoint_.empty()) {
            // A COMMIT that failed on some errors has ended the transaction already.
            if (sqlite3_get_autocommit(database->connection().getHandle()) != 0) return;
            database->execute_prepared("ROLLBACK");
            return;
        }
        database->execute_prepared("ROLLBACK TO " + savepoint_);
        database->execute_prepared("RELEASE " + savepoint_);
    } catch (const std::exception& error) {
        spdlog::error("rollback failed: {}", error.what());
    }
}

}  // namespace mentorbot

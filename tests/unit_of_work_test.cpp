// The one transaction idiom: work is kept only when committed, savepoints undo alone, a moved unit goes on.
#include <catch2/catch.hpp>

#include <optional>

#include "storage/database.h"
#include "storage/member_store.h"
#include "storage/unit_of_work.h"
#include "tests/support/temp_directory.h"

using namespace mentorbot;
using mentorbot::testing::TempDirectory;

namespace {

bool has_member(Database& database, const std::string& id) { return MemberStore(database).exists(id); }

}  // namespace

TEST_CASE("a unit of work keeps its changes only when committed", "[storage][unit_of_work]") {
    TempDirectory directory;
    Database database(directory.file("work.db"));
    {
        UnitOfWork work = UnitOfWork::transaction(database, UnitOfWork::Lock::immediate);
        MemberStore(database).ensure("console:local:ana", "Ana", 1);
        // Leaving the scope without commit(): as if the work had thrown.
    }
    CHECK_FALSE(has_member(database, "console:local:ana"));

    UnitOfWork work = UnitOfWork::transaction(database, UnitOfWork::Lock::deferred);
    MemberStore(database).ensure("console:local:ben", "Ben", 1);
    work.commit();
    CHECK(work.finished());
    Database other(database.path());
    CHECK(has_member(other, "console:local:ben"));
}

TEST_CASE("an undone savepoint takes back only its own work and the transaction goes on", "[storage][unit_of_work]") {
    TempDirectory directory;
    Database database(directory.file("work.db"));
    UnitOfWork transaction = UnitOfWork::transaction(database, UnitOfWork::Lock::immediate);
    MemberStore(database).ensure("console:local:ana", "Ana", 1);
    {
        UnitOfWork savepoint = UnitOfWork::savepoint(database, "command");
        MemberStore(database).ensure("console:local:ben", "Ben", 1);
    }
    {
        UnitOfWork savepoint = UnitOfWork::savepoint(database, "command");
        MemberStore(database).ensure("console:local:cai", "Cai", 1);
        savepoint.commit();
    }
    transaction.commit();
    CHECK(has_member(database, "console:local:ana"));
    CHECK_FALSE(has_member(database, "console:local:ben"));
    CHECK(has_member(database, "console:local:cai"));
}

TEST_CASE("a unit of work handed on is committed by its new owner, and rolled back by nobody else",
          "[storage][unit_of_work]") {
    TempDirectory directory;
    Database database(directory.file("work.db"));
    std::optional<UnitOfWork> kept;
    {
        UnitOfWork work = UnitOfWork::transaction(database, UnitOfWork::Lock::immediate);
        MemberStore(database).ensure("console:local:ana", "Ana", 1);
        kept.emplace(std::move(work));
        // `work` goes out of scope here: it no longer owns the transaction.
    }
    CHECK(has_member(database, "console:local:ana"));
    kept->commit();
    Database other(database.path());
    CHECK(has_member(other, "console:local:ana"));
}

TEST_CASE("an explicit rollback undoes the work at once", "[storage][unit_of_work]") {
    TempDirectory directory;
    Database database(directory.file("work.db"));
    UnitOfWork work = UnitOfWork::transaction(database, UnitOfWork::Lock::immediate);
    MemberStore(database).ensure("console:local:ana", "Ana", 1);
    work.rollback();
    CHECK(work.finished());
    CHECK_FALSE(has_member(database, "console:local:ana"));
}

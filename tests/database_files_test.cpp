// The database file as an operator meets it: private to its owner, and a read-only file or directory named as such
// rather than called damaged.
#include <catch2/catch.hpp>

#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "storage/database.h"
#include "storage/member_store.h"
#include "tests/support/temp_directory.h"
#include "tests/support/text_file.h"

using namespace mentorbot;
using mentorbot::testing::TempDirectory;

namespace {

unsigned permissions(const std::string& path) {
    struct stat status {};
    REQUIRE(::stat(path.c_str(), &status) == 0);
    return status.st_mode & 07777;
}

// An unprivileged account: root ignores file permissions, so a root test runner drops to it.
constexpr uid_t nobody = 65534;

// Opens `path` as mentorbot would, in a child process that cannot bypass permissions
// (root drops to `nobody`), and returns the DatabaseError's message, "opened" when it
// opened, or "skip" when the child could not give up root.
std::string open_without_privileges(const std::string& path) {
    int pipe_ends[2];
    REQUIRE(::pipe(pipe_ends) == 0);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(pipe_ends[0]);
        std::string answer;
        if (::geteuid() == 0 && (::setgroups(0, nullptr) != 0 || ::setgid(nobody) != 0 || ::setuid(nobody) != 0)) {
            answer = "skip";
        } else {
            try {
                Database database(path);
                answer = "opened";
            } catch (const std::exception& error) {
                answer = error.what();
            }
        }
        std::size_t done = 0;
        while (done < answer.size()) {
            ssize_t wrote = ::write(pipe_ends[1], answer.data() + done, answer.size() - done);
            if (wrote <= 0) break;
            done += static_cast<std::size_t>(wrote);
        }
        ::_exit(0);  // no test framework teardown in the child
    }
    ::close(pipe_ends[1]);
    std::string answer;
    char buffer[512];
    for (ssize_t got; (got = ::read(pipe_ends[0], buffer, sizeof buffer)) > 0;)
        answer.append(buffer, static_cast<std::size_t>(got));
    ::close(pipe_ends[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    return answer;
}

// A database with one member in `directory`, owned by whoever the child will run as.
std::string make_database(const TempDirectory& directory) {
    std::string path = directory.file("bot.db");
    {
        Database database(path);
        MemberStore(database).ensure("console:local:ana", "Ana", 1);
    }
    if (::geteuid() == 0) {
        for (const auto& entry : std::filesystem::directory_iterator(directory.path()))
            REQUIRE(::chown(entry.path().c_str(), nobody, nobody) == 0);
        REQUIRE(::chown(directory.path().c_str(), nobody, nobody) == 0);
    }
    return path;
}

}  // namespace

TEST_CASE("a new database and its -wal and -shm files are readable by their owner only", "[storage]") {
    TempDirectory directory;
    std::string path = directory.file("private.db");
    Database database(path);
    MemberStore(database).ensure("console:local:ana", "Ana", 1);
    // While the connection is open, SQLite keeps its write-ahead log and shared memory beside the file.
    CHECK(permissions(path) == 0600);
    CHECK(permissions(path + "-wal") == 0600);
    CHECK(permissions(path + "-shm") == 0600);
}

TEST_CASE("a read-only database file is reported as read-only, not as damaged", "[storage]") {
    TempDirectory directory;
    std::string path = make_database(directory);
    std::string before = mentorbot::testing::read_text_file(path);
    REQUIRE(::chmod(path.c_str(), 0400) == 0);

    std::string message = open_without_privileges(path);
    if (message == "skip") {
        WARN("cannot give up root here: not checked");
        return;
    }
    CHECK_THAT(message, Catch::Contains("cannot write to " + path + ": read-only") &&
                            Catch::Contains("check the file's permissions"));
    CHECK_THAT(message, !Catch::Contains("backup") && !Catch::Contains("damaged"));
    CHECK(mentorbot::testing::read_text_file(path) == before);
}

TEST_CASE("a database in a read-only directory is reported as read-only, not as damaged", "[storage]") {
    TempDirectory directory;
    std::string path = make_database(directory);
    std::string fresh = directory.file("fresh.db");
    REQUIRE(::chmod(directory.path().c_str(), 0500) == 0);

    std::string existing = open_without_privileges(path);
    std::string created = open_without_privileges(fresh);
    REQUIRE(::chmod(directory.path().c_str(), 0700) == 0);  // so the directory can be removed
    if (existing == "skip") {
        WARN("cannot give up root here: not checked");
        return;
    }
    CHECK_THAT(existing, Catch::Contains("cannot write to " + directory.path().string()) &&
                             Catch::Contains("read-only") && Catch::Contains("check the directory's permissions"));
    CHECK_THAT(existing, !Catch::Contains("backup") && !Catch::Contains("damaged"));
    CHECK_THAT(created, Catch::Contains("cannot write to " + directory.path().string()) &&
                            Catch::Contains("read-only") && Catch::Contains("check the directory's permissions"));
    CHECK(!std::filesystem::exists(fresh));
}

TEST_CASE("a database its owner may write has no read-only reason", "[storage]") {
    TempDirectory directory;
    std::string path = make_database(directory);
    // Nothing stands in the way of its owner (or root): no false alarm.
    CHECK(read_only_reason(path).empty());
    CHECK(read_only_reason(":memory:").empty());
}

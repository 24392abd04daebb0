// Group commit: commands arriving together share one commit, and no answer leaves before its commit.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <optional>

#include "bot/app.h"
#include "bot/metrics.h"
#include "tests/support/callers.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using mentorbot::testing::TestChat;

namespace {

struct GroupCommitScene {
    TestChat chat{/*demo=*/false};
    boost::asio::io_context io;
    // A second connection, as another process would see the file.
    SQLite::Database observer{chat.database_path(), SQLite::OPEN_READONLY};

    explicit GroupCommitScene(std::chrono::milliseconds window = std::chrono::milliseconds(50)) {
        chat.app().enable_group_commit(io.get_executor(), window);
    }
    ~GroupCommitScene() { chat.app().disable_group_commit(); }

    static Caller slack_member(const std::string& user) { return testing::caller_of("slack:T1:" + user, user); }

    // Runs a batched command; the returned slot fills when the app releases the reply.
    std::shared_ptr<std::optional<Reply>> run(const std::string& key, const std::string& user,
                                              const std::string& line) {
        auto answer = std::make_shared<std::optional<Reply>>();
        chat.app().dispatch(testing::text_request(slack_member(user), line, key, CommitPolicy::may_share_commit),
                            [answer](Reply reply) { *answer = std::move(reply); });
        return answer;
    }

    // Lets the commit timer fire (the io_context stops whenever it runs out of work).
    void settle() {
        io.restart();
        io.run_for(std::chrono::milliseconds(200));
    }

    // The member's level as other connections see it (0 when unset or absent).
    int committed_level(const std::string& user) {
        SQLite::Statement query(observer, "SELECT COALESCE(level, 0) FROM members WHERE id = ?");
        query.bind(1, "slack:T1:" + user);
        return query.executeStep() ? query.getColumn(0).getInt() : 0;
    }
};

double commits() { return metrics().value(metric::commits); }

}  // namespace

TEST_CASE("group commit: writes arriving together are answered only after their one shared commit",
          "[app][group-commit]") {
    GroupCommitScene scene;
    const double commits_before = commits();
    auto ana = scene.run("e-1", "U1", "/profile set level:3");
    auto ben = scene.run("e-2", "U2", "/profile set level:2");
    // Applied inside the open batch, but nobody may see the answers yet: not durable.
    CHECK_FALSE(ana->has_value());
    CHECK_FALSE(ben->has_value());
    CHECK(scene.committed_level("U1") == 0);

    scene.settle();
    REQUIRE(ana->has_value());
    REQUIRE(ben->has_value());
    CHECK_THAT((*ana)->response.text, Catch::Contains("level 3"));
    CHECK_THAT((*ben)->response.text, Catch::Contains("level 2"));
    CHECK(scene.committed_level("U1") == 3);
    CHECK(scene.committed_level("U2") == 2);
    CHECK(commits() == commits_before + 1);
}

TEST_CASE("group commit: a read with nothing pending is answered at once", "[app][group-commit]") {
    GroupCommitScene scene;
    scene.run("e-1", "U1", "/profile set level:3");
    scene.settle();
    auto show = scene.run("e-2", "U1", "/profile show");
    REQUIRE(show->has_value());
    CHECK_THAT((*show)->response.text, Catch::Contains("level 3"));
}

TEST_CASE("group commit: a read after a pending write waits for that write's commit", "[app][group-commit]") {
    GroupCommitScene scene;
    auto set = scene.run("e-1", "U1", "/profile set level:4");
    // It reads what the batch wrote, so it must not show it before it is durable.
    auto show = scene.run("e-2", "U1", "/profile show");
    CHECK_FALSE(show->has_value());
    scene.settle();
    REQUIRE(show->has_value());
    CHECK_THAT((*show)->response.text, Catch::Contains("level 4"));
}

TEST_CASE("group commit: a command that must commit now takes the open batch with it", "[app][group-commit]") {
    GroupCommitScene scene(std::chrono::seconds(30));
    auto held = scene.run("e-1", "U1", "/profile set level:5");
    CHECK_FALSE(held->has_value());
    // The console asks for a commit before the reply.
    Reply now = scene.chat.app().run(
        testing::text_request(GroupCommitScene::slack_member("U2"), "/profile set level:1", "d-1"));
    CHECK_THAT(now.response.text, Catch::Contains("level 1"));
    REQUIRE(held->has_value());
    CHECK(scene.committed_level("U1") == 5);
    CHECK(scene.committed_level("U2") == 1);
}

TEST_CASE("group commit: an envelope re-sent into the same batch runs once and gets the same answer",
          "[app][group-commit]") {
    GroupCommitScene scene;
    auto first = scene.run("e-1", "U1", "/profile set level:3 dept:Data");
    auto again = scene.run("e-1", "U1", "/profile set level:3 dept:Data");
    scene.settle();
    REQUIRE(first->has_value());
    REQUIRE(again->has_value());
    CHECK((*again)->response.text == (*first)->response.text);
    CHECK(scene.chat.database()
              .connection()
              .execAndGet("SELECT COUNT(*) FROM processed_deliveries WHERE delivery_key = 'e-1'")
              .getInt() == 1);
}

TEST_CASE("group commit: a user error in the batch undoes only that command", "[app][group-commit]") {
    GroupCommitScene scene;
    auto good = scene.run("e-1", "U1", "/profile set level:3");
    auto bad = scene.run("e-2", "U2", "/profile set level:9");
    scene.settle();
    REQUIRE(good->has_value());
    REQUIRE(bad->has_value());
    CHECK_THAT((*bad)->response.text, Catch::Contains("⚠️"));
    CHECK(scene.committed_level("U1") == 3);
    CHECK(scene.committed_level("U2") == 0);
}

TEST_CASE("group commit: when the shared commit fails, every waiting command is told and nothing remains",
          "[app][group-commit]") {
    GroupCommitScene scene;
    // A constraint checked only at COMMIT lets the test make that commit fail for real.
    scene.chat.database().execute("CREATE TABLE commit_guard_parent (id INTEGER PRIMARY KEY)");
    scene.chat.database().execute("CREATE TABLE commit_guard (ref INTEGER REFERENCES commit_guard_parent(id) "
                                  "DEFERRABLE INITIALLY DEFERRED)");
    auto ana = scene.run("e-1", "U1", "/profile set level:3");
    auto ben = scene.run("e-2", "U2", "/profile set level:2");
    scene.chat.database().execute("INSERT INTO commit_guard VALUES (987654)");
    scene.settle();
    REQUIRE(ana->has_value());
    REQUIRE(ben->has_value());
    CHECK_THAT((*ana)->response.text,
               Catch::Contains("something went wrong") && Catch::Contains("Nothing was changed"));
    CHECK_THAT((*ben)->response.text, Catch::Contains("something went wrong"));
    CHECK(scene.committed_level("U1") == 0);
    CHECK(scene.committed_level("U2") == 0);
    // No run-once record survived either: a re-sent envelope runs for real.
    scene.chat.database().execute("DELETE FROM commit_guard");
    auto retried = scene.run("e-1", "U1", "/profile set level:3");
    scene.settle();
    REQUIRE(retried->has_value());
    CHECK_THAT((*retried)->response.text, Catch::Contains("level 3"));
    CHECK(scene.committed_level("U1") == 3);
}

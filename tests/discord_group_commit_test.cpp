// Discord interactions arriving together share one commit, and each is answered only once it is durable.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <map>
#include <mutex>
#include <set>

#include "bot/app.h"
#include "bot/discord/discord_transport.h"
#include "bot/metrics.h"
#include "bot/net/tls.h"
#include "commands/registry.h"
#include "tests/fake_discord/fake_discord.h"
#include "tests/fake_discord/payloads.h"
#include "tests/support/fake_discord_thread.h"
#include "tests/support/row_count.h"
#include "tests/support/run_binary.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_ca.h"
#include "tests/support/test_chat.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// `/profile set level:<level>` from Discord user `user`, with a fresh id.
json set_level(std::uint64_t serial, const std::string& user, int level) {
    return slash_command(fresh_snowflake(serial), "profile", "set",
                         json::array({{{"name", "level"}, {"type", 3}, {"value", std::to_string(level)}}}), user);
}

// The member's level as a connection of its own sees the file (0 when unset or absent).
int level_in(SQLite::Database& database, const std::string& user) {
    SQLite::Statement query(database, "SELECT COALESCE(level, 0) FROM members WHERE id = ?");
    query.bind(1, "discord:G1:" + user);
    return query.executeStep() ? query.getColumn(0).getInt() : 0;
}

// The real app behind the Discord transport, with group commit on: the batch commits
// when the test says so, never by its timer, so "together" does not depend on timing.
struct DiscordGroupCommit {
    TestChat chat{/*demo=*/false};  // outlives the transport that calls it
    boost::asio::io_context io;
    TempDirectory directory;
    TestCertificates certificates = TestCertificates::generate();
    TrustedCaFile trust{certificates.write_ca_file(directory.path())};
    FakeDiscord discord{io, certificates};
    std::shared_ptr<discord::MemoryRegistrationRecord> registrations =
        std::make_shared<discord::MemoryRegistrationRecord>();
    std::shared_ptr<discord::DiscordTransport> transport;
    // Another connection, as another process sees the file.
    SQLite::Database observer{chat.database_path(), SQLite::OPEN_READONLY};
    std::uint64_t serial = 0;

    DiscordGroupCommit() {
        chat.app().enable_group_commit(io.get_executor(), std::chrono::hours(1));
        discord.start();
        connect();
    }
    ~DiscordGroupCommit() {
        transport->stop();
        run_for(io, 100ms);
        chat.app().disable_group_commit();
        discord.stop();
        run_for(io, 20ms);
    }
    // A transport of its own, as a restarted process has: it remembers no interaction.
    void connect() {
        discord::DiscordOptions options;
        options.token = FakeDiscord::bot_token;
        options.application_id = FakeDiscord::application_id;
        options.api_base = discord.api_base();
        options.random_unit = [] { return 0.0; };
        // Every answer here is a type-4 callback: neither age nor a slow machine defers one.
        options.defer_after = std::chrono::minutes(1);
        options.slow_command = std::chrono::minutes(1);
        transport = discord::DiscordTransport::create(io.get_executor(), net::make_client_tls_context(), chat.app(),
                                                      registrations, CommandRegistry::standard().commands(), options,
                                                      [](const std::string&) {});
        transport->start();
        REQUIRE(wait([&] { return discord.gateway_ready() && transport->gateway().connected_and_ready(); }));
    }
    bool wait(const std::function<bool()>& done) { return run_until(io, done, 5s); }
    std::string send(json interaction) {
        const std::string id = interaction["id"];
        discord.dispatch("INTERACTION_CREATE", std::move(interaction));
        return id;
    }
    bool answered(const std::string& id) const { return discord.callbacks.count(id) != 0; }
    // The member's level as the app's own connection sees it: with the open batch.
    int level_in_batch(const std::string& user) { return level_in(chat.database().connection(), user); }
    int committed_level(const std::string& user) { return level_in(observer, user); }
};

double commits() { return metrics().value(metric::commits); }

}  // namespace

TEST_CASE("On Discord interactions arriving together share one commit and each is answered after it",
          "[discord][group-commit]") {
    DiscordGroupCommit d;
    const std::map<std::string, int> levels = {{"51", 1}, {"52", 2}, {"53", 3}, {"54", 4}, {"55", 5}};
    std::map<std::string, std::string> user_of;  // interaction id → user
    std::map<std::string, int> level_seen_at_answer;
    d.discord.on_callback = [&](const std::string& id, const json&) {
        level_seen_at_answer[id] = d.committed_level(user_of[id]);
    };
    const double commits_before = commits();
    for (const auto& [user, level] : levels) user_of[d.send(set_level(++d.serial, user, level))] = user;

    // Every command ran in the open batch; none is durable yet, so none is answered.
    REQUIRE(d.wait([&] {
        for (const auto& entry : levels)
            if (d.level_in_batch(entry.first) != entry.second) return false;
        return true;
    }));
    CHECK(d.discord.callbacks.empty());
    for (const auto& entry : levels) CHECK(d.committed_level(entry.first) == 0);

    REQUIRE(d.chat.app().commit_pending());
    REQUIRE(d.wait([&] { return d.discord.callbacks.size() == levels.size(); }));
    for (const auto& [id, user] : user_of) {
        CAPTURE(user);
        REQUIRE(d.discord.callbacks[id].size() == 1);
        CHECK(d.discord.callbacks[id][0]["type"] == 4);
        CHECK_THAT(callback_text(d.discord.callbacks[id][0]),
                   Catch::Contains("level " + std::to_string(levels.at(user))));
        // Its change was on disk before its answer left.
        CHECK(level_seen_at_answer[id] == levels.at(user));
    }
    CHECK(commits() == commits_before + 1);
}

TEST_CASE("On Discord the answers one commit releases go out together, not a few per round trip",
          "[discord][group-commit]") {
    DiscordGroupCommit d;
    // Discord (the fake) answers no callback until eight are waiting at once.
    constexpr std::size_t together = 8;
    d.discord.hold_callbacks_until = together;
    std::vector<std::string> users;
    for (std::size_t i = 0; i < together; ++i) {
        users.push_back(std::to_string(800 + i));
        d.send(set_level(++d.serial, users.back(), 3));
    }
    REQUIRE(d.wait([&] {
        for (const auto& user : users)
            if (d.level_in_batch(user) != 3) return false;
        return true;
    }));
    REQUIRE(d.chat.app().commit_pending());
    REQUIRE(d.wait([&] { return d.discord.callbacks.size() == together; }));
    CHECK(d.discord.most_callbacks_held == together);
}

TEST_CASE("On Discord a failed shared commit answers every waiting interaction with the apology and keeps none "
          "of their changes",
          "[discord][group-commit]") {
    DiscordGroupCommit d;
    // A constraint checked only at COMMIT lets the test make that commit fail for real.
    d.chat.database().execute("CREATE TABLE commit_guard_parent (id INTEGER PRIMARY KEY)");
    d.chat.database().execute("CREATE TABLE commit_guard (ref INTEGER REFERENCES commit_guard_parent(id) "
                              "DEFERRABLE INITIALLY DEFERRED)");
    const std::vector<std::string> users = {"61", "62", "63"};
    std::vector<std::string> ids;
    for (const auto& user : users) ids.push_back(d.send(set_level(++d.serial, user, 2)));
    REQUIRE(d.wait([&] {
        for (const auto& user : users)
            if (d.level_in_batch(user) != 2) return false;
        return true;
    }));
    d.chat.database().execute("INSERT INTO commit_guard VALUES (987654)");

    CHECK_FALSE(d.chat.app().commit_pending());
    REQUIRE(d.wait([&] { return d.discord.callbacks.size() == ids.size(); }));
    for (const auto& id : ids) {
        REQUIRE(d.discord.callbacks[id].size() == 1);
        const std::string text = callback_text(d.discord.callbacks[id][0]);
        CHECK_THAT(text, Catch::Contains("something went wrong") && Catch::Contains("Nothing was changed"));
        CHECK_THAT(text, !Catch::Contains("level 2"));
    }
    for (const auto& user : users) CHECK(d.committed_level(user) == 0);
}

TEST_CASE("On Discord an interaction sent again after a restart is answered from its record without running again",
          "[discord][group-commit]") {
    DiscordGroupCommit d;
    json request = slash_command(fresh_snowflake(++d.serial), "flash", "request",
                                 json::array({{{"name", "topic"}, {"type", 3}, {"value", "kubernetes"}}}), "71");
    const std::string id = request["id"];
    // The process goes away after the commit, before Discord took its answer.
    d.discord.script_once("POST", "/interactions/" + id + "/", 404,
                          json{{"message", "Unknown interaction"}, {"code", 10062}});
    d.send(request);
    REQUIRE(d.wait([&] { return count_rows(d.chat.database(), "SELECT COUNT(*) FROM requests") == 1; }));
    REQUIRE(d.chat.app().commit_pending());
    REQUIRE(d.wait([&] { return d.discord.requests_to("POST", "/interactions/" + id + "/").size() == 1; }));
    CHECK_FALSE(d.answered(id));
    const std::string first = callback_text(d.discord.requests_to("POST", "/interactions/" + id + "/")[0]->body);
    CHECK_THAT(first, Catch::Contains("#1"));

    // A new process remembers no reply of the old one; Discord sends the interaction once more.
    d.transport->stop();
    run_for(d.io, 100ms);
    d.chat.app().disable_group_commit();
    d.chat.restart();
    d.chat.app().enable_group_commit(d.io.get_executor(), std::chrono::hours(1));
    d.connect();
    d.send(request);
    REQUIRE(d.wait([&] { return d.answered(id); }));
    REQUIRE(d.discord.callbacks[id].size() == 1);
    CHECK(callback_text(d.discord.callbacks[id][0]) == first);
    CHECK(count_rows(d.chat.database(), "SELECT COUNT(*) FROM requests") == 1);
}

TEST_CASE("On Discord an autocomplete while a batch is open is answered at once and writes nothing",
          "[discord][group-commit]") {
    DiscordGroupCommit d;
    const std::string held = d.send(set_level(++d.serial, "81", 3));
    REQUIRE(d.wait([&] { return d.level_in_batch("81") == 3; }));
    const double commits_before = commits();
    const std::string typing = d.send(
        autocomplete(fresh_snowflake(++d.serial), "flash", "request", "topic", "ku", "82"));
    REQUIRE(d.wait([&] { return d.answered(typing); }));
    CHECK(d.discord.callbacks[typing][0]["type"] == 8);
    // The keystroke neither committed the batch nor was held by it.
    CHECK_FALSE(d.answered(held));
    CHECK(commits() == commits_before);
    REQUIRE(d.chat.app().commit_pending());
    REQUIRE(d.wait([&] { return d.answered(held); }));
}

TEST_CASE("mentorbot answers Discord interactions sent together only once their changes are on disk",
          "[discord][end-to-end][group-commit]") {
    TempDirectory directory;
    const auto certificates = TestCertificates::generate();
    const std::string ca_file = certificates.write_ca_file(directory.path());
    const std::string database = directory.file("discord.db");
    const std::map<std::string, int> levels = {{"91", 1}, {"92", 2}, {"93", 3}, {"94", 4},
                                               {"95", 5}, {"96", 6}, {"97", 1}, {"98", 2}};
    std::map<std::string, std::string> user_of;  // interaction id → user
    std::map<std::string, int> level_seen_at_answer;
    std::uint64_t serial = 0;

    FakeDiscordThread fake(certificates);
    fake.discord.on_ready = [&] {
        // All at once: nothing waits for an answer before the next goes out.
        for (const auto& [user, level] : levels) {
            json interaction = set_level(++serial, user, level);
            user_of[interaction["id"]] = user;
            fake.discord.dispatch("INTERACTION_CREATE", interaction);
        }
    };
    fake.discord.on_callback = [&](const std::string& id, const json&) {
        // What another process finds in the file the moment the answer arrives.
        SQLite::Database reader(database, SQLite::OPEN_READONLY);
        level_seen_at_answer[id] = level_in(reader, user_of[id]);
        // The fake files this callback once this returns: the last one closes the gateway.
        if (level_seen_at_answer.size() == levels.size()) fake.discord.close_gateway(4004);
    };
    const std::string environment = "SSL_CERT_FILE=" + ca_file + " DISCORD_BOT_TOKEN=" + FakeDiscord::bot_token +
                                    " DISCORD_APPLICATION_ID=" + FakeDiscord::application_id +
                                    " DISCORD_API_URL=" + fake.discord.api_base();
    auto run = run_mentorbot(directory, "--db " + database + " --no-demo", "", environment);
    fake.finish();

    CHECK(run.exit_code == 3);
    REQUIRE(user_of.size() == levels.size());
    for (const auto& [id, user] : user_of) {
        CAPTURE(user);
        REQUIRE(fake.discord.callbacks[id].size() == 1);
        CHECK_THAT(callback_text(fake.discord.callbacks[id][0]),
                   Catch::Contains("level " + std::to_string(levels.at(user))));
        CHECK(level_seen_at_answer[id] == levels.at(user));
    }
}

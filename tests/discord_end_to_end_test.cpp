// The real mentorbot binary on the fake Discord: commands through the real app, registration kept, fatal close.
#include <catch2/catch.hpp>

#include <functional>

#include "bot/discord/command_registration.h"
#include "bot/discord/stored_registration_record.h"
#include "commands/registry.h"
#include "storage/database.h"
#include "tests/fake_discord/fake_discord.h"
#include "tests/fake_discord/payloads.h"
#include "tests/support/fake_discord_thread.h"
#include "tests/support/run_binary.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_ca.h"

using namespace mentorbot;
using namespace mentorbot::testing;
using nlohmann::json;

namespace {

// Plays a conversation on the fake: each interaction goes out once the previous one was
// answered (with ids made at send time: an interaction's age decides whether it is
// deferred); after the last answer Discord revokes the token (close 4004).
struct ScriptedConversation {
    std::vector<json> script;
    std::uint64_t serial = 0;
    std::vector<std::string> ids;  // of the interactions sent, in order
    std::size_t next = 0;
    // Fills in an interaction from the answer before it (a choice among what it offered).
    std::function<void(json& interaction, const json& last_callback)> prepare;
    json last_callback;

    void play_on(FakeDiscord& discord) {
        auto send_next = [this, &discord] {
            if (next < script.size()) {
                json interaction = script[next++];
                if (prepare) prepare(interaction, last_callback);
                interaction["id"] = fresh_snowflake(++serial);
                interaction["token"] = "itoken-" + interaction["id"].get<std::string>();
                ids.push_back(interaction["id"]);
                discord.dispatch("INTERACTION_CREATE", interaction);
            } else {
                discord.close_gateway(4004);
            }
        };
        discord.on_ready = send_next;
        discord.on_callback = [this, send_next](const std::string&, const json& body) {
            last_callback = body;
            send_next();
        };
    }
};

// The environment that points the binary at `fake`, trusting the test CA in `ca_file`.
std::string environment_for(const FakeDiscord& fake, const std::string& ca_file) {
    return "SSL_CERT_FILE=" + ca_file + " DISCORD_BOT_TOKEN=" + FakeDiscord::bot_token +
           " DISCORD_APPLICATION_ID=" + FakeDiscord::application_id + " DISCORD_API_URL=" + fake.api_base();
}

// `interaction` as sent from server `guild`.
json in_server(json interaction, const std::string& guild) {
    interaction["guild_id"] = guild;
    return interaction;
}

}  // namespace

TEST_CASE("mentorbot serves Discord through the real app and exits 3 on a fatal close", "[discord][end-to-end]") {
    TempDirectory directory;
    const auto certificates = TestCertificates::generate();
    const std::string ca_file = certificates.write_ca_file(directory.path());
    const std::string database = directory.file("discord.db");

    // The conversation: each interaction goes out once the previous one was answered;
    // after the last answer Discord revokes the token (close 4004).
    std::uint64_t serial = 0;
    std::vector<json> script = {
        slash_command(fresh_snowflake(++serial), "profile", "set",
                      json::parse(R"([{"name":"skills","type":3,"value":"kubernetes, go"},
                                      {"name":"tz","type":3,"value":"Europe/Berlin"}])"),
                      "42"),
        slash_command(fresh_snowflake(++serial), "profile", "show", json::array(), "42"),
        slash_command(fresh_snowflake(++serial), "coach", "help", json::array(), "43"),
        slash_command(fresh_snowflake(++serial), "profile", "show",
                      json::parse(R"([{"name":"user","type":6,"value":"42"}])"), "43"),
    };
    // Declared before the fake, so it outlives the fake's thread.
    ScriptedConversation conversation{script, serial};
    FakeDiscordThread fake(certificates);
    conversation.play_on(fake.discord);
    const std::vector<std::string>& ids = conversation.ids;

    const std::string environment = environment_for(fake.discord, ca_file);
    auto run = run_mentorbot(directory, "--db " + database + " --no-demo", "", environment);
    fake.finish();

    CHECK(run.exit_code == 3);
    CHECK(run.errors.find("Discord stopped the bot for good: Discord rejected the bot token (close 4004)") !=
          std::string::npos);
    CHECK(run.errors.find(FakeDiscord::bot_token) == std::string::npos);  // the token is never logged
    REQUIRE(ids.size() == script.size());
    for (const auto& id : ids) {
        CAPTURE(id);
        REQUIRE(fake.discord.callbacks[id].size() == 1);
        CHECK(fake.discord.callbacks[id][0]["type"] == 4);
    }
    const std::string own_profile = fake.discord.callbacks[ids[1]][0]["data"]["content"];
    CHECK(own_profile.find("kubernetes") != std::string::npos);
    CHECK(fake.discord.callbacks[ids[1]][0]["data"]["flags"] == 64);
    const std::string help = fake.discord.callbacks[ids[2]][0]["data"]["content"];
    CHECK(help.find("/flash") != std::string::npos);
    // Another member sees the profile through a Discord user option.
    const std::string other_view = fake.discord.callbacks[ids[3]][0]["data"]["content"];
    CHECK(other_view.find("kubernetes") != std::string::npos);

    // Registration: the standard commands, once, remembered in the database.
    auto puts = fake.discord.requests_to("PUT", "/applications/900/commands");
    REQUIRE(puts.size() == 1);
    CHECK(puts[0]->body == discord::application_commands_json(CommandRegistry::standard().commands()));
    {
        Database reopened(database);
        discord::StoredRegistrationRecord record(reopened);
        CHECK(record.last_hash("900:global") == discord::application_commands_hash(puts[0]->body));
    }

    // A restart with the same commands sends no PUT.
    FakeDiscordThread second(certificates);
    second.discord.on_ready = [&] { second.discord.close_gateway(4004); };
    const std::string second_environment = environment_for(second.discord, ca_file);
    auto restart = run_mentorbot(directory, "--db " + database + " --no-demo", "", second_environment);
    second.finish();
    CHECK(restart.exit_code == 3);
    CHECK(second.discord.requests_to("PUT", "/applications/").empty());
    CHECK(second.discord.identifies.size() == 1);
}

TEST_CASE("On Discord a topic option offers the topics mentors offer as it is typed", "[discord][end-to-end]") {
    TempDirectory directory;
    const auto certificates = TestCertificates::generate();
    const std::string ca_file = certificates.write_ca_file(directory.path());
    std::uint64_t serial = 0;
    const auto offer = [&](const std::string& topics, const std::string& user) {
        return slash_command(fresh_snowflake(++serial), "mentor", "offer",
                             json::array({{{"name", "topics"}, {"type", 3}, {"value", topics}}}), user);
    };
    std::vector<json> script = {
        offer("kubernetes, go", "41"),
        offer("kubernetes", "42"),
        offer("kotlin", "43"),
        autocomplete(fresh_snowflake(++serial), "flash", "request", "topic", "k", "44"),
        autocomplete(fresh_snowflake(++serial), "flash", "request", "topic", "k8s", "44"),
        autocomplete(fresh_snowflake(++serial), "mentor", "offer", "topics", "rust, ko", "44"),
        autocomplete(fresh_snowflake(++serial), "flash", "request", "topic", "zzz", "44"),
    };
    ScriptedConversation conversation{script, serial};
    FakeDiscordThread fake(certificates);
    conversation.play_on(fake.discord);
    const std::string environment = environment_for(fake.discord, ca_file);
    auto run = run_mentorbot(directory, "--db " + directory.file("suggest.db") + " --no-demo", "", environment);
    fake.finish();
    CHECK(run.exit_code == 3);
    const std::vector<std::string>& ids = conversation.ids;
    REQUIRE(ids.size() == script.size());
    const auto choices_of = [&](std::size_t index) {
        REQUIRE(fake.discord.callbacks[ids[index]].size() == 1);
        const json& callback = fake.discord.callbacks[ids[index]][0];
        CHECK(callback["type"] == 8);
        return callback["data"]["choices"];
    };
    // Most offered first; "go" does not start with k and holds no k.
    CHECK(choices_of(3) == json::parse(R"json([{"name":"kubernetes (2 mentors)","value":"kubernetes"},
                                                {"name":"kotlin (1 mentor)","value":"kotlin"}])json"));
    // An alias stands for its tag.
    CHECK(choices_of(4)[0]["value"] == "kubernetes");
    // In a list the last topic is completed and the ones before it kept.
    CHECK(choices_of(5) == json::parse(R"json([{"name":"rust, kotlin (1 mentor)","value":"rust, kotlin"}])json"));
    CHECK(choices_of(6) == json::array());
    // Keystrokes are not commands: nothing about them was stored as one.
    Database database(directory.file("suggest.db"));
    SQLite::Statement requests(database.connection(), "SELECT COUNT(*) FROM requests");
    REQUIRE(requests.executeStep());
    CHECK(requests.getColumn(0).getInt() == 0);
}

TEST_CASE("On Discord a pod is chosen from a select and joined as the member who chose it",
          "[discord][end-to-end][selects]") {
    TempDirectory directory;
    const auto certificates = TestCertificates::generate();
    const std::string ca_file = certificates.write_ca_file(directory.path());
    std::uint64_t serial = 0;
    const auto pod = [&](const std::string& subcommand, json options, const std::string& user) {
        return slash_command(fresh_snowflake(++serial), "pod", subcommand, std::move(options), user);
    };
    std::vector<json> script = {
        pod("create", json::parse(R"([{"name":"name","type":3,"value":"rust-readers"},
                                       {"name":"topic","type":3,"value":"rust"}])"),
            "41"),
        pod("join", json::array(), "42"),
        select_choice(fresh_snowflake(++serial), "mentorbot:select:0", "(chosen below)", "42"),
        pod("show", json::parse(R"([{"name":"name","type":3,"value":"rust-readers"}])"), "42"),
    };
    ScriptedConversation conversation{script, serial};
    std::string offered_value;
    conversation.prepare = [&offered_value](json& interaction, const json& last_callback) {
        if (interaction["type"] != 3) return;
        // The option the member picks: the first of the select in the answer before.
        for (const auto& row : last_callback["data"]["components"]) {
            for (const auto& component : row["components"]) {
                if (component["type"] == 3) offered_value = component["options"][0]["value"];
            }
        }
        interaction["data"]["values"] = json::array({offered_value});
    };
    FakeDiscordThread fake(certificates);
    conversation.play_on(fake.discord);
    const std::string environment = environment_for(fake.discord, ca_file);
    auto run = run_mentorbot(directory, "--db " + directory.file("select.db") + " --no-demo", "", environment);
    fake.finish();
    CHECK(run.exit_code == 3);
    const std::vector<std::string>& ids = conversation.ids;
    REQUIRE(ids.size() == script.size());
    const auto answer = [&](std::size_t index) {
        REQUIRE(fake.discord.callbacks[ids[index]].size() == 1);
        return fake.discord.callbacks[ids[index]][0];
    };
    // /pod join without a name: a string select of the pods 42 may join.
    const json offered = answer(1);
    INFO(offered.dump());
    CHECK(offered["data"]["content"].get<std::string>().find("Which pod?") != std::string::npos);
    CHECK(offered_value == "/pod join name:rust-readers");
    // The choice ran as 42, exactly as typing it would.
    const std::string joined = answer(2)["data"]["content"];
    CHECK(joined.find("You joined pod rust-readers (2 of 6)") != std::string::npos);
    const std::string shown = answer(3)["data"]["content"];
    CHECK(shown.find("<@42>") != std::string::npos);
}

TEST_CASE("mentorbot refuses a malformed Discord setting at startup", "[discord][end-to-end]") {
    TempDirectory directory;
    auto run = run_mentorbot(directory, "--db " + directory.file("x.db") + " --no-demo", "",
                             "DISCORD_BOT_TOKEN=t DISCORD_APPLICATION_ID=900 DISCORD_SHARD=5/2");
    CHECK(run.exit_code == 2);
    CHECK(run.errors.find("DISCORD_SHARD") != std::string::npos);
}

TEST_CASE("On Discord an admin of another server cannot reach this server's members and an unlisted server is refused",
          "[discord][end-to-end][tenancy]") {
    TempDirectory directory;
    const auto certificates = TestCertificates::generate();
    const std::string ca_file = certificates.write_ca_file(directory.path());

    // Server 111 has pod alpha with two members; 77 administers server 222 (Administrator
    // bit); server 333 is not on the list.
    const json phishing = json::parse(R"([{"name":"pod","type":3,"value":"all"},
                                          {"name":"text","type":3,"value":"Verify your account at evil.example"}])");
    const json at_alpha = json::parse(R"([{"name":"pod","type":3,"value":"alpha"},
                                          {"name":"text","type":3,"value":"Verify your account"}])");
    std::vector<json> script = {
        in_server(slash_command("0", "pod", "create", json::parse(R"([{"name":"name","type":3,"value":"alpha"}])"),
                                "42"),
                  "111"),
        in_server(slash_command("0", "pod", "join", json::parse(R"([{"name":"name","type":3,"value":"alpha"}])"), "43"),
                  "111"),
        in_server(slash_command("0", "announce", "", phishing, "77", "8"), "222"),
        in_server(slash_command("0", "announce", "", at_alpha, "77", "8"), "222"),
        in_server(slash_command("0", "profile", "show", json::array(), "90"), "333"),
        in_server(slash_command("0", "profile", "show", json::array(), "91"), "333"),
    };
    ScriptedConversation conversation{script};
    FakeDiscordThread fake(certificates);
    conversation.play_on(fake.discord);
    const std::vector<std::string>& ids = conversation.ids;

    const std::string environment = environment_for(fake.discord, ca_file) + " MENTORBOT_DISCORD_SERVERS=111,222";
    auto run = run_mentorbot(directory, "--db " + directory.file("tenants.db") + " --no-demo", "", environment);
    fake.finish();

    CHECK(run.exit_code == 3);
    REQUIRE(ids.size() == script.size());
    auto answer = [&](std::size_t index) -> const json& { return fake.discord.callbacks[ids[index]].at(0)["data"]; };
    CHECK_THAT(answer(1).value("content", ""), Catch::Contains("You joined pod alpha"));
    // The other server's admin is told why, privately, and nothing goes out.
    CHECK_THAT(answer(2).value("content", ""), Catch::Contains("no active pods in this Discord server"));
    CHECK(answer(2)["flags"] == 64);
    CHECK_THAT(answer(3).value("content", ""), Catch::Contains("pod alpha is not in this Discord server"));
    CHECK(answer(3)["flags"] == 64);
    CHECK(fake.discord.requests_to("POST", "/users/@me/channels").empty());
    CHECK(fake.discord.channel_messages.empty());
    // The unlisted server: refused privately each time, logged once.
    for (std::size_t index : {4, 5}) {
        CHECK_THAT(answer(index).value("content", ""), Catch::Contains("mentorbot does not serve this Discord server"));
        CHECK(answer(index)["flags"] == 64);
    }
    std::size_t logged = 0;
    for (std::size_t at = run.errors.find("refused a command from server 333"); at != std::string::npos;
         at = run.errors.find("refused a command from server 333", at + 1))
        ++logged;
    CHECK(logged == 1);
}

TEST_CASE("On Discord without a list of servers the first server to use the bot is served and another is refused",
          "[discord][end-to-end][tenancy]") {
    TempDirectory directory;
    const auto certificates = TestCertificates::generate();
    const std::string ca_file = certificates.write_ca_file(directory.path());
    const json rust = json::parse(R"([{"name":"skills","type":3,"value":"rust"}])");
    // Server 111 uses the bot first; then an admin of server 222 (someone added the public
    // bot there) tries it, and 111 goes on being served.
    std::vector<json> script = {
        in_server(slash_command("0", "profile", "set", rust, "42"), "111"),
        in_server(slash_command("0", "coach", "stats", json::array(), "77", "8"), "222"),
        in_server(slash_command("0", "profile", "show", json::array(), "42"), "111"),
    };
    ScriptedConversation conversation{script};
    FakeDiscordThread fake(certificates);
    conversation.play_on(fake.discord);
    const std::vector<std::string>& ids = conversation.ids;

    const std::string environment = environment_for(fake.discord, ca_file);
    auto run = run_mentorbot(directory, "--db " + directory.file("adopted.db") + " --no-demo", "", environment);
    fake.finish();

    CHECK(run.exit_code == 3);
    REQUIRE(ids.size() == script.size());
    auto answer = [&](std::size_t index) -> const json& { return fake.discord.callbacks[ids[index]].at(0)["data"]; };
    CHECK_THAT(answer(1).value("content", ""), Catch::Contains("mentorbot does not serve this Discord server (222)") &&
                                                   Catch::Contains("serves the Discord server that used it first"));
    CHECK(answer(1)["flags"] == 64);
    CHECK_THAT(answer(2).value("content", ""), Catch::Contains("rust"));
    // The operator reads which server is served, and which one was refused.
    CHECK_THAT(run.errors, Catch::Contains("no list of served servers: serving the first server to use it") &&
                               Catch::Contains("serving server 111, the first to use the bot") &&
                               Catch::Contains("refused a command from server 222"));
}

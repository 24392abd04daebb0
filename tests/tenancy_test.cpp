// Tenants: the served-tenants lists, admins who act within their own workspace or server only, and refusals.
#include <catch2/catch.hpp>

#include <fstream>

#include <SQLiteCpp/SQLiteCpp.h>

#include "config/config_file.h"
#include "storage/program_figures.h"
#include "tests/support/callers.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

std::string config_problem(const std::string& content) {
    TempDirectory directory;
    const std::string path = directory.file("mentorbot.toml");
    std::ofstream(path) << content;
    try {
        load_config_file(path);
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "no problem";
}

Config load_config_file_text(const std::string& content) {
    TempDirectory directory;
    const std::string path = directory.file("mentorbot.toml");
    std::ofstream(path) << content;
    return load_config_file(path);
}

// Two Discord servers, both served: 111 runs pod alpha (members 42 and 43); 222 has an admin, 77.
struct TwoServers {
    TestChat chat{false, serving_every_tenant()};
    Caller member_a = caller_of("discord:111:42", "ana");
    Caller other_a = caller_of("discord:111:43", "ben");
    Caller admin_a = caller_of("discord:111:5", "ada", /*platform_admin=*/true);
    Caller admin_b = caller_of("discord:222:77", "mallory", /*platform_admin=*/true);

    TwoServers() {
        run(member_a, "/pod create name:alpha topic:rust");
        run(other_a, "/pod join alpha");
        run(member_a, "/flash request rust");
        chat.take_deliveries();
    }
    Reply run(const Caller& caller, const std::string& line) { return chat.app().run(text_request(caller, line)); }
    // Messages waiting to go to these members, by id: every outbox row, whatever its state.
    std::vector<std::string> outbox_targets() {
        SQLite::Statement query(chat.database().connection(), "SELECT target FROM outbox ORDER BY id");
        std::vector<std::string> targets;
        while (query.executeStep()) targets.push_back(query.getColumn(0).getString());
        return targets;
    }
};

}  // namespace

TEST_CASE("the served workspaces and servers come from the config file or the environment", "[tenancy][config]") {
    TempDirectory directory;
    const std::string path = directory.file("mentorbot.toml");
    std::ofstream(path) << "[slack]\nworkspaces = [\"T024BE7LD\", \"E0ORG\"]\n[discord]\nservers = [\"111\"]\n";
    Config config = load_config_file(path);
    CHECK(config.slack_workspaces == std::vector<std::string>{"T024BE7LD", "E0ORG"});
    CHECK(config.discord_servers == std::vector<std::string>{"111"});
    CHECK(config.listing(member("discord:111:42")) == TenantListing::served);
    CHECK(config.listing(member("discord:222:42")) == TenantListing::refused);
    CHECK(config.listing(member("slack:E0ORG:U1")) == TenantListing::served);
    CHECK(config.listing(member("slack:T999:U1")) == TenantListing::refused);
    // The console is always served.
    CHECK(config.listing(member("console:local:ana")) == TenantListing::served);

    config.apply_environment(fixed_environment({{"MENTORBOT_DISCORD_SERVERS", "222, 333"}}));
    CHECK(config.discord_servers == std::vector<std::string>{"222", "333"});
    CHECK(config.slack_workspaces.size() == 2);  // untouched by the other variable
    CHECK_THROWS_WITH(config.apply_environment(fixed_environment({{"MENTORBOT_SLACK_WORKSPACES", "T1,t-2"}})),
                      Catch::Contains("MENTORBOT_SLACK_WORKSPACES: 't-2' is not a Slack workspace id"));

    // "*" serves every one; without a list the first to use the bot is adopted (see below).
    config.apply_environment(fixed_environment({{"MENTORBOT_DISCORD_SERVERS", "*"}}));
    CHECK(config.listing(member("discord:999:1")) == TenantListing::served);
    CHECK(load_config_file_text("[slack]\nworkspaces = [\"*\"]\n").listing(member("slack:T9:U1")) ==
          TenantListing::served);
    CHECK(default_config().listing(member("discord:999:1")) == TenantListing::unlisted);
    CHECK_THAT(config_problem("[discord]\nservers = [\"G1\"]\n"), Catch::Contains("'G1' is not a Discord server id"));
    CHECK_THAT(config_problem("[discord]\nguilds = [\"1\"]\n"), Catch::Contains("unknown setting discord.guilds"));
    CHECK_THAT(config_problem("[slack]\nbot_token = \"xoxb-1\"\n"), Catch::Contains("looks like a secret"));
}

TEST_CASE("a member of a server not on the list is refused privately and nothing is recorded", "[tenancy]") {
    Config config = default_config();
    config.discord_servers = {"111"};
    TestChat chat(false, config);
    Reply refused = chat.app().run(text_request(caller_of("discord:333:9", "eve"), "/profile set skills:rust"));
    CHECK_FALSE(refused.is_public);
    CHECK_THAT(refused.response.text, Catch::Contains("mentorbot does not serve this Discord server (333)") &&
                                          Catch::Contains("nothing was done"));
    Reply shown = chat.app().run(text_request(caller_of("discord:111:42", "ana"), "/profile show user:<@9>"));
    CHECK_THAT(shown.response.text, Catch::Contains("I don't know"));
    // The allowed server is served as before.
    Reply saved = chat.app().run(text_request(caller_of("discord:111:42", "ana"), "/profile set skills:go"));
    CHECK_THAT(saved.response.text, !Catch::Contains("does not serve"));
}

TEST_CASE("an admin of another server cannot announce to or archive or count this server's pods", "[tenancy]") {
    TwoServers servers;

    Reply to_all = servers.run(servers.admin_b, "/announce pod:all text:\"Verify your account at evil.example\"");
    CHECK_THAT(to_all.response.text, Catch::Contains("no active pods in this Discord server"));
    Reply to_alpha = servers.run(servers.admin_b, "/announce pod:alpha text:\"Verify your account\"");
    CHECK_THAT(to_alpha.response.text, Catch::Contains("pod alpha is not in this Discord server"));
    Reply archive = servers.run(servers.admin_b, "/pod archive alpha");
    CHECK_THAT(archive.response.text, Catch::Contains("only the pod's creator or a program admin of its own"));
    Reply stats = servers.run(servers.admin_b, "/coach stats");
    CHECK_THAT(stats.response.text, Catch::Contains("Active pods: 0") && !Catch::Contains("rust"));
    CHECK(servers.outbox_targets().empty());

    // The server's own admin reaches its members, and sees its figures.
    Reply own = servers.run(servers.admin_a, "/announce pod:all text:\"Retro on Friday\"");
    CHECK_THAT(own.response.text, Catch::Contains("2 direct messages"));
    CHECK(servers.outbox_targets() == std::vector<std::string>{"discord:111:42", "discord:111:43"});
    CHECK_THAT(servers.run(servers.admin_a, "/coach stats").response.text,
               Catch::Contains("Active pods: 1") && Catch::Contains("rust"));
    // The same text from the other server's admin is not taken for a repeat, and still reaches nobody.
    CHECK_THAT(servers.run(servers.admin_b, "/announce pod:all text:\"Retro on Friday\"").response.text,
               Catch::Contains("no active pods in this Discord server"));
}

TEST_CASE("a config admin is an admin of their own tenant only", "[tenancy]") {
    Config config = serving_every_tenant();
    config.admins = {"slack:T1:U1"};
    TestChat chat(false, config);
    auto run = [&chat](const Caller& caller, const std::string& line) {
        return chat.app().run(text_request(caller, line));
    };
    run(caller_of("discord:111:42", "ana"), "/pod create name:alpha topic:rust");
    Reply slack_admin = run(caller_of("slack:T1:U1", "sam"), "/announce pod:alpha text:hello");
    CHECK_THAT(slack_admin.response.text, Catch::Contains("pod alpha is not in this Slack workspace"));
    Reply same_user_elsewhere = run(caller_of("slack:T2:U1", "sam"), "/coach stats");
    CHECK_THAT(same_user_elsewhere.response.text, Catch::Contains("for program admins only"));
}

TEST_CASE("an admin forms pods only from a pool of their own server's members", "[tenancy]") {
    TwoServers servers;
    servers.run(servers.member_a, "/pod signup topic:go");
    servers.run(servers.other_a, "/pod signup topic:go");
    servers.run(caller_of("discord:222:80", "zed"), "/pod signup topic:go");
    Reply refused = servers.run(servers.admin_b, "/pod form topic:go");
    CHECK_THAT(refused.response.text, Catch::Contains("holds 2 signups from outside this Discord server") &&
                                          Catch::Contains("Nothing was formed"));
    CHECK(servers.outbox_targets().empty());
}

TEST_CASE("stored pods and announcements take the tenant of the ids they hold", "[tenancy][storage]") {
    TwoServers servers;
    servers.run(servers.admin_a, "/announce pod:alpha text:hi");
    ProgramFigures server_a = compute_program_figures(servers.chat.database(), 1800000000, 3650, "discord:111");
    ProgramFigures server_b = compute_program_figures(servers.chat.database(), 1800000000, 3650, "discord:222");
    ProgramFigures everyone = compute_program_figures(servers.chat.database(), 1800000000, 3650);
    CHECK(server_a.active_pods == 1);
    CHECK(server_a.announcements == 1);
    CHECK(server_a.requests == 1);
    CHECK(server_b.active_pods == 0);
    CHECK(server_b.announcements == 0);
    CHECK(server_b.requests == 0);
    CHECK(everyone.active_pods == 1);
}

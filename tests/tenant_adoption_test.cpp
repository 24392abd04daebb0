// Without a list of served tenants: the first workspace or server to use the bot is adopted, the rest refused.
#include <catch2/catch.hpp>

#include "storage/database.h"
#include "tests/support/callers.h"
#include "tests/support/test_chat.h"
#include "tests/support/text.h"

using namespace mentorbot;
using namespace mentorbot::testing;

namespace {

Reply run(TestChat& chat, std::string_view member, const std::string& line) {
    return chat.app().run(text_request(caller_of(member, "someone"), line));
}

}  // namespace

TEST_CASE("without a list the first Discord server to use the bot is served and a second one is refused", "[tenancy]") {
    TestChat chat(false);
    CHECK_THAT(run(chat, "discord:111:42", "/profile set skills:rust").response.text,
               !Catch::Contains("does not serve"));

    Reply refused = run(chat, "discord:222:77", "/profile set skills:phishing");
    CHECK_FALSE(refused.is_public);
    CHECK_THAT(refused.response.text, Catch::Contains("mentorbot does not serve this Discord server (222)") &&
                                          Catch::Contains("nothing was done") &&
                                          Catch::Contains("serves the Discord server that used it first"));
    // Its admin has no way in either, and nothing of theirs was stored.
    CHECK_THAT(chat.app().run(text_request(caller_of("discord:222:5", "mallory", true), "/coach stats")).response.text,
               Catch::Contains("does not serve"));
    CHECK_THAT(run(chat, "discord:111:42", "/profile show user:<@77>").response.text, Catch::Contains("I don't know"));

    // The first Slack workspace is adopted on its own: each platform has its first.
    CHECK_THAT(run(chat, "slack:T1:U1", "/profile set skills:go").response.text, !Catch::Contains("does not serve"));
    CHECK_THAT(run(chat, "slack:T2:U1", "/profile set skills:go").response.text,
               Catch::Contains("does not serve this Slack workspace (T2)"));

    // The adoption outlives a restart.
    chat.restart();
    CHECK_THAT(run(chat, "discord:222:77", "/profile show").response.text, Catch::Contains("does not serve"));
    CHECK_THAT(run(chat, "discord:111:42", "/profile show").response.text, Catch::Contains("rust"));
    CHECK(chat.app().tenants().adopted(Platform::discord) == std::vector<std::string>{"111"});
}

TEST_CASE("a list of served servers replaces the adopted one", "[tenancy]") {
    TempDirectory directory;
    const std::string path = directory.file("mentorbot.db");
    {
        Database database(path);
        database.execute("INSERT INTO served_tenants (tenant, adopted_at) VALUES ('discord:111', 0)");
    }
    Config config = default_config();
    config.discord_servers = {"222"};
    Database database(path);
    ManualClock clock(Seconds{std::chrono::seconds{1'800'000'000}});
    App app(database, config, clock);
    CHECK_THAT(app.run(text_request(caller_of("discord:222:7", "zoe"), "/profile set skills:go")).response.text,
               !Catch::Contains("does not serve"));
    Reply refused = app.run(text_request(caller_of("discord:111:42", "ana"), "/profile show"));
    CHECK_THAT(refused.response.text, Catch::Contains("does not serve this Discord server (111)") &&
                                          Catch::Contains("choose the servers it serves"));
}

TEST_CASE("an upgrade keeps serving every server that already had members", "[tenancy][storage]") {
    TempDirectory directory;
    const std::string path = directory.file("mentorbot.db");
    {
        // The schema before adoption existed, with members of two servers and the console.
        Database before(path, 19);
        before.execute(
            "INSERT INTO members (id, time_zone, created_at, updated_at) VALUES "
            "('discord:111:42', NULL, 0, 0), ('discord:222:77', NULL, 0, 0), ('discord:111:43', NULL, 0, 0), "
            "('slack:E0ORG:U1', NULL, 0, 0), ('console:local:ana', NULL, 0, 0)");
    }
    Database database(path);
    ManualClock clock(Seconds{std::chrono::seconds{1'800'000'000}});
    App app(database, default_config(), clock);
    CHECK(app.tenants().adopted(Platform::discord) == std::vector<std::string>{"111", "222"});
    CHECK(app.tenants().adopted(Platform::slack) == std::vector<std::string>{"E0ORG"});
    CHECK_THAT(app.run(text_request(caller_of("discord:222:77", "zoe"), "/profile show")).response.text,
               !Catch::Contains("does not serve"));
    CHECK_THAT(app.run(text_request(caller_of("discord:333:1", "eve"), "/profile show")).response.text,
               Catch::Contains("does not serve"));
}

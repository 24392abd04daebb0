// Discord settings from the environment: off when unset, clear errors for bad values.
#include <catch2/catch.hpp>

#include <map>

#include "config/discord_settings.h"

using namespace mentorbot;

namespace {
EnvironmentLookup environment(std::map<std::string, std::string> values) {
    auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(values));
    return [shared](const char* name) -> const char* {
        auto found = shared->find(name);
        return found == shared->end() ? nullptr : found->second.c_str();
    };
}
}  // namespace

TEST_CASE("Discord is off when neither token nor application id is set", "[discord][config]") {
    CHECK_FALSE(discord_settings_from(environment({})));
    CHECK_FALSE(discord_settings_from(environment({{"DISCORD_APPLICATION_ID", ""}, {"DISCORD_BOT_TOKEN", ""}})));
}

TEST_CASE("half a Discord setup is refused with what is missing", "[discord][config]") {
    CHECK_THROWS_WITH(discord_settings_from(environment({{"DISCORD_BOT_TOKEN", "t"}})),
                      Catch::Contains("DISCORD_APPLICATION_ID is not"));
    CHECK_THROWS_WITH(discord_settings_from(environment({{"DISCORD_APPLICATION_ID", "1"}, {"DISCORD_BOT_TOKEN", ""}})),
                      Catch::Contains("DISCORD_BOT_TOKEN is not"));
}

TEST_CASE("Discord settings read the optional variables", "[discord][config]") {
    auto settings = discord_settings_from(environment({{"DISCORD_BOT_TOKEN", "t"},
                                                       {"DISCORD_APPLICATION_ID", "900"},
                                                       {"DISCORD_API_URL", "http://127.0.0.1:9/api/v10"},
                                                       {"DISCORD_GUILD_ID", "123"},
                                                       {"DISCORD_SHARD", "1/3"}}));
    REQUIRE(settings);
    CHECK(settings->api_base == "http://127.0.0.1:9/api/v10");
    CHECK(settings->guild_id == "123");
    CHECK(settings->shard_id == 1);
    CHECK(settings->shard_count == 3);
    auto defaults = discord_settings_from(environment({{"DISCORD_BOT_TOKEN", "t"}, {"DISCORD_APPLICATION_ID", "900"}}));
    CHECK(defaults->api_base == "https://discord.com/api/v10");
    CHECK(defaults->shard_count == 1);
}

TEST_CASE("Bad Discord settings are refused with the variable's name", "[discord][config]") {
    for (const char* bad : {"3", "3/3", "-1/2", "a/b", "1/0", "1/2x"}) {
        CHECK_THROWS_WITH(parse_shard(bad), Catch::Contains("DISCORD_SHARD"));
    }
    CHECK_THROWS_WITH(discord_settings_from(
                          environment({{"DISCORD_BOT_TOKEN", "t"}, {"DISCORD_APPLICATION_ID", "my-app"}})),
                      Catch::Contains("DISCORD_APPLICATION_ID"));
}

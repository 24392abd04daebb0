// The one Config: defaults, the file, environment overrides on top, the Slack and Discord sections, one error type.
#include <catch2/catch.hpp>

#include <fstream>

#include "config/load_config.h"
#include "tests/support/temp_directory.h"

using namespace mentorbot;
using mentorbot::testing::TempDirectory;

namespace {

std::string write_file(const TempDirectory& directory, const std::string& content) {
    std::string path = directory.file("mentorbot.toml");
    std::ofstream(path) << content;
    return path;
}

// The message of the ConfigError that loading throws; "no problem" when it loads.
std::string problem_with(const std::string& path, std::map<std::string, std::string> variables,
                         PlatformSections platforms = PlatformSections::read) {
    try {
        load_config(path, fixed_environment(std::move(variables)), platforms);
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "no problem";
}

const std::string app_token = "xapp-1-A1-SECRETapp";
const std::string bot_token = "xoxb-1-SECRETbot";

}  // namespace

TEST_CASE("without a file the embedded default is used, and the environment still applies", "[config]") {
    Config config = load_config("", fixed_environment({}));
    CHECK(config.admins == std::vector<std::string>{"console:local:olivia"});
    CHECK(config.log_level == "info");
    CHECK(config.offer_expiry == std::chrono::minutes{30});

    Config overridden = load_config("", fixed_environment({{"MENTORBOT_OFFER_EXPIRY_MINUTES", "7"}}));
    CHECK(overridden.offer_expiry == std::chrono::minutes{7});
}

TEST_CASE("the environment overrides the file, and what it does not name keeps the file's value", "[config]") {
    TempDirectory directory;
    const std::string path = write_file(directory, R"(
admins = ["slack:T1:U1"]
log_level = "debug"
metrics = "127.0.0.1:9464"
[offers]
expiry_minutes = 10
max_candidates = 5
[limits]
commands_per_minute = 5
)");
    Config from_file = load_config(path, fixed_environment({}));
    CHECK(from_file.log_level == "debug");
    CHECK(from_file.offer_expiry == std::chrono::minutes{10});
    CHECK(from_file.commands_per_minute == 5);
    CHECK(from_file.metrics_address == "127.0.0.1:9464");

    Config config = load_config(path, fixed_environment({{"MENTORBOT_LOG_LEVEL", "warn"},
                                                         {"MENTORBOT_OFFER_EXPIRY_MINUTES", "45"},
                                                         {"MENTORBOT_ADMINS", "console:local:boss"},
                                                         {"MENTORBOT_METRICS", "[::1]:9000"},
                                                         {"MENTORBOT_COMMANDS_PER_MINUTE", ""}}));
    CHECK(config.log_level == "warn");
    CHECK(config.offer_expiry == std::chrono::minutes{45});
    CHECK(config.metrics_address == "[::1]:9000");
    // Admins from the environment are added to the file's, not put in their place.
    CHECK(config.is_admin("slack:T1:U1"));
    CHECK(config.is_admin("console:local:boss"));
    // Not overridden (an empty variable counts as unset): the file's values stay.
    CHECK(config.commands_per_minute == 5);
    CHECK(config.max_candidates == 5);
}

TEST_CASE("Slack and Discord sections come from the environment, and are off when unset", "[config]") {
    Config console_only = load_config("", fixed_environment({}));
    CHECK_FALSE(console_only.slack);
    CHECK_FALSE(console_only.discord);

    Config both = load_config("", fixed_environment({{"SLACK_APP_TOKEN", app_token},
                                                     {"SLACK_BOT_TOKEN", bot_token},
                                                     {"SLACK_API_URL", "http://127.0.0.1:8080/api"},
                                                     {"DISCORD_BOT_TOKEN", "SECRETdiscord"},
                                                     {"DISCORD_APPLICATION_ID", "900"},
                                                     {"DISCORD_SHARD", "1/2"}}));
    REQUIRE(both.slack);
    CHECK(both.slack->app_token == app_token);
    CHECK(both.slack->bot_token == bot_token);
    CHECK(both.slack->api_base_url == "http://127.0.0.1:8080/api/");
    REQUIRE(both.discord);
    CHECK(both.discord->token == "SECRETdiscord");
    CHECK(both.discord->application_id == "900");
    CHECK(both.discord->shard_id == 1);
    CHECK(both.discord->shard_count == 2);

    Config slack_default_url =
        load_config("", fixed_environment({{"SLACK_APP_TOKEN", app_token}, {"SLACK_BOT_TOKEN", bot_token}}));
    REQUIRE(slack_default_url.slack);
    CHECK(slack_default_url.slack->api_base_url == "https://slack.com/api/");
}

TEST_CASE("Slack enabled with a token missing is refused without repeating the other token", "[config]") {
    const std::string no_bot = problem_with("", {{"SLACK_APP_TOKEN", app_token}});
    CHECK(no_bot == "SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not");
    const std::string no_app = problem_with("", {{"SLACK_BOT_TOKEN", bot_token}, {"SLACK_APP_TOKEN", ""}});
    CHECK(no_app == "SLACK_BOT_TOKEN is set but SLACK_APP_TOKEN is not");
    const std::string swapped = problem_with("", {{"SLACK_APP_TOKEN", bot_token}, {"SLACK_BOT_TOKEN", app_token}});
    CHECK(swapped == "SLACK_APP_TOKEN must be an app-level token starting with xapp-");
    for (const std::string& message : {no_bot, no_app, swapped}) {
        CHECK_THAT(message, !Catch::Contains("SECRET"));
    }
    CHECK_THAT(problem_with("", {{"SLACK_APP_TOKEN", app_token},
                                 {"SLACK_BOT_TOKEN", bot_token},
                                 {"SLACK_API_URL", "http://slack.example.com/api/"}}),
               Catch::Contains("only allowed for loopback hosts"));
}

TEST_CASE("a bad Discord setting is refused with the variable's name", "[config]") {
    const std::map<std::string, std::string> discord = {{"DISCORD_BOT_TOKEN", "SECRETdiscord"},
                                                        {"DISCORD_APPLICATION_ID", "900"}};
    auto with = [&](const char* name, const char* value) {
        auto variables = discord;
        variables[name] = value;
        return problem_with("", variables);
    };
    CHECK(with("DISCORD_SHARD", "2/2") == "DISCORD_SHARD must look like i/n with 0 <= i < n, e.g. 0/1 (got \"2/2\")");
    CHECK(with("DISCORD_GUILD_ID", "my-server") == "DISCORD_GUILD_ID must be a numeric server id");
    CHECK(with("DISCORD_APPLICATION_ID", "my-app") == "DISCORD_APPLICATION_ID must be the application's numeric id");
    CHECK_THAT(with("DISCORD_SHARD", "x"), !Catch::Contains("SECRET"));
}

TEST_CASE("every configuration mistake is a ConfigError, platform sections named first", "[config]") {
    TempDirectory directory;
    const std::string bad_file = write_file(directory, "colour = \"blue\"\n");
    CHECK_THAT(problem_with(bad_file, {}), Catch::Contains("mentorbot.toml:1: unknown setting colour"));
    CHECK_THAT(problem_with("", {{"MENTORBOT_COMMANDS_PER_MINUTE", "fast"}}),
               Catch::Contains("MENTORBOT_COMMANDS_PER_MINUTE: must be a whole number"));
    CHECK_THAT(problem_with(directory.file("missing.toml"), {}), Catch::Contains("missing.toml"));
    // A broken platform setting is named before a broken file, as the binary always did.
    CHECK(problem_with(bad_file, {{"SLACK_APP_TOKEN", app_token}}) ==
          "SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not");
    // The file's check (check-config) leaves the platforms alone.
    CHECK_THAT(problem_with(bad_file, {{"SLACK_APP_TOKEN", app_token}}, PlatformSections::skip),
               Catch::Contains("unknown setting colour"));
    Config settings_only =
        load_config("", fixed_environment({{"SLACK_APP_TOKEN", app_token}, {"SLACK_BOT_TOKEN", bot_token}}),
                    PlatformSections::skip);
    CHECK_FALSE(settings_only.slack);
}

TEST_CASE("a metrics address other machines can reach needs a bearer token", "[config][metrics]") {
    TempDirectory directory;
    const std::string exposed = write_file(directory, "metrics = \"0.0.0.0:9464\"\n");
    CHECK_THAT(problem_with(exposed, {}), Catch::Contains("metrics address 0.0.0.0:9464 can be reached from other "
                                                          "machines: set MENTORBOT_METRICS_TOKEN"));
    CHECK_THAT(problem_with("", {{"MENTORBOT_METRICS", "10.1.2.3:9464"}}),
               Catch::Contains("metrics address 10.1.2.3:9464 can be reached"));
    CHECK(problem_with(exposed, {{"MENTORBOT_METRICS_TOKEN", "test-scrape-token"}}) == "no problem");
    // This machine only: no token needed.
    for (const char* local : {"127.0.0.1:9464", "[::1]:9464", "localhost:9464", "127.0.0.2:9000"})
        CHECK(problem_with("", {{"MENTORBOT_METRICS", local}}) == "no problem");
}

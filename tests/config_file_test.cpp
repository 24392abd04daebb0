// The config file and environment overrides: strict checks that name the line.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "config/config_file.h"
#include "tests/support/temp_directory.h"

using namespace mentorbot;
using mentorbot::testing::TempDirectory;

namespace {

std::string write(const TempDirectory& directory, const std::string& content) {
    std::string path = directory.file("mentorbot.toml");
    std::ofstream(path) << content;
    return path;
}

std::string problem_with(const std::string& content) {
    TempDirectory directory;
    try {
        load_config_file(write(directory, content));
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "no problem";
}

// Sets an environment variable for one test and restores it after.
struct ScopedEnvironment {
    std::string name;
    ScopedEnvironment(std::string variable, const std::string& value) : name(std::move(variable)) {
        setenv(name.c_str(), value.c_str(), 1);
    }
    ~ScopedEnvironment() { unsetenv(name.c_str()); }
};

}  // namespace

TEST_CASE("the example config file is valid and says what it sets", "[config]") {
    Config config = load_config_file(std::string(MENTORBOT_SOURCE_DIR) + "/config/mentorbot.example.toml");
    CHECK(config.admins == std::vector<std::string>{"console:local:olivia"});
    CHECK(config.offer_expiry == std::chrono::minutes{30});
    CHECK(config.max_candidates == 3);
    CHECK(config.commands_per_minute == 20);
    CHECK(config.aliases.canonical("GCP") == "google cloud");
}

TEST_CASE("a config file sets admins, timings, hours, limits and aliases", "[config]") {
    TempDirectory directory;
    Config config = load_config_file(write(directory, R"(
admins = ["slack:T1:U1", "discord:42:7"]
log_level = "debug"
metrics = "127.0.0.1:9464"
[offers]
expiry_minutes = 10
max_candidates = 5
default_hours = "08:30-16:30"
[limits]
commands_per_minute = 5
[aliases]
tf = "terraform"
)"));
    CHECK(config.is_admin("slack:T1:U1"));
    CHECK_FALSE(config.is_admin("console:local:olivia"));
    CHECK(config.log_level == "debug");
    CHECK(config.metrics_address == "127.0.0.1:9464");
    CHECK(config.offer_expiry == std::chrono::minutes{10});
    CHECK(config.max_candidates == 5);
    CHECK(config.default_hours_start == 8 * 60 + 30);
    CHECK(config.default_hours_end == 16 * 60 + 30);
    CHECK(config.commands_per_minute == 5);
    CHECK(config.aliases.canonical("TF") == "terraform");
}

TEST_CASE("the first problem in a config file is named with its line", "[config]") {
    CHECK_THAT(problem_with("log_level = \"info\"\nadmins = [\"bob\"]\n"),
               Catch::Contains("mentorbot.toml:2: 'bob' is not a member id"));
    CHECK_THAT(problem_with("\n\ncolour = \"blue\"\n"), Catch::Contains(":3: unknown setting colour"));
    CHECK_THAT(problem_with("[offers]\nexpiry_minutes = 0\n"),
               Catch::Contains(":2: offers.expiry_minutes must be from 1 to 1440"));
    CHECK_THAT(problem_with("[offers]\ndefault_hours = \"17-09\"\n"), Catch::Contains(":2: offers.default_hours"));
    CHECK_THAT(problem_with("[limits]\ncommands_per_minute = \"lots\"\n"),
               Catch::Contains(":2: limits.commands_per_minute must be a whole number"));
    CHECK_THAT(problem_with("log_level = \"loud\"\n"), Catch::Contains(":1: log_level must be"));
    CHECK_THAT(problem_with("slack_bot_token = \"xoxb-1\"\n"),
               Catch::Contains("secrets come only from the environment"));
    CHECK_THAT(problem_with("admins = [\n"), Catch::Contains("mentorbot.toml:"));
    CHECK_THAT(problem_with("metrics = \"9464\"\n"), Catch::Contains("host:port"));
    CHECK_THAT(problem_with("[dashboard]\nwaiting_names = \"yes\"\n"),
               Catch::Contains(":2: dashboard.waiting_names must be true or false"));
}

TEST_CASE("the dashboard names who waits only when the file says so", "[config][privacy]") {
    CHECK_FALSE(parse_config_text("", "inline.toml").dashboard.waiting_names);
    CHECK(parse_config_text("[dashboard]\nwaiting_names = true\n", "inline.toml").dashboard.waiting_names);
}

TEST_CASE("settings read from memory pass the same checks as the file", "[config]") {
    Config config = parse_config_text("[offers]\nexpiry_minutes = 12\n", "inline.toml");
    CHECK(config.offer_expiry == std::chrono::minutes{12});
    const auto problem_in_memory = [](std::string_view text) {
        try {
            parse_config_text(text, "inline.toml");
        } catch (const ConfigError& error) {
            return std::string(error.what());
        }
        return std::string("no problem");
    };
    CHECK_THAT(problem_in_memory("\ncolour = \"blue\"\n"), Catch::Contains("inline.toml:2: unknown setting colour"));
    CHECK_THAT(problem_in_memory("admins = [\n"), Catch::StartsWith("inline.toml:"));
    CHECK_THAT(problem_in_memory(std::string_view("a = \"\0\"\n", 8)), Catch::StartsWith("inline.toml:1"));
}

TEST_CASE("environment variables override the file and are checked too", "[config]") {
    Config config = default_config();
    {
        ScopedEnvironment admins("MENTORBOT_ADMINS", "slack:T1:U9, console:local:boss");
        ScopedEnvironment expiry("MENTORBOT_OFFER_EXPIRY_MINUTES", "5");
        ScopedEnvironment rate("MENTORBOT_COMMANDS_PER_MINUTE", "3");
        config.apply_environment(process_environment());
    }
    CHECK(config.is_admin("slack:T1:U9"));
    CHECK(config.is_admin("console:local:boss"));
    CHECK(config.is_admin("console:local:olivia"));
    CHECK(config.offer_expiry == std::chrono::minutes{5});
    CHECK(config.commands_per_minute == 3);
    ScopedEnvironment bad("MENTORBOT_OFFER_EXPIRY_MINUTES", "soon");
    CHECK_THROWS_WITH(config.apply_environment(process_environment()),
                      Catch::Contains("MENTORBOT_OFFER_EXPIRY_MINUTES"));
}

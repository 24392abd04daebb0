// The environment lookups configuration reads through: the process's own, and the fixed one tests use.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "config/environment.h"
#include "config/load_config.h"

using namespace mentorbot;

namespace {

// Sets a variable of the real process environment for one test and restores it after.
struct ScopedProcessVariable {
    std::string name;
    ScopedProcessVariable(std::string variable, const std::string& value) : name(std::move(variable)) {
        ::setenv(name.c_str(), value.c_str(), 1);
    }
    ~ScopedProcessVariable() { ::unsetenv(name.c_str()); }
};

}  // namespace

TEST_CASE("a fixed environment answers only from its own map", "[config]") {
    EnvironmentLookup environment = fixed_environment({{"MENTORBOT_LOG_LEVEL", "debug"}, {"EMPTY", ""}});
    REQUIRE(environment("MENTORBOT_LOG_LEVEL") != nullptr);
    CHECK(std::string(environment("MENTORBOT_LOG_LEVEL")) == "debug");
    CHECK(environment("MENTORBOT_ADMINS") == nullptr);
    CHECK(environment_value(environment, "MENTORBOT_LOG_LEVEL") == "debug");
    CHECK(environment_value(environment, "EMPTY").empty());
    CHECK(environment_value(environment, "MENTORBOT_ADMINS").empty());
}

TEST_CASE("a fixed environment keeps a test away from the process's environment", "[config]") {
    ScopedProcessVariable level("MENTORBOT_LOG_LEVEL", "trace");
    ScopedProcessVariable admins("MENTORBOT_ADMINS", "console:local:intruder");
    ScopedProcessVariable app_token("SLACK_APP_TOKEN", "xapp-from-the-shell");
    ScopedProcessVariable bot_token("SLACK_BOT_TOKEN", "xoxb-from-the-shell");
    ScopedProcessVariable discord_token("DISCORD_BOT_TOKEN", "from-the-shell");
    ScopedProcessVariable discord_application("DISCORD_APPLICATION_ID", "42");

    // The process's environment does hold them...
    EnvironmentLookup process = process_environment();
    REQUIRE(process("MENTORBOT_LOG_LEVEL") != nullptr);
    CHECK(std::string(process("MENTORBOT_LOG_LEVEL")) == "trace");
    CHECK((std::getenv("PATH") == nullptr || process("PATH") != nullptr));

    // ...but configuration built from a fixed one sees none of them.
    EnvironmentLookup empty = fixed_environment({});
    CHECK(empty("MENTORBOT_LOG_LEVEL") == nullptr);
    CHECK(empty("PATH") == nullptr);
    Config config = load_config("", empty);
    CHECK(config.log_level == "info");
    CHECK_FALSE(config.is_admin("console:local:intruder"));
    CHECK_FALSE(config.slack);
    CHECK_FALSE(config.discord);

    // The same load through the process's environment picks them up.
    Config from_process = load_config("", process);
    CHECK(from_process.log_level == "trace");
    CHECK(from_process.is_admin("console:local:intruder"));
    REQUIRE(from_process.slack);
    CHECK(from_process.slack->bot_token == "xoxb-from-the-shell");
    REQUIRE(from_process.discord);
    CHECK(from_process.discord->application_id == "42");
}

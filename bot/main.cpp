// mentorbot's entry point: command-line options, startup, and which transports to run.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "bot/app.h"
#include "bot/console/console_chat.h"
#include "bot/demo_organisation.h"
#include "bot/logging.h"
#include "config/config.h"
#include "storage/database.h"
#include "storage/member_store.h"

namespace {

std::string environment_or(const char* name, const std::string& fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : fallback;
}

int startup_error(const std::string& reason) {
    std::cerr << "mentorbot: cannot start: " << reason << "\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"mentorbot — flash mentoring and peer circles for Slack, Discord and the console"};
    std::string database_path = environment_or("MENTORBOT_DB", "mentorbot.db");
    bool no_demo = false;
    std::string log_level;
    cli.add_option("--db", database_path, "SQLite database file (or MENTORBOT_DB)");
    cli.add_flag("--no-demo", no_demo, "do not load the demo organisation into an empty database");
    cli.add_option("--log-level", log_level, "trace, debug, info, warn, error or off");
    cli.set_version_flag("--version", MENTORBOT_VERSION);
    CLI11_PARSE(cli, argc, argv);

    mentorbot::Config config = mentorbot::default_config();
    config.apply_environment();
    bool interactive = isatty(STDIN_FILENO) != 0;
    // In the console chat, info lines on the terminal would interleave with the chat.
    if (log_level.empty()) log_level = "warn";
    if (!mentorbot::configure_logging(log_level)) return startup_error("unknown log level '" + log_level + "'");

    try {
        mentorbot::Database database(database_path);
        mentorbot::SystemClock clock;
        if (!no_demo && mentorbot::MemberStore(database).count() == 0) {
            mentorbot::load_demo_organisation(database, config, mentorbot::to_unix(clock.now()));
        }
        mentorbot::App app(database, config, clock);
        mentorbot::ConsoleChat console(app, clock, std::cin, std::cout, interactive);
        app.add_transport(console);
        return console.run();
    } catch (const mentorbot::DatabaseError& error) {
        return startup_error(error.what());
    } catch (const std::exception& error) {
        return startup_error(error.what());
    }
}

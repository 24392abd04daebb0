// mentorbot's entry point: command-line options, startup, and which transports to run.
#include <unistd.h>

#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "bot/app.h"
#include "bot/console/console_chat.h"
#include "bot/dashboard/dashboard_listener.h"
#include "bot/data_cli.h"
#include "bot/demo_organisation.h"
#include "bot/logging.h"
#include "bot/platform_runtime.h"
#include "bot/slack/manifest.h"
#include "config/environment.h"
#include "config/load_config.h"
#include "storage/database.h"
#include "storage/member_store.h"
#include "storage/platform_members.h"

namespace {

std::string environment_or(const mentorbot::EnvironmentLookup& environment, const char* name,
                           const std::string& fallback) {
    std::string value = mentorbot::environment_value(environment, name);
    return value.empty() ? fallback : value;
}

int startup_error(const std::string& reason) {
    std::cerr << "mentorbot: cannot start: " << reason << "\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"mentorbot — flash mentoring and peer circles for Slack, Discord and the console"};
    const mentorbot::EnvironmentLookup environment = mentorbot::process_environment();
    std::string database_path = environment_or(environment, "MENTORBOT_DB", "mentorbot.db");
    std::string config_path = environment_or(environment, "MENTORBOT_CONFIG", "");
    bool no_demo = false;
    bool console_on_platform_data = false;
    std::string log_level;
    cli.add_option("--db", database_path, "SQLite database file (or MENTORBOT_DB)");
    cli.add_option("--config", config_path, "config file, see config/mentorbot.example.toml (or MENTORBOT_CONFIG)");
    cli.add_flag("--no-demo", no_demo, "do not load the demo organisation into an empty database");
    cli.add_option("--log-level", log_level, "trace, debug, info, warn, error or off");
    cli.add_flag("--console-on-platform-data", console_on_platform_data,
                 "let the console chat open a database that holds Slack or Discord members");
    cli.set_version_flag("--version", MENTORBOT_VERSION);
    // `mentorbot export --db x.db` as well as `mentorbot --db x.db export`: subcommands
    // (which inherit this) hand the options they do not know to the program's own.
    cli.fallthrough();

    std::string checked_config_path;
    CLI::App* check_config = cli.add_subcommand("check-config", "validate a config file and name the first problem");
    check_config->add_option("file", checked_config_path, "the config file")->required();

    mentorbot::DataCommands data_commands(cli);
    CLI::App* slack_manifest = cli.add_subcommand("slack-manifest",
                                                  "print the Slack app manifest (JSON) made from the commands");

    CLI11_PARSE(cli, argc, argv);

    if (*check_config) {
        try {
            mentorbot::load_config(checked_config_path, environment, mentorbot::PlatformSections::skip);
            std::cout << checked_config_path << ": ok\n";
            return 0;
        } catch (const mentorbot::ConfigError& error) {
            std::cerr << error.what() << "\n";
            return 1;
        }
    }

    if (*slack_manifest) {
        std::cout << mentorbot::slack::app_manifest_text(mentorbot::CommandRegistry::standard());
        return 0;
    }
    mentorbot::Config config;
    try {
        config = mentorbot::load_config(config_path, environment);
    } catch (const mentorbot::ConfigError& error) {
        return startup_error(error.what());
    }
    bool interactive = isatty(STDIN_FILENO) != 0;
    // In the console chat, info lines on the terminal would interleave with the chat.
    const bool console_chat = config_path.empty() && !config.slack && !config.discord;
    if (log_level.empty()) log_level = console_chat ? "warn" : config.log_level;
    if (!mentorbot::configure_logging(log_level)) return startup_error("unknown log level '" + log_level + "'");

    try {
        mentorbot::Database database(database_path);
        mentorbot::SystemClock clock;
        if (auto exit_code = data_commands.run(database, config, mentorbot::to_unix(clock.now()))) return *exit_code;
        bool on_platforms = config.slack || config.discord;
        // The demo organisation is for trying the bot in the console, not for a workspace.
        if (!on_platforms && !no_demo && mentorbot::MemberStore(database).count() == 0) {
            mentorbot::load_demo_organisation(database, config, mentorbot::to_unix(clock.now()));
        }
        // The console chat acts as any name it is given (the configured admins included),
        // runs due jobs by its own clock (which :time moves) and cannot deliver to a
        // platform: on a live bot's file it would do all that to real people.
        if (!on_platforms && !console_on_platform_data && mentorbot::has_platform_members(database)) {
            return startup_error(database_path +
                                 " holds Slack or Discord members: the console chat would act on them (as any "
                                 "name, admins included), run their jobs by its own clock and give up their "
                                 "deliveries. Give the console a database of its own, set the platform tokens to "
                                 "run the bot, or pass --console-on-platform-data if you mean it");
        }
        if (on_platforms) {
            mentorbot::App app(database, config, clock);
            try {
                return mentorbot::run_platforms(app, {config.slack, config.discord});
            } catch (const std::exception& error) {
                // It did start: say that it stopped, not that it could not start.
                std::cerr << "mentorbot: stopped: " << error.what() << "\n";
                spdlog::critical("stopped: {}", error.what());
                return 1;
            }
        }
        // The console serves the dashboard by default (so `/coach dashboard` works out of the
        // box) on a free loopback port; MENTORBOT_DASHBOARD=off turns it off.
        if (console_chat && mentorbot::environment_value(environment, "MENTORBOT_DASHBOARD") != "off")
            config.dashboard.enabled = true;
        std::unique_ptr<mentorbot::DashboardListener> dashboard;
        if (config.dashboard.enabled) {
            std::string address = config.metrics_address;
            if (address.empty()) address = console_chat ? "127.0.0.1:0" : mentorbot::Config::default_dashboard_address;
            dashboard = std::make_unique<mentorbot::DashboardListener>(database_path, config, clock, address);
            try {
                dashboard->start();
                if (config.dashboard.public_url.empty())
                    config.dashboard.public_url = "http://127.0.0.1:" + std::to_string(dashboard->port());
            } catch (const std::exception& error) {
                // The chat works without it; /coach dashboard then says the dashboard is off.
                std::cerr << "mentorbot: the dashboard is off: " << error.what() << "\n";
                dashboard.reset();
                config.dashboard.enabled = false;
            }
        }
        mentorbot::App app(database, config, clock);
        mentorbot::ConsoleChat console(app, clock, std::cin, std::cout, interactive);
        app.add_transport(console);
        return console.run();
    } catch (const std::exception& error) {
        return startup_error(error.what());
    }
}

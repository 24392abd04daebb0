// Fuzz target bodies: feed bytes to one input surface and abort on anything but a clean refusal.
#include "fuzz/fuzz_targets.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "bot/app.h"
#include "bot/demo_organisation.h"
#include "bot/import_members.h"
#include "commands/command_line.h"
#include "commands/errors.h"
#include "config/config_file.h"

namespace mentorbot::fuzz {

namespace {

[[noreturn]] void bug(const std::string& what) {
    std::fprintf(stderr, "fuzz target found a bug: %s\n", what.c_str());
    std::abort();
}

// One app on an in-memory database, renewed now and then so memory stays bounded.
struct AppUnderFuzz {
    ManualClock clock{from_unix(1795680000)};  // 2026-11-26
    std::unique_ptr<Database> database;
    std::unique_ptr<App> app;
    int inputs = 0;

    void renew() {
        app.reset();
        database = std::make_unique<Database>(":memory:");
        load_demo_organisation(*database, default_config(), to_unix(clock.now()));
        app = std::make_unique<App>(*database, default_config(), clock);
    }
    App& get() {
        if (!app || ++inputs % 500 == 0) renew();
        return *app;
    }
};

}  // namespace

void command_text(std::string_view input) {
    Caller caller{"slack:T1:U1", "fuzz", "", false};
    for (const char* prefix : {"slack:T1:", "discord:1:", "console:local:"}) {
        try {
            parse_command_text(CommandRegistry::standard(), input, caller, prefix);
        } catch (const UserError&) {
        }
    }
}

void commands(std::string_view input) {
    static AppUnderFuzz fixture;
    App& app = fixture.get();
    static const char* people[] = {"ana", "ben", "carla", "olivia", "gia", "newcomer"};
    std::size_t start = 0;
    for (int line_number = 0; line_number < 8 && start < input.size(); ++line_number) {
        std::size_t end = input.find('\n', start);
        if (end == std::string_view::npos) end = input.size();
        std::string_view line = input.substr(start, end - start);
        start = end + 1;
        std::string who = people[line.empty() ? 0 : static_cast<unsigned char>(line[0]) % 6];
        Caller caller{"console:local:" + who, who, "console:local:#general", false};
        // Judged by the app's own count, not the reply text: a reply may echo anything
        // the user typed, including the words of the apology.
        long long internal_errors_before = app.internal_error_count();
        app.run_text(caller, line, "console:local:");
        if (app.internal_error_count() != internal_errors_before) {
            bug("internal error for command line: " + std::string(line));
        }
        app.run_due_jobs();
    }
    fixture.clock.advance(std::chrono::minutes{7});
}

void config_file(std::string_view input) {
    static const std::string path = "/tmp/mentorbot-fuzz-config-" + std::to_string(getpid()) + ".toml";
    {
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file.write(input.data(), static_cast<std::streamsize>(input.size()));
    }
    try {
        load_config_file(path);
    } catch (const ConfigError&) {
    }
}

void csv_import(std::string_view input) {
    static AppUnderFuzz fixture;
    fixture.get();
    std::istringstream csv{std::string(input)};
    try {
        import_members_csv(*fixture.database, csv, TagAliases{}, to_unix(fixture.clock.now()));
    } catch (const std::runtime_error&) {
        // The importer's documented refusal of an unusable file.
    }
}

}  // namespace mentorbot::fuzz

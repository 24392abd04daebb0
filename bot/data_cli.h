// The command line's data subcommands: `import members FILE.csv`, `export --format csv|json [--out DIR]`, `report
// --html FILE`.
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "config/config.h"
#include "storage/database.h"

namespace mentorbot {

class DataCommands {
public:
    // Adds the subcommands to the command line.
    explicit DataCommands(CLI::App& cli);

    // Runs the subcommand that was given, if any, and returns the exit code; nullopt
    // when none was given and the bot should start as usual.
    std::optional<int> run(Database& database, const Config& config, long long now) const;

private:
    CLI::App* import_members_ = nullptr;
    CLI::App* export_ = nullptr;
    CLI::App* report_ = nullptr;
    std::string report_file_;
    int report_weeks_ = 4;
    std::string report_tenant_;
    std::string members_file_;
    std::string format_ = "json";
    std::string out_directory_ = ".";
};

}  // namespace mentorbot

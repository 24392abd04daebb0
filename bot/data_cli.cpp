// Import and export from the command line: what they print and their exit codes.
#include "bot/data_cli.h"

#include <fstream>
#include <iostream>

#include "bot/dashboard/dashboard_report.h"
#include "bot/export_data.h"
#include "bot/import_members.h"

namespace mentorbot {

DataCommands::DataCommands(CLI::App& cli) {
    CLI::App* import = cli.add_subcommand("import", "Load data into the bot from files");
    import->require_subcommand(1);
    import_members_ = import->add_subcommand(
        "members", "Members from an HR CSV export (header: name, platform id, department, level, time zone, "
                   "start date, skills)");
    import_members_->add_option("FILE", members_file_, "the CSV file")->required();
    export_ = cli.add_subcommand("export", "Write everything the bot holds to files");
    export_->add_option("--format", format_, "csv (one file per table) or json (one file)")
        ->check(CLI::IsMember({"csv", "json"}));
    export_->add_option("--out", out_directory_, "directory for the files (default: current directory)");
    report_ = cli.add_subcommand("report", "Write the program dashboard as one self-contained HTML file");
    report_->add_option("--html", report_file_, "the HTML file to write")->required();
    report_->add_option("--weeks", report_weeks_, "how many weeks back (default 4)")->check(CLI::Range(1, 104));
    report_->add_option("--tenant", report_tenant_,
                        "one workspace or server, e.g. slack:T024BE7LD or console:local (default: every tenant)");
}

std::optional<int> DataCommands::run(Database& database, const Config& config, long long now) const {
    if (*import_members_) {
        std::ifstream file(members_file_, std::ios::binary);
        if (!file) {
            std::cerr << "mentorbot import: cannot read " << members_file_ << "\n";
            return 1;
        }
        try {
            ImportReport report = import_members_csv(database, file, config.aliases, now);
            std::cout << members_file_ << ": " << describe_import(report) << "\n";
            return report.problems.empty() ? 0 : 3;  // 3: imported, but some rows were skipped
        } catch (const std::runtime_error& error) {
            std::cerr << "mentorbot import: " << members_file_ << ": " << error.what() << "; nothing was imported\n";
            return 1;
        }
    }
    if (*export_) {
        try {
            auto files = export_data(database, format_ == "csv" ? ExportFormat::csv : ExportFormat::json,
                                     out_directory_, now);
            for (const auto& path : files) std::cout << "wrote " << path.string() << "\n";
            return 0;
        } catch (const std::exception& error) {
            std::cerr << "mentorbot export: " << error.what() << "\n";
            return 1;
        }
    }
    if (*report_) {
        bool charts = false;
        const std::string html = dashboard_report_html(database, config, from_unix(now), report_weeks_, report_tenant_,
                                                       {}, &charts);
        std::ofstream file(report_file_, std::ios::binary | std::ios::trunc);
        if (!file || !(file << html) || !file.flush()) {
            std::cerr << "mentorbot report: cannot write " << report_file_ << "\n";
            return 1;
        }
        std::cout << "wrote " << report_file_ << " (last " << report_weeks_ << " weeks"
                  << (charts ? "" : "; no charts: install Debian's libjs-chart.js, the tables are all there") << ")\n";
        return 0;
    }
    return std::nullopt;
}

}  // namespace mentorbot

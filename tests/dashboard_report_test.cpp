// mentorbot report --html: one self-contained file with every figure, Chart.js inlined, nothing fetched.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "bot/dashboard/dashboard_report.h"
#include "tests/support/dashboard_scenario.h"
#include "tests/support/run_binary.h"
#include "tests/support/text.h"
#include "tests/support/text_file.h"

using namespace mentorbot;
using namespace mentorbot::testing;

TEST_CASE("the HTML report holds every figure with its scripts inlined", "[dashboard][report]") {
    TestChat chat;
    load_dashboard_scenario(chat);
    TempDirectory directory;
    const std::string fake_chart = directory.file("chart.js");
    {
        std::ofstream file(fake_chart);
        file << "window.Chart = function () {}; // stands in for Chart.js";
    }
    bool charts = false;
    const std::string html = dashboard_report_html(chat.database(), chat.app().config(), chat.clock().now(), 4,
                                                   "console:local", fake_chart, &charts);
    REQUIRE(charts);
    REQUIRE(contains(html, "stands in for Chart.js"));
    REQUIRE(contains(html, "<style>"));
    REQUIRE(contains(html, "Draws each figure's chart"));
    // Nothing is fetched: no script or stylesheet by address, no links back to the bot.
    REQUIRE_FALSE(contains(html, "<script src="));
    REQUIRE_FALSE(contains(html, "<link rel=\"stylesheet\""));
    REQUIRE_FALSE(contains(html, "/admin/csv/"));
    REQUIRE(contains(html, "<section id=\"unmet\""));
    REQUIRE(contains(html, "<th scope=\"row\">rust</th>"));
    // The announcement's pod name is member text: escaped.
    REQUIRE(contains(html, "#1 to rust-readers"));

    const std::string without = dashboard_report_html(chat.database(), chat.app().config(), chat.clock().now(), 4,
                                                      "console:local", directory.file("missing.js"), &charts);
    REQUIRE_FALSE(charts);
    REQUIRE(contains(without, "<table>"));
}

TEST_CASE("mentorbot report --html writes the console demo's dashboard after its history is added",
          "[dashboard][report]") {
    TempDirectory directory;
    const std::string database = directory.file("demo.db");
    BinaryRun chat = run_mentorbot(directory, "--db " + database, ":demo-history\n:as olivia\n/coach stats 28\n");
    REQUIRE(contains(chat.output, "added twelve weeks"));
    REQUIRE_FALSE(contains(chat.output, "Requests: 0"));
    const std::string report = directory.file("report.html");
    BinaryRun written = run_mentorbot(directory, "--db " + database + " report --html " + report + " --weeks 12", "");
    REQUIRE(written.exit_code == 0);
    REQUIRE(contains(written.output, "wrote " + report));
    const std::string html = read_text_file(report);
    REQUIRE(contains(html, "last 12 weeks"));
    REQUIRE(contains(html, "<section id=\"pod-attendance\""));
    REQUIRE(contains(html, "autumn-cohort"));
    BinaryRun refused = run_mentorbot(directory, "--db " + database + " report --html " + report + " --weeks 0", "");
    REQUIRE(refused.exit_code != 0);
}

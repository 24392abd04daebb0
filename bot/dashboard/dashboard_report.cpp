// Builds the self-contained report from the same figures and tables as the served dashboard.
#include "bot/dashboard/dashboard_report.h"

#include "bot/dashboard/dashboard_assets.h"
#include "bot/dashboard/dashboard_page.h"
#include "bot/dashboard/figure_tables.h"
#include "commands/dashboard_figures.h"
#include "domain/time_zones.h"
#include "storage/unit_of_work.h"
#include "util/text_file.h"

namespace mentorbot {

std::string dashboard_report_html(Database& database, const Config& config, Seconds now, int weeks,
                                  const std::string& tenant, const std::string& chart_js_file, bool* charts_included) {
    std::vector<FigureTable> tables;
    {
        Database::StatementScope statements(database);
        UnitOfWork snapshot = UnitOfWork::transaction(database, UnitOfWork::Lock::deferred);
        tables = figure_tables(compute_dashboard_figures(database, config, now, weeks, tenant));
    }
    DashboardPageOptions options;
    options.self_contained = true;
    options.chart_js = read_text_file(chart_js_file.empty() ? std::string(chart_js_path) : chart_js_file);
    options.tenant = tenant.empty() ? "every tenant" : tenant;
    options.generated_at = format_in_zone(now, "UTC");
    if (charts_included) *charts_included = !options.chart_js.empty();
    return dashboard_page(tables, weeks, options);
}

}  // namespace mentorbot

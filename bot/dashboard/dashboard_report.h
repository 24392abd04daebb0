// `mentorbot report --html`: the dashboard as one self-contained HTML file to mail to leadership.
#pragma once

#include <string>

#include "config/config.h"
#include "domain/clock.h"
#include "storage/database.h"

namespace mentorbot {

// The page for `tenant` (every tenant when empty) over the `weeks` weeks up to `now`, with
// its stylesheet, Chart.js (read from `chart_js_file`) and chart script inlined. Without
// Chart.js the tables are still all there; `charts_included` says which it was.
std::string dashboard_report_html(Database& database, const Config& config, Seconds now, int weeks,
                                  const std::string& tenant, const std::string& chart_js_file,
                                  bool* charts_included = nullptr);

}  // namespace mentorbot

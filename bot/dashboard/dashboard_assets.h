// The dashboard's own stylesheet and script, and where Debian's libjs-chart.js puts Chart.js.
#pragma once

#include <string>

namespace mentorbot {

// Chart.js 3 as the libjs-chart.js package installs it (UMD build: defines window.Chart).
inline constexpr const char* chart_js_path = "/usr/share/javascript/chart.js/chart.min.js";

// Served as /admin/dashboard.css (or inlined in a report).
const std::string& dashboard_css();
// Served as /admin/dashboard.js: draws each chart from the figures' JSON in the page.
const std::string& dashboard_script();

}  // namespace mentorbot

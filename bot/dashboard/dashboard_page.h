// The dashboard as one HTML page: every figure's heading, summary, chart canvas and table, plus the notice pages.
#pragma once

#include <string>
#include <vector>

#include "bot/dashboard/figure_tables.h"

namespace mentorbot {

struct DashboardPageOptions {
    // A report to mail: the stylesheet and scripts inlined, no links back to the bot.
    bool self_contained = false;
    std::string chart_js;      // the Chart.js text to inline (self_contained only)
    std::string tenant;        // "slack:T1", shown as the program's name
    std::string generated_at;  // "2026-11-26 09:00 UTC"
};

// The periods the page offers (weeks).
inline constexpr int dashboard_periods[] = {4, 12, 52};

std::string dashboard_page(const std::vector<FigureTable>& tables, int weeks, const DashboardPageOptions& options);

// A short page with a heading and a paragraph (sign-in help, refusals); `body_html` is
// markup the caller built from escaped text.
std::string notice_page(const std::string& title, const std::string& body_html);

}  // namespace mentorbot

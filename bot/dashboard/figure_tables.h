// The dashboard's figures as tables: the one shape the page, its charts, the JSON and the CSV are all made from.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "commands/dashboard_figures.h"

namespace mentorbot {

// A cell: the text shown, and the number behind it when it is one (a chart plots it, the
// JSON and CSV give it as a number).
struct FigureCell {
    std::string text;
    std::optional<double> number;
};

enum class ChartKind { none, bar, stacked_bar, line };

struct FigureTable {
    std::string id;  // the name in /admin/api/<id> and /admin/csv/<id>
    std::string title;
    std::string summary;  // one or two sentences above the chart
    ChartKind chart = ChartKind::bar;
    std::vector<std::string> columns;
    std::vector<std::vector<FigureCell>> rows;  // the first cell of a row is its label
    std::vector<std::size_t> series;            // the columns the chart draws
    std::size_t chart_rows = 0;                 // the chart draws the first rows only (not the totals)
    std::string axis;                           // what the values count, for the chart's axis
};

// Every table of the dashboard, in page order.
std::vector<FigureTable> figure_tables(const DashboardFigures& figures);

// The names of the figures ("requests", "match-rate", …), in page order.
std::vector<std::string> figure_ids();

}  // namespace mentorbot

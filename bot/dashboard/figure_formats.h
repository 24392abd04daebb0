// A figure table as JSON (for its chart and /admin/api) and as CSV (for /admin/csv).
#pragma once

#include <string>
#include <vector>

#include "bot/dashboard/figure_tables.h"

namespace mentorbot {

// {"id", "title", "summary", "chart", "axis", "weeks", "columns", "rows", "series", "chart_rows"}:
// a cell is a number when it holds one, null for "–", its text otherwise.
std::string figure_json(const FigureTable& table, int weeks);
// Every figure, as a JSON array of the objects above.
std::string figures_json(const std::vector<FigureTable>& tables, int weeks);
// The header and the rows; text cells are guarded against spreadsheet formulas.
std::string figure_csv(const FigureTable& table);

}  // namespace mentorbot

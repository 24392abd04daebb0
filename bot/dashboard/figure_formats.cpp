// JSON with the project's writer and CSV with the export's formula-safe cells.
#include "bot/dashboard/figure_formats.h"

#include <cstdio>

#include "util/csv.h"
#include "util/json_writer.h"

namespace mentorbot {

namespace {

const char* chart_name(ChartKind kind) {
    switch (kind) {
        case ChartKind::bar: return "bar";
        case ChartKind::stacked_bar: return "stacked-bar";
        case ChartKind::line: return "line";
        case ChartKind::none: break;
    }
    return "none";
}

std::string number_text(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", value);
    return buffer;
}

void write_figure(JsonWriter& json, const FigureTable& table, int weeks) {
    json.begin_object();
    json.key("id");
    json.string(table.id);
    json.key("title");
    json.string(table.title);
    json.key("summary");
    json.string(table.summary);
    json.key("chart");
    json.string(chart_name(table.chart));
    json.key("axis");
    json.string(table.axis);
    json.key("weeks");
    json.number(weeks);
    json.key("columns");
    json.begin_array();
    for (const std::string& column : table.columns) json.string(column);
    json.end_array();
    json.key("rows");
    json.begin_array();
    for (const auto& row : table.rows) {
        json.begin_array();
        for (std::size_t i = 0; i < row.size(); ++i) {
            const FigureCell& cell = row[i];
            if (cell.number) json.raw(number_text(*cell.number));
            else if (i > 0 && cell.text == "–") json.raw("null");
            else json.string(cell.text);
        }
        json.end_array();
    }
    json.end_array();
    json.key("series");
    json.begin_array();
    for (std::size_t column : table.series) json.number(static_cast<long long>(column));
    json.end_array();
    json.key("chart_rows");
    json.number(static_cast<long long>(table.chart_rows));
    json.end_object();
}

}  // namespace

std::string figure_json(const FigureTable& table, int weeks) {
    JsonWriter json;
    write_figure(json, table, weeks);
    return json.take();
}

std::string figures_json(const std::vector<FigureTable>& tables, int weeks) {
    JsonWriter json;
    json.begin_array();
    for (const FigureTable& table : tables) write_figure(json, table, weeks);
    json.end_array();
    return json.take();
}

std::string figure_csv(const FigureTable& table) {
    std::string csv;
    for (std::size_t i = 0; i < table.columns.size(); ++i) csv += (i ? "," : "") + csv_field(table.columns[i]);
    csv += "\r\n";
    for (const auto& row : table.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            const FigureCell& cell = row[i];
            csv += (i ? "," : "") + (cell.number ? csv_field(number_text(*cell.number), false) : csv_field(cell.text));
        }
        csv += "\r\n";
    }
    return csv;
}

}  // namespace mentorbot

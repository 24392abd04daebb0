// Writes the dashboard's HTML: headings, labelled canvases and tables, every member-provided string escaped.
#include "bot/dashboard/dashboard_page.h"

#include "bot/dashboard/dashboard_assets.h"
#include "bot/dashboard/figure_formats.h"
#include "util/html.h"

namespace mentorbot {

namespace {

// JSON inside <script type="application/json">: a "<" could close the element early.
std::string script_safe(const std::string& json) {
    std::string safe;
    safe.reserve(json.size());
    for (char c : json) {
        if (c == '<') safe += "\\u003c";
        else safe += c;
    }
    return safe;
}

std::string head(const std::string& title, const std::string& styles) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"referrer\" content=\"no-referrer\">\n<link rel=\"icon\" href=\"data:,\">\n<title>" +
           html_escape(title) + "</title>\n" + styles + "</head>\n";
}

std::string table_html(const FigureTable& table) {
    // Focusable, so a keyboard can scroll a wide table on a phone.
    std::string html = "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"" +
                       html_escape(table.title) + " table\"><table>\n<caption>" + html_escape(table.title) +
                       ": the numbers</caption>\n<thead><tr>";
    for (const std::string& column : table.columns) html += "<th scope=\"col\">" + html_escape(column) + "</th>";
    html += "</tr></thead>\n<tbody>\n";
    if (table.rows.empty()) {
        html += "<tr><td class=\"text\" colspan=\"" + std::to_string(table.columns.size()) + "\">None</td></tr>\n";
    }
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        const bool total = r >= table.chart_rows && table.chart != ChartKind::none;
        html += total ? "<tr class=\"total\">" : "<tr>";
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i == 0) html += "<th scope=\"row\">" + html_escape(row[i].text) + "</th>";
            else
                html += std::string(row[i].number ? "<td>" : "<td class=\"text\">") + html_escape(row[i].text) +
                        "</td>";
        }
        html += "</tr>\n";
    }
    return html + "</tbody>\n</table></div>\n";
}

std::string section_html(const FigureTable& table, int weeks, bool self_contained) {
    const std::string id = html_escape(table.id);
    std::string html = "<section id=\"" + id + "\" aria-labelledby=\"title-" + id + "\">\n<h2 id=\"title-" + id +
                       "\">" + html_escape(table.title) + "</h2>\n<p class=\"summary\">" + html_escape(table.summary) +
                       "</p>\n";
    if (table.chart != ChartKind::none) {
        html += "<div class=\"chart\"><canvas id=\"chart-" + id +
                "\" role=\"img\" aria-label=\"Chart: " + html_escape(table.title) +
                ". The table below has the same numbers.\"></canvas></div>\n";
    }
    html += table_html(table);
    if (!self_contained) {
        const std::string query = "?weeks=" + std::to_string(weeks);
        html += "<p class=\"downloads\"><a href=\"/admin/csv/" + id + query + "\" download=\"" + id +
                ".csv\">Download " + html_escape(table.title) + " as CSV</a> · <a href=\"/admin/api/" + id + query +
                "\">JSON</a></p>\n";
    }
    return html + "</section>\n";
}

}  // namespace

std::string dashboard_page(const std::vector<FigureTable>& tables, int weeks, const DashboardPageOptions& options) {
    const std::string title = "Program dashboard";
    std::string html = head(title, options.self_contained
                                       ? "<style>" + dashboard_css() + "</style>\n"
                                       : "<link rel=\"stylesheet\" href=\"/admin/dashboard.css\">\n");
    html += "<body>\n<header>\n<div>\n<h1>" + title + "</h1>\n<p class=\"period\">" + html_escape(options.tenant) +
            " · last " + std::to_string(weeks) + (weeks == 1 ? " week" : " weeks") + " · " +
            html_escape(options.generated_at) + "</p>\n</div>\n";
    if (!options.self_contained) {
        html += "<nav aria-label=\"Period\"><ul>";
        for (int period : dashboard_periods) {
            html += "<li><a href=\"/admin?weeks=" + std::to_string(period) + "\"" +
                    (period == weeks ? " aria-current=\"page\"" : "") + ">" + std::to_string(period) +
                    " weeks</a></li>";
        }
        html += "</ul></nav>\n<form method=\"post\" action=\"/admin/sign-out\"><button type=\"submit\">Sign "
                "out</button></form>\n";
    }
    html += "</header>\n<main>\n";
    for (const FigureTable& table : tables) html += section_html(table, weeks, options.self_contained);
    html += "</main>\n<footer><p>Figures are counts only; no comment is ever shown with a name. Every chart has its "
            "table beneath it.</p></footer>\n";
    html += "<script type=\"application/json\" id=\"dashboard-data\">" + script_safe(figures_json(tables, weeks)) +
            "</script>\n";
    if (options.self_contained) {
        html += "<script>" + options.chart_js + "</script>\n<script>" + dashboard_script() + "</script>\n";
    } else {
        html += "<script src=\"/admin/chart.js\"></script>\n<script src=\"/admin/dashboard.js\"></script>\n";
    }
    return html + "</body>\n</html>\n";
}

std::string notice_page(const std::string& title, const std::string& body_html) {
    return head(title + " — mentorbot", "<link rel=\"stylesheet\" href=\"/admin/dashboard.css\">\n") +
           "<body>\n<main class=\"notice\">\n<h1>" + html_escape(title) + "</h1>\n" + body_html +
           "\n</main>\n</body>\n</html>\n";
}

}  // namespace mentorbot

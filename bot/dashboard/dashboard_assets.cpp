// The stylesheet (readable on a phone, high contrast) and the chart script (no inline code, so the CSP can forbid it).
#include "bot/dashboard/dashboard_assets.h"

namespace mentorbot {

const std::string& dashboard_css() {
    static const std::string css = R"css(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f6f7f9; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 1rem; }
header { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: baseline; justify-content: space-between; }
h1 { font-size: 1.6rem; margin: 0; }
h2 { font-size: 1.25rem; margin: 0 0 0.25rem; }
a { color: #0b4f9c; }
a:focus, button:focus { outline: 3px solid #f2b705; outline-offset: 2px; }
nav ul { list-style: none; display: flex; gap: 0.75rem; padding: 0; margin: 0; }
nav a[aria-current="page"] { font-weight: 700; color: #1a1a1a; text-decoration: none; }
button { font: inherit; padding: 0.35rem 0.9rem; border: 1px solid #0b4f9c; border-radius: 0.3rem; background: #0b4f9c; color: #fff; cursor: pointer; }
.period { color: #3d3d3d; margin: 0.25rem 0 0; }
section { background: #fff; border: 1px solid #d5d8dd; border-radius: 0.5rem; padding: 1rem; margin: 0 0 1rem; }
.summary { margin: 0 0 0.75rem; color: #2b2b2b; }
.chart { position: relative; height: 16rem; margin: 0 0 0.75rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; padding: 0 0 0.25rem; }
th, td { border-bottom: 1px solid #d5d8dd; padding: 0.3rem 0.5rem; text-align: right; white-space: nowrap; }
th:first-child, td.text { text-align: left; }
td.text { white-space: normal; }
tbody tr:last-child.total th, tbody tr.total td { font-weight: 700; }
.downloads { margin: 0.5rem 0 0; }
.notice { max-width: 36rem; margin: 3rem auto; background: #fff; border: 1px solid #d5d8dd; border-radius: 0.5rem; padding: 1.5rem; }
@media (max-width: 40rem) { body { font-size: 15px; } .chart { height: 13rem; } }
)css";
    return css;
}

const std::string& dashboard_script() {
    static const std::string script =
        R"js(// Draws each figure's chart from the JSON in the page; the tables beneath already hold every number.
(function () {
  'use strict';
  var data = document.getElementById('dashboard-data');
  if (!data || typeof Chart === 'undefined') return;
  var figures = JSON.parse(data.textContent);
  var palette = ['#0b4f9c', '#b3261e', '#1b6e20', '#6a3d9a', '#9c4a00', '#00695c', '#4e342e'];
  figures.forEach(function (figure) {
    if (figure.chart === 'none') return;
    var canvas = document.getElementById('chart-' + figure.id);
    if (!canvas) return;
    var rows = figure.rows.slice(0, figure.chart_rows);
    var stacked = figure.chart === 'stacked-bar';
    var datasets = figure.series.map(function (column, i) {
      var colour = palette[i % palette.length];
      return {
        label: figure.columns[column],
        data: rows.map(function (row) { return row[column]; }),
        backgroundColor: colour,
        borderColor: colour,
        spanGaps: true
      };
    });
    new Chart(canvas, {
      type: figure.chart === 'line' ? 'line' : 'bar',
      data: { labels: rows.map(function (row) { return String(row[0]); }), datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: stacked },
          y: { stacked: stacked, beginAtZero: true, title: { display: true, text: figure.axis } }
        }
      }
    });
    canvas.setAttribute('data-drawn', 'true');
  });
})();
)js";
    return script;
}

}  // namespace mentorbot

// The pieces both HTML pages are built from (format_html.cpp's report page, format_board.cpp's board
// paper): the style sheet, tables, headline cards, figures, and numbers as people read them (thousands
// separators, month names).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/disclosure.h"
#include "report/table_model.h"

namespace report::html {

// The page's one style sheet (inline: the CSP allows nothing else).
extern const char* kStyle;

// A titled table; `heat` shades facility percentages from the third column on.
std::string TableHtml(const Table& table, bool heat = false);

// A headline figure: the number large, a short label under it.
std::string Card(const std::string& number, const std::string& label);

// A chart with its caption.
std::string Figure(const std::string& caption, const std::string& svg);

// "72%", or the mark when it is withheld.
std::string Percent(const std::optional<double>& rate);

// A published count with thousands separators ("12,345"), or the mark.
std::string CountText(const Cell& cell);
std::string Thousands(std::int64_t n);

// "2024-05" -> "May 2024", "2024-Q2" -> "Apr-Jun 2024", a year as it is.
std::string PeriodName(const std::string& period);

// Labels for a chart's axis of periods: months as "May", with the year on the first and on each
// January ("Jan 2025"), so a dozen fit under a chart; other periods as PeriodName.
std::vector<std::string> AxisLabels(const std::vector<std::string>& periods);

}  // namespace report::html

// The output formats of kiosk-report. Each takes a finished, suppressed report and returns the text
// to write; none of them prints, reads the records or sees a suppressed cell's value.
#pragma once

#include <string>
#include <vector>

#include "report/items.h"
#include "report/kiosks.h"
#include "report/summary.h"
#include "report/table_model.h"

namespace report {

// What a report was made from, printed with it so a reader knows what the figures cover.
struct ReportMeta {
    std::string command;              // "summary", "items", "kiosks", "board"
    std::vector<std::string> inputs;  // the records DBs read (file names as given)
    std::string generated_at;         // ISO 8601 UTC
    Filters filters;
    bool people_by_staff_number = false;  // the report's own flag (PeopleNote says what it means)
    // What was read: how many of `inputs`, the problems with the rest ("file: reason"), and what the
    // selected sittings cover (first and last month, "" if none; how many kiosks).
    std::size_t inputs_read = 0;
    std::vector<std::string> problems;
    std::string first_month, last_month;
    std::int64_t kiosks = 0;
};

// A ReportMeta with every input read and nothing yet known of the coverage.
inline ReportMeta MakeMeta(std::string command, std::vector<std::string> inputs, std::string generated_at, Filters filters) {
    ReportMeta meta;
    meta.command = std::move(command);
    meta.inputs_read = inputs.size();
    meta.inputs = std::move(inputs);
    meta.generated_at = std::move(generated_at);
    meta.filters = std::move(filters);
    return meta;
}

// "30 of 32 files read; sittings from 2024-01 to 2024-06 at 28 kiosks", for the top of every output.
std::string CoverageLine(const ReportMeta& meta);

// The filters in words: "from 2024-01-01 to 2024-06-30, role health, K = 5".
std::string DescribeFilters(const Filters& filters);

// --format table: aligned columns for a terminal, titles, and the suppression note.
std::string RenderText(const std::vector<Table>& tables, const ReportMeta& meta);

// --format csv: RFC 4180 (CRLF line ends, quotes doubled, fields with , " CR LF quoted), UTF-8.
std::string RenderCsv(const Table& sheet);

// --format json: the report's own structure; a suppressed count is null and named in "suppressed".
std::string RenderJson(const SummaryReport& report, const ReportMeta& meta);
std::string RenderJson(const ItemsReport& report, const ReportMeta& meta);
std::string RenderJson(const KiosksReport& report, const ReportMeta& meta);

// The parts of an HTML page; any may be missing (summary --format html has only the summary).
struct HtmlParts {
    const SummaryReport* summary = nullptr;
    const ItemsReport* items = nullptr;
    const KiosksReport* kiosks = nullptr;
    bool tables_only = false;  // the board's appendix: no headline cards or charts (the board pages have them)
    // The board paper (RenderBoard) is this page with its own name, style and two pages in front of the
    // tables, which then stand under an "Appendix" heading.
    std::string paper = "coordinators' report";  // after "Modern slavery training: " in the title and heading
    std::string extra_style = {};                 // CSS added after the page's own
    std::string front_pages = {};                 // HTML before the sections; non-empty makes them an appendix
};

// --format html: one self-contained page (inline CSS and SVG charts, no script, no external files)
// with headline figures, charts, tables, the filters used and the date; for screens, phones and print.
std::string RenderHtml(const HtmlParts& parts, const ReportMeta& meta);

// kiosk-report board: the partnership board's paper (format_board.cpp): two pages (at a glance; the
// signs staff miss and what to do next) and the report page's tables as an appendix. Needs all three
// parts (else it is RenderHtml's page).
std::string RenderBoard(const HtmlParts& parts, const ReportMeta& meta);

}  // namespace report

// RenderHtml (formats.h): one self-contained page for a partnership board: headline figures, inline
// SVG charts, the tables, the filters used and the date. No script, no external file (a CSP says so),
// readable on a phone (tables scroll sideways, charts scale) and in print (black on white, no cut rows).
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/util/html_escape.h"
#include "report/formats.h"
#include "report/html_blocks.h"
#include "report/svg_chart.h"
#include "report/tabulate.h"

namespace report::html {

using kiosk::core::EscapeHtml;

const char* kStyle = R"css(
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; margin: 0 auto; max-width: 70rem; padding: 1rem;
       color: #1b1b1b; background: #fff; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #0072B2; }
h3 { font-size: 1rem; margin: 1.25rem 0 .25rem; }
.meta { color: #444; margin: 0 0 1rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem; margin: 1rem 0; }
.card { border: 1px solid #ccc; border-radius: 6px; padding: .75rem; }
.card .n { font-size: 1.8rem; font-weight: bold; display: block; } .card .l { color: #444; font-size: .9rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); gap: 1.5rem 2rem; }
figure { margin: 0; } figcaption { font-weight: bold; margin-bottom: .25rem; }
svg.chart { width: 100%; max-width: 36rem; height: auto; font-size: 15px; } svg .grid { stroke: #ddd; }
svg .axis { fill: #444; font-size: 13px; }
svg .value { fill: #1b1b1b; font-weight: bold; }
.scroll { overflow-x: auto; } table { border-collapse: collapse; margin: .25rem 0 1rem; font-size: .9rem; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
th { background: #f0f4f8; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.c { text-align: right; color: #666; } tr.l0 td { font-weight: bold; }
td.h0 { background: #f8d7d0; } td.h1 { background: #fbe9d4; } td.h2 { background: #eef5e0; } td.h3 { background: #d6eddf; }
.banner { border: 5px solid #d4351c; padding: .5rem 1rem; margin: 1rem 0; }
.banner h2 { border: 0; margin: .25rem 0 .5rem; color: #d4351c; }
.note { font-size: .9rem; color: #333; border-left: 4px solid #D55E00; padding-left: .75rem; }
@media (max-width: 40rem) { body { padding: .5rem; } h1 { font-size: 1.3rem; } .charts { grid-template-columns: 1fr; }
  td, th { white-space: nowrap; } table { font-size: .85rem; }
  #rollup td:nth-child(2), #rollup th:nth-child(2) { display: none; } /* the indent shows the level */ }
@media print { body { max-width: none; padding: 0; } h2 { break-after: avoid; } figure, tr, .card { break-inside: avoid; }
  th { background: none; } td.h0, td.h1, td.h2, td.h3 { background: none; } a { color: inherit; } }
)css";

namespace {

std::string CellHtml(const Value& v, const std::string& extra_class = "") {
    std::string text = EscapeHtml(v.kind == Value::Kind::Integer ? Thousands(static_cast<std::int64_t>(v.number))
                                                                 : ValueText(v, "–"));
    switch (v.kind) {
        case Value::Kind::Text: return "<td" + (extra_class.empty() ? "" : " class=\"" + extra_class + "\"") + ">" + text + "</td>";
        case Value::Kind::Suppressed: return "<td class=\"c\"><abbr title=\"suppressed\">" + text + "</abbr></td>";
        default: {
            // "k" marks a count (of learners), so checks can find every published count on the page.
            std::string classes = v.kind == Value::Kind::Integer ? "n k" : "n";
            if (!extra_class.empty()) classes += " " + extra_class;
            return "<td class=\"" + classes + "\">" + text + "</td>";
        }
    }
}

// A facility (0..100) as one of four shades, so the by-role grid reads as a heat map; the number stays.
std::string Heat(const Value& v) {
    if (v.kind != Value::Kind::Decimal) return "";
    return v.number < 50 ? "h0" : v.number < 65 ? "h1" : v.number < 80 ? "h2" : "h3";
}

}  // namespace

std::string TableHtml(const report::Table& table, bool heat) {
    std::string html = "<h3>" + EscapeHtml(table.title) + "</h3><div class=\"scroll\"><table id=\"" +
                       EscapeHtml(table.id) + "\"><thead><tr>";
    for (const std::string& c : table.columns) html += "<th scope=\"col\">" + EscapeHtml(c) + "</th>";
    html += "</tr></thead><tbody>";
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        int indent = r < table.indent.size() ? table.indent[r] : -1;
        html += indent >= 0 ? "<tr class=\"l" + std::to_string(indent) + "\">" : "<tr>";
        for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
            const Value& v = table.rows[r][c];
            if (c == 0 && indent > 0) {
                html += "<td style=\"padding-left:" + std::to_string(0.5 + 1.1 * indent).substr(0, 3) + "rem\">" +
                        EscapeHtml(ValueText(v, "")) + "</td>";
            } else {
                html += CellHtml(v, heat && c >= 2 ? Heat(v) : "");
            }
        }
        html += "</tr>";
    }
    if (table.rows.empty())
        html += "<tr><td colspan=\"" + std::to_string(table.columns.size()) + "\">" +
                EscapeHtml(table.empty.empty() ? std::string("None to show: no records, or too few people.") : table.empty) +
                "</td></tr>";
    return html + "</tbody></table></div>";
}

std::string Percent(const std::optional<double>& rate) {
    if (!rate) return kSuppressedMark;
    char text[16];
    std::snprintf(text, sizeof text, "%.0f%%", *rate * 100);
    return text;
}

std::string Thousands(std::int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (n < 0 ? "-" : "") + out;
}

std::vector<std::string> AxisLabels(const std::vector<std::string>& periods) {
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < periods.size(); ++i) {
        std::string name = PeriodName(periods[i]);
        bool month = periods[i].size() == 7 && periods[i][5] != 'Q' && name != periods[i];
        labels.push_back(month && i > 0 && periods[i].substr(5) != "01" ? name.substr(0, 3) : name);
    }
    return labels;
}

std::string CountText(const Cell& cell) { return cell.suppressed ? kSuppressedMark : Thousands(cell.value); }

std::string PeriodName(const std::string& period) {
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const char* quarters[] = {"Jan-Mar", "Apr-Jun", "Jul-Sep", "Oct-Dec"};
    if (period.size() == 7 && period[4] == '-' && period[5] != 'Q') {
        int m = std::atoi(period.c_str() + 5);
        if (m >= 1 && m <= 12) return std::string(months[m - 1]) + " " + period.substr(0, 4);
    }
    if (period.size() == 7 && period[5] == 'Q' && period[6] >= '1' && period[6] <= '4')
        return std::string(quarters[period[6] - '1']) + " " + period.substr(0, 4);
    return period;
}

std::string Card(const std::string& number, const std::string& label) {
    return "<div class=\"card\"><span class=\"n\">" + EscapeHtml(number) + "</span><span class=\"l\">" +
           EscapeHtml(label) + "</span></div>";
}

std::string Figure(const std::string& caption, const std::string& svg) {
    return "<figure><figcaption>" + EscapeHtml(caption) + "</figcaption>" + svg + "</figure>";
}

}  // namespace report::html

namespace report {

using kiosk::core::EscapeHtml;
using html::Card;
using html::CountText;
using html::Figure;
using html::PeriodName;
using html::Percent;

namespace {

std::string SummarySection(const SummaryReport& s, bool tables_only) {
    if (s.rollup.empty())
        return "<section><h2>Headline figures</h2><p>Fewer than " + std::to_string(s.filters.min_cell) +
               " people were trained in this selection, so no figures are shown.</p></section>";
    if (tables_only) {
        std::string html = "<section><h2>Figures by area, module, role and period</h2>";
        for (const Table& t : DisplayTables(s)) html += report::html::TableHtml(t);
        return html + "</section>";
    }
    const Outcomes& n = s.rollup.front().outcomes;
    std::string html = "<section><h2>Headline figures</h2><div class=\"cards\">";
    html += Card(n.sittings ? CountText(*n.sittings) : "–", "sittings started");
    html += Card(CountText(n.completions), "modules completed");
    html += Card(Percent(n.pass_rate), "of completed modules passed");
    char minutes[32] = "–";
    if (n.median_minutes) std::snprintf(minutes, sizeof minutes, "%.1f min", *n.median_minutes);
    html += Card(minutes, "median time per module");
    html += "</div><div class=\"charts\">";

    std::vector<Bar> regions;
    for (const RollupRow& row : s.rollup)
        if (row.level == Level::Region)
            regions.push_back(Bar{Label(row.region), row.outcomes.pass_rate ? std::optional(*row.outcomes.pass_rate * 100) : std::nullopt,
                                  Percent(row.outcomes.pass_rate)});
    html += Figure("Pass rate by region", BarChart("Pass rate by region", regions, 100));
    std::vector<Bar> modules;
    double most = 0;
    for (const BreakdownRow& row : s.by_module) {
        const report::Cell& c = row.outcomes.completions;
        modules.push_back(Bar{row.key, c.suppressed ? std::nullopt : std::optional(double(c.value)), CountText(c)});
        if (!c.suppressed) most = std::max(most, double(c.value));
    }
    html += Figure("Modules completed", BarChart("Modules completed by module", modules, most));
    std::vector<std::string> periods;
    Series sittings{"Sittings", {}}, completions{"Modules completed", {}};
    for (const BreakdownRow& row : s.by_period) {
        periods.push_back(row.key);
        const auto& o = row.outcomes;
        sittings.values.push_back(o.sittings && !o.sittings->suppressed ? std::optional(double(o.sittings->value)) : std::nullopt);
        completions.values.push_back(o.completions.suppressed ? std::nullopt : std::optional(double(o.completions.value)));
    }
    html += Figure(std::string("Trend by ") + ToString(s.filters.period),
                   LineChart("Sittings and modules completed by " + std::string(ToString(s.filters.period)), html::AxisLabels(periods),
                             {sittings, completions}));
    std::vector<Bar> roles;
    for (const BreakdownRow& row : s.by_role)
        roles.push_back(Bar{Label(row.key), row.outcomes.pass_rate ? std::optional(*row.outcomes.pass_rate * 100) : std::nullopt,
                            Percent(row.outcomes.pass_rate)});
    html += Figure("Pass rate by role category", BarChart("Pass rate by role category", roles, 100));
    html += "</div><h2>Figures by area, module, role and period</h2>";
    for (const Table& t : DisplayTables(s)) html += report::html::TableHtml(t);
    return html + "</section>";
}

std::string ItemsSection(const ItemsReport& r, bool tables_only) {
    std::string html = "<section><h2>Questions: what staff get wrong</h2>";
    std::vector<const ItemRow*> published;
    for (const ItemRow& item : r.items)
        if (item.all.facility) published.push_back(&item);
    std::sort(published.begin(), published.end(),
              [](const ItemRow* a, const ItemRow* b) { return *a->all.facility < *b->all.facility; });
    if (published.size() > 10) published.resize(10);
    std::vector<Bar> bars;
    for (const ItemRow* item : published)
        bars.push_back(Bar{item->scene,  // the module is in the tables below; the bar label must stay short
                            *item->all.facility * 100, Percent(item->all.facility)});
    if (!tables_only)
        html += "<div class=\"charts\">" +
                Figure("Least often answered right (facility)", BarChart("Questions with the lowest facility", bars, 100)) +
                "</div>";
    html += "<p>Facility is the share of answers that were right. Discrimination (from −1 to 1) is how strongly "
            "getting the question right goes with a high module score: below 0.2 the question may be unclear.</p>";
    if (!r.text_source.empty())
        html += "<p class=\"note\">Question and option text from content pack " + EscapeHtml(r.text_source) + ".</p>";
    std::vector<Table> tables = DisplayTables(r);
    for (const Table& t : tables) html += report::html::TableHtml(t, t.id == "by-role" || t.id == "by-region" || t.id == "by-agency");
    return html + "</section>";
}

std::string KiosksSection(const KiosksReport& r) {
    std::string html = "<section><h2>Kiosks</h2>";
    for (const Table& t : DisplayTables(r)) html += report::html::TableHtml(t);
    return html + "</section>";
}

}  // namespace

std::string RenderHtml(const HtmlParts& parts, const ReportMeta& meta) {
    std::string html =
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        "<title>Modern slavery training: " + EscapeHtml(parts.paper) + "</title><style>";
    html += html::kStyle;
    html += parts.extra_style;
    html += "</style></head><body><header><h1>Modern slavery training: " + EscapeHtml(parts.paper) + "</h1><p class=\"meta\">";
    html += EscapeHtml(DescribeFilters(meta.filters)) + ".<br>Made " + EscapeHtml(meta.generated_at.substr(0, 10)) +
            " at " + EscapeHtml(meta.generated_at.substr(11, 5)) + " UTC: " + EscapeHtml(CoverageLine(meta)) +
            ".</p></header><main>";
    // A board must not read figures as the whole picture when some kiosks' records were left out.
    if (!meta.problems.empty()) {
        html += "<div class=\"banner\" role=\"alert\"><h2>Not every kiosk's records are in these figures</h2><p>" +
                std::to_string(meta.inputs.size() - meta.inputs_read) + " of " + std::to_string(meta.inputs.size()) +
                " files could not be read, or were read in part:</p><ul>";
        for (const std::string& problem : meta.problems) html += "<li>" + EscapeHtml(problem) + "</li>";
        html += "</ul></div>";
    }
    const bool appendix = !parts.front_pages.empty();
    if (appendix) html += parts.front_pages + "<div class=\"appendix\"><h2>Appendix: the figures in detail</h2>";
    if (parts.summary) html += SummarySection(*parts.summary, parts.tables_only);
    if (parts.items) html += ItemsSection(*parts.items, parts.tables_only);
    if (parts.kiosks) html += KiosksSection(*parts.kiosks);
    if (appendix) html += "</div>";
    html += "</main><footer><p class=\"note\">" + EscapeHtml(SuppressionNote(meta.filters.min_cell)) + " " +
            EscapeHtml(PeopleNote(meta.people_by_staff_number)) + " Learners are anonymous: staff numbers are never stored, and their hashes never appear in a report.</p>"
            "</footer></body></html>\n";
    return html;
}

}  // namespace report

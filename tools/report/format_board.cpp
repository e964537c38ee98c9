// RenderBoard (formats.h): the paper a partnership board reads. Two pages first (the headline cards,
// the trend, pass rates by region and role; then the signs staff miss, by question text, and what to
// do next, worked out from the figures), the detail tables after them as an appendix. Everything on it
// is a figure the disclosure rules have already protected; nothing here looks at records.
#include <algorithm>
#include <cstdio>
#include <map>

#include "core/util/html_escape.h"
#include "report/formats.h"
#include "report/html_blocks.h"
#include "report/svg_chart.h"
#include "report/tabulate.h"

namespace report {

using kiosk::core::EscapeHtml;

namespace {

const char* kBoardStyle = R"css(
.page { break-after: page; }
.lead { font-size: 1.1rem; }
ol.signs li { margin: 0 0 .75rem; } ol.signs .q { font-weight: bold; display: block; }
ul.next li { margin: 0 0 .6rem; }
.appendix h2 { border-color: #505a5f; }
.key { font-size: .9rem; color: #333; }
@page { size: A4; margin: 14mm; }
@media print { .scroll { overflow: visible; } .appendix table { font-size: 7.5pt; } .appendix th, .appendix td { padding: 1px 3px; }
  .charts { grid-template-columns: 1fr 1fr; } svg.chart { max-width: 100%; } }
)css";

// The question as the pack words it, else its ids.
std::string QuestionName(const ItemRow& item) { return item.prompt.empty() ? item.module + " / " + item.scene : item.prompt; }

// The slice of `slices` with the lowest published facility, if any.
const SliceStats* Lowest(const std::vector<SliceStats>& slices) {
    const SliceStats* lowest = nullptr;
    for (const SliceStats& s : slices)
        if (s.stats.facility && (!lowest || *s.stats.facility < *lowest->stats.facility)) lowest = &s;
    return lowest;
}

std::string PageOne(const SummaryReport& s, const ReportMeta& meta) {
    using html::Card;
    std::string out = "<section class=\"page\"><h2>At a glance</h2>";
    if (s.rollup.empty())
        return out + "<p>Fewer than " + std::to_string(s.filters.min_cell) +
               " people were trained in this selection, so no figures are shown.</p></section>";
    const Outcomes& n = s.rollup.front().outcomes;
    out += "<div class=\"cards\">";
    out += Card(n.sittings ? html::CountText(*n.sittings) : "–", "times staff started the training");
    out += Card(html::CountText(n.completions), "modules completed");
    out += Card(html::Percent(n.pass_rate), "of completed modules passed");
    out += Card(html::Thousands(meta.kiosks), meta.kiosks == 1 ? "kiosk used" : "kiosks used");
    out += "</div><p class=\"key\">" + EscapeHtml(SuppressionNote(s.filters.min_cell)) + "</p><div class=\"charts\">";
    std::vector<std::string> periods;
    Series sittings{"Training started", {}}, completions{"Modules completed", {}};
    for (const BreakdownRow& row : s.by_period) {
        periods.push_back(row.key);
        sittings.values.push_back(row.outcomes.sittings ? std::optional(double(row.outcomes.sittings->value)) : std::nullopt);
        completions.values.push_back(double(row.outcomes.completions.value));
    }
    out += html::Figure("Training over time", LineChart("Training started and modules completed over time", html::AxisLabels(periods),
                                                         {sittings, completions}));
    std::vector<Bar> regions, roles;
    for (const RollupRow& row : s.rollup)
        if (row.level == Level::Region)
            regions.push_back(Bar{Label(row.region), row.outcomes.pass_rate ? std::optional(*row.outcomes.pass_rate * 100) : std::nullopt,
                                  html::Percent(row.outcomes.pass_rate)});
    for (const BreakdownRow& row : s.by_role)
        roles.push_back(Bar{Label(row.key), row.outcomes.pass_rate ? std::optional(*row.outcomes.pass_rate * 100) : std::nullopt,
                            html::Percent(row.outcomes.pass_rate)});
    out += html::Figure("Modules passed, by region", BarChart("Share of completed modules passed, by region", regions, 100));
    out += html::Figure("Modules passed, by staff group", BarChart("Share of completed modules passed, by role", roles, 100));
    return out + "</div></section>";
}

// The five questions answered right least often, each with the staff group and agency who miss it most.
std::vector<const ItemRow*> MostMissed(const ItemsReport& items) {
    std::vector<const ItemRow*> missed;
    for (const ItemRow& item : items.items)
        if (item.all.facility) missed.push_back(&item);
    std::sort(missed.begin(), missed.end(), [](const ItemRow* a, const ItemRow* b) { return *a->all.facility < *b->all.facility; });
    if (missed.size() > 5) missed.resize(5);
    return missed;
}

std::string PageTwo(const SummaryReport& s, const ItemsReport& items, const KiosksReport& kiosks) {
    std::string out = "<section class=\"page\"><h2>The signs staff miss</h2>";
    std::vector<const ItemRow*> missed = MostMissed(items);
    if (missed.empty()) {
        out += "<p>Too few answers to show any question.</p>";
    } else {
        out += "<p class=\"lead\">The questions answered right least often:</p><ol class=\"signs\">";
        for (const ItemRow* item : missed) {
            out += "<li><span class=\"q\">" + EscapeHtml(QuestionName(*item)) + "</span>" + html::Percent(item->all.facility) +
                   " of answers right";
            if (const SliceStats* role = Lowest(item->by_role))
                out += "; lowest among " + EscapeHtml(Label(role->key)) + " staff (" + html::Percent(role->stats.facility) + ")";
            if (const SliceStats* agency = Lowest(item->by_agency))
                out += "; lowest agency: " + EscapeHtml(Label(agency->key)) + " (" + html::Percent(agency->stats.facility) + ")";
            out += ".</li>";
        }
        out += "</ol>";
        if (!items.text_source.empty())
            out += "<p class=\"key\">Question text from content pack " + EscapeHtml(items.text_source) + ".</p>";
    }

    // What to do next: only what the figures above support, in plain words.
    std::vector<std::string> next;
    if (!missed.empty())
        next.push_back("Brief staff on the question answered right least often: \"" + EscapeHtml(QuestionName(*missed.front())) +
                       "\" (" + html::Percent(missed.front()->all.facility) + " right).");
    const BreakdownRow* weakest = nullptr;
    for (const BreakdownRow& row : s.by_role)
        if (row.outcomes.pass_rate && (!weakest || *row.outcomes.pass_rate < *weakest->outcomes.pass_rate)) weakest = &row;
    if (weakest)
        next.push_back("Ask the agencies' leads to encourage " + EscapeHtml(Label(weakest->key)) + " staff, whose modules are passed least often (" +
                       html::Percent(weakest->outcomes.pass_rate) + ").");
    // The module whose pass rate fell most from the period before last to the last.
    std::map<std::string, std::map<std::string, const Outcomes*>> by_module;
    std::string last, before;
    for (const ModulePeriodRow& r : s.by_module_period) {
        by_module[r.module][r.period] = &r.outcomes;
        last = std::max(last, r.period);
    }
    for (const ModulePeriodRow& r : s.by_module_period)
        if (r.period < last) before = std::max(before, r.period);
    std::string fell_module;
    double fell = 0;
    for (const auto& [module, cells] : by_module) {
        auto a = cells.find(before), b = cells.find(last);
        if (a == cells.end() || b == cells.end() || !a->second->pass_rate || !b->second->pass_rate) continue;
        double change = (*b->second->pass_rate - *a->second->pass_rate) * 100;
        if (change < fell) fell = change, fell_module = module;
    }
    auto title = items.module_titles.find(fell_module);
    if (title != items.module_titles.end()) fell_module = title->second;
    if (fell <= -5)
        next.push_back("Look at \"" + EscapeHtml(fell_module) + "\": its pass rate fell " + std::to_string(static_cast<int>(-fell + 0.5)) +
                       " points from " + EscapeHtml(html::PeriodName(before)) + " to " + EscapeHtml(html::PeriodName(last)) + ".");
    // Kiosks whose last sitting is more than a month before the newest sitting anywhere.
    std::string newest;
    for (const KioskRow& k : kiosks.kiosks) newest = std::max(newest, k.last_sitting);
    std::vector<std::string> quiet;
    for (const KioskRow& k : kiosks.kiosks)
        if (newest.size() >= 7 && k.last_sitting.substr(0, 7) < newest.substr(0, 7) && k.last_sitting.size() >= 7) {
            int gap = (std::stoi(newest.substr(0, 4)) - std::stoi(k.last_sitting.substr(0, 4))) * 12 +
                      std::stoi(newest.substr(5, 2)) - std::stoi(k.last_sitting.substr(5, 2));
            if (gap >= 2) quiet.push_back(EscapeHtml(k.kiosk) + " (last used " + EscapeHtml(html::PeriodName(k.last_sitting.substr(0, 7))) + ")");
        }
    if (!quiet.empty()) {
        std::string list;
        for (std::size_t i = 0; i < quiet.size(); ++i) list += (i ? ", " : "") + quiet[i];
        next.push_back("Check on " + std::to_string(quiet.size()) + (quiet.size() == 1 ? " kiosk" : " kiosks") +
                       " not used for two months or more: " + list + ".");
    }
    out += "<h2>What to do next</h2>";
    if (next.empty()) {
        out += "<p>Nothing in these figures stands out.</p>";
    } else {
        out += "<ul class=\"next\">";
        for (const std::string& n : next) out += "<li>" + n + "</li>";
        out += "</ul>";
    }
    return out + "</section>";
}

}  // namespace

std::string RenderBoard(const HtmlParts& parts, const ReportMeta& meta) {
    // The report page is the appendix: its header and banner stay on top, the two board pages go
    // straight after them.
    HtmlParts board = parts;
    if (parts.summary && parts.items && parts.kiosks) {
        board.paper = "report for the partnership board";
        board.extra_style = kBoardStyle;
        board.front_pages = PageOne(*parts.summary, meta) + PageTwo(*parts.summary, *parts.items, *parts.kiosks);
    }
    return RenderHtml(board, meta);
}

}  // namespace report

// DisplayTables and Sheet (tabulate.h) for the summary, items and kiosks reports.
//
// [SECTION] Summary
// [SECTION] Items
// [SECTION] Kiosks
#include "report/tabulate.h"

#include <map>
#include <set>

namespace report {

std::string Label(const std::string& name) { return name.empty() ? "(not recorded)" : name; }

namespace {

// [SECTION] Summary

std::vector<Value> OutcomeValues(const Outcomes& o) {
    std::vector<Value> values;
    values.push_back(o.sittings ? CountValue(*o.sittings) : Value{});
    values.push_back(CountValue(o.completions));
    values.push_back(CountValue(o.passed));  // not failed: see kOutcomeColumns
    values.push_back(PercentValue(o.pass_rate, true));
    values.push_back(DecimalValue(o.median_minutes, 1, true));
    return values;
}

// "Modules completed" and "sittings finished" (kiosks) are different things, and never both "completed".
// No table prints every part of a total (here failed = completed - passed; in the items, wrong =
// answers - right; in the kiosks, open = sittings - the rest): with all the parts and the total each
// rounded, reasoning over their ranges pins small counts far more often (disclosure_attack_test.cpp).
const std::vector<std::string> kOutcomeColumns = {"Sittings", "Modules completed", "Passed", "Pass rate %",
                                                  "Median minutes"};

std::string RollupName(const RollupRow& row) {
    switch (row.level) {
        case Level::National: return "All areas";
        case Level::Region: return Label(row.region);
        case Level::Partnership: return Label(row.partnership);
        case Level::Agency: return Label(row.agency);
        case Level::Kiosk: return Label(row.kiosk);
    }
    return "";
}

Table Breakdown(const std::string& id, const std::string& title, const std::string& key_column,
                const std::vector<BreakdownRow>& rows, bool with_sittings) {
    Table table{id, title, {key_column}, {}, {}, {}};
    for (std::size_t i = with_sittings ? 0 : 1; i < kOutcomeColumns.size(); ++i) table.columns.push_back(kOutcomeColumns[i]);
    for (const BreakdownRow& row : rows) {
        std::vector<Value> values{TextValue(Label(row.key))};
        std::vector<Value> outcomes = OutcomeValues(row.outcomes);
        values.insert(values.end(), outcomes.begin() + (with_sittings ? 0 : 1), outcomes.end());
        table.rows.push_back(std::move(values));
    }
    return table;
}

// Each module's completions and pass rate in each period, and the change in pass rate from the one
// before last to the last ("this quarter against last" with --by quarter), in percentage points.
Table ModuleByPeriod(const SummaryReport& report) {
    std::set<std::string> period_set;
    for (const ModulePeriodRow& r : report.by_module_period) period_set.insert(r.period);
    std::vector<std::string> periods(period_set.begin(), period_set.end());
    Table table{"module-by-period", std::string("Modules by ") + ToString(report.filters.period), {"Module"}, {}, {}, {}};
    for (const std::string& p : periods) {
        table.columns.push_back(p + " completed");
        table.columns.push_back(p + " pass %");
    }
    if (periods.size() >= 2) table.columns.push_back("Change in pass rate, points");
    std::map<std::string, std::map<std::string, const Outcomes*>> by_module;
    for (const ModulePeriodRow& r : report.by_module_period) by_module[r.module][r.period] = &r.outcomes;
    for (const auto& [module, cells] : by_module) {
        std::vector<Value> row{TextValue(module)};
        for (const std::string& p : periods) {
            auto it = cells.find(p);
            row.push_back(it == cells.end() ? Value{} : CountValue(it->second->completions));
            row.push_back(it == cells.end() ? Value{} : PercentValue(it->second->pass_rate, true));
        }
        if (periods.size() >= 2) {
            auto last = cells.find(periods.back()), before = cells.find(periods[periods.size() - 2]);
            std::optional<double> change;
            if (last != cells.end() && before != cells.end() && last->second->pass_rate && before->second->pass_rate)
                change = (*last->second->pass_rate - *before->second->pass_rate) * 100;
            row.push_back(DecimalValue(change, 0, false));  // "-" when either rate is not shown
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

}  // namespace

std::vector<Table> DisplayTables(const SummaryReport& report) {
    Table rollup{"rollup", "By area: region, partnership, agency, kiosk", {"Area", "Level"}, {}, {}, {}};
    rollup.columns.insert(rollup.columns.end(), kOutcomeColumns.begin(), kOutcomeColumns.end());
    for (const RollupRow& row : report.rollup) {
        std::vector<Value> values{TextValue(RollupName(row)), TextValue(ToString(row.level))};
        std::vector<Value> outcomes = OutcomeValues(row.outcomes);
        values.insert(values.end(), outcomes.begin(), outcomes.end());
        rollup.rows.push_back(std::move(values));
        rollup.indent.push_back(static_cast<int>(row.level));
    }
    return {rollup, Breakdown("by-module", "By module", "Module", report.by_module, false),
            ModuleByPeriod(report),
            Breakdown("by-role", "By role category", "Role", report.by_role, true),
            Breakdown("by-period", std::string("By ") + ToString(report.filters.period), "Period", report.by_period,
                      true)};
}

Table Sheet(const SummaryReport& report) {
    Table sheet{"summary", "Summary", {"table", "level", "region", "partnership", "agency", "kiosk", "module", "role", "period"}, {}, {}, {}};
    for (const char* c : {"sittings", "completions", "passed", "pass_rate_percent", "median_minutes"})
        sheet.columns.push_back(c);
    auto add = [&](std::vector<Value> keys, const Outcomes& o) {
        std::vector<Value> values = OutcomeValues(o);
        keys.insert(keys.end(), values.begin(), values.end());
        sheet.rows.push_back(std::move(keys));
    };
    for (const RollupRow& r : report.rollup)
        add({TextValue("area"), TextValue(ToString(r.level)), TextValue(r.region), TextValue(r.partnership),
             TextValue(r.agency), TextValue(r.kiosk), {}, {}, {}},
            r.outcomes);
    for (const BreakdownRow& r : report.by_module) add({TextValue("module"), TextValue("national"), {}, {}, {}, {}, TextValue(r.key), {}, {}}, r.outcomes);
    for (const BreakdownRow& r : report.by_role) add({TextValue("role"), TextValue("national"), {}, {}, {}, {}, {}, TextValue(r.key), {}}, r.outcomes);
    for (const BreakdownRow& r : report.by_period) add({TextValue("period"), TextValue("national"), {}, {}, {}, {}, {}, {}, TextValue(r.key)}, r.outcomes);
    for (const ModulePeriodRow& r : report.by_module_period)
        add({TextValue("module-period"), TextValue("national"), {}, {}, {}, {}, TextValue(r.module), {}, TextValue(r.period)}, r.outcomes);
    return sheet;
}

// [SECTION] Items

namespace {

// Facility by question (rows) and slice value (columns): the "who misses what" grid.
Table FacilityGrid(const std::string& id, const std::string& title, const ItemsReport& report,
                   std::vector<SliceStats> ItemRow::*slices) {
    std::set<std::string> keys;
    for (const ItemRow& item : report.items)
        for (const SliceStats& s : item.*slices) keys.insert(s.key);
    bool texts = !report.text_source.empty();
    Table table{id, title, {"Module", "Question"}, {}, {}, {}};
    if (texts) table.columns.push_back("Prompt");
    for (const std::string& key : keys) table.columns.push_back(Label(key) + " %");
    for (const ItemRow& item : report.items) {
        std::vector<Value> row{TextValue(item.module), TextValue(item.scene)};
        if (texts) row.push_back(TextValue(item.prompt));
        std::map<std::string, const SliceStats*> by_key;
        for (const SliceStats& s : item.*slices) by_key[s.key] = &s;
        for (const std::string& key : keys) {
            auto it = by_key.find(key);
            row.push_back(it == by_key.end() ? Value{}
                                             : PercentValue(it->second->stats.facility, true));
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

}  // namespace

std::vector<Table> DisplayTables(const ItemsReport& report) {
    // With a content pack, the question's prompt and each option's text stand beside their ids.
    bool texts = !report.text_source.empty();
    std::string from = texts ? "; text from pack " + report.text_source : "";
    Table items{"items", "Questions: facility (share right) and discrimination" + from, {"Module", "Question"}, {}, {}, {}};
    if (texts) items.columns.push_back("Prompt");
    for (const char* c : {"Type", "Answers", "Right", "Facility %", "Discrimination"}) items.columns.push_back(c);
    Table options{"options", "Options chosen" + from, {"Module", "Question", "Option"}, {}, {}, {}};
    if (texts) options.columns.push_back("Text");
    for (const char* c : {"Chosen", "In wrong answers", "Share %"}) options.columns.push_back(c);
    for (const ItemRow& item : report.items) {
        std::vector<Value> row{TextValue(item.module), TextValue(item.scene)};
        if (texts) row.push_back(TextValue(item.prompt));
        for (Value v : {TextValue(item.question_type), CountValue(item.all.answers), CountValue(item.all.correct),
                        PercentValue(item.all.facility, true),
                        DecimalValue(item.discrimination, 2, true)})
            row.push_back(std::move(v));
        items.rows.push_back(std::move(row));
        for (const OptionStats& o : item.options) {
            std::vector<Value> option{TextValue(item.module), TextValue(item.scene), TextValue(o.option)};
            if (texts) option.push_back(TextValue(o.text));
            for (Value v : {CountValue(o.chosen), CountValue(o.chosen_when_wrong),
                            PercentValue(o.share, true)})
                option.push_back(std::move(v));
            options.rows.push_back(std::move(option));
        }
    }
    Table by_role = FacilityGrid("by-role", "Facility % by role category", report, &ItemRow::by_role);
    Table by_region = FacilityGrid("by-region", "Facility % by region", report, &ItemRow::by_region);
    Table by_agency = FacilityGrid("by-agency", "Facility % by agency", report, &ItemRow::by_agency);
    // items --by role|region|agency: the one table that answers "whose staff miss which signs".
    const std::string& by = report.filters.by_slice;
    for (Table* grid : {&by_role, &by_region, &by_agency})
        if (!by.empty() && grid->id == "by-" + by) {
            grid->title += " (share of answers right: the lowest are the signs most missed)" + from;
            return {*grid};
        }
    return {items, by_role, by_region, by_agency, options};
}

Table Sheet(const ItemsReport& report) {
    // With a content pack: a "prompt" column after the question, and "option_text" after the value.
    bool texts = !report.text_source.empty();
    Table sheet{"items", "Items", {"module", "question"}, {}, {}, {}};
    if (texts) sheet.columns.push_back("prompt");
    for (const char* c : {"type", "breakdown", "value"}) sheet.columns.push_back(c);
    if (texts) sheet.columns.push_back("option_text");
    for (const char* c : {"answers", "correct", "facility_percent", "discrimination", "chosen",
                          "chosen_when_wrong", "share_percent"})
        sheet.columns.push_back(c);
    for (const ItemRow& item : report.items) {
        std::vector<Value> keys{TextValue(item.module), TextValue(item.scene)};
        if (texts) keys.push_back(TextValue(item.prompt));
        keys.push_back(TextValue(item.question_type));
        // breakdown, value and (with texts) the option's text
        auto labels = [&](std::vector<Value>& row, const char* breakdown, const std::string& value,
                          const std::string* text) {
            row.push_back(TextValue(breakdown));
            row.push_back(TextValue(value));
            if (texts) row.push_back(text ? TextValue(*text) : Value{});
        };
        auto stats_row = [&](const char* breakdown, const std::string& value, const ItemStats& s, Value discrimination) {
            std::vector<Value> row = keys;
            labels(row, breakdown, value, nullptr);
            for (Value v : {CountValue(s.answers), CountValue(s.correct), PercentValue(s.facility, true),
                            discrimination, Value{}, Value{}, Value{}})
                row.push_back(std::move(v));
            sheet.rows.push_back(std::move(row));
        };
        stats_row("all", "", item.all, DecimalValue(item.discrimination, 3, true));
        for (const SliceStats& s : item.by_role) stats_row("role", s.key, s.stats, Value{});
        for (const SliceStats& s : item.by_region) stats_row("region", s.key, s.stats, Value{});
        for (const SliceStats& s : item.by_agency) stats_row("agency", s.key, s.stats, Value{});
        for (const OptionStats& o : item.options) {
            std::vector<Value> row = keys;
            labels(row, "option", o.option, &o.text);
            for (Value v : {Value{}, Value{}, Value{}, Value{},
                            CountValue(o.chosen), CountValue(o.chosen_when_wrong),
                            PercentValue(o.share, true)})
                row.push_back(std::move(v));
            sheet.rows.push_back(std::move(row));
        }
    }
    return sheet;
}

// [SECTION] Kiosks

namespace {

std::vector<Value> KioskValues(const KioskRow& k, bool total) {
    return {TextValue(total ? "All kiosks" : Label(k.region)), TextValue(total ? "" : Label(k.partnership)),
            TextValue(total ? "" : Label(k.agency)), TextValue(k.kiosk), TextValue(k.site),
            TextValue(total ? "" : k.pack_id + " v" + std::to_string(k.pack_version)), TextValue(k.last_sitting),
            CountValue(k.sittings), CountValue(k.completed), CountValue(k.idle_resets), CountValue(k.left),
            CountValue(k.admin_sign_ins), CountValue(k.admin_lockouts),
            TextValue(k.last_admin)};
}

const std::vector<std::string> kKioskColumns = {"Region", "Partnership", "Agency", "Kiosk", "Site", "Pack",
                                                "Last sitting", "Sittings", "Finished", "Idle resets", "Left",
                                                "Admin sign-ins", "Lockouts", "Last admin action"};

}  // namespace

std::vector<Table> DisplayTables(const KiosksReport& report) {
    if (!report.idle_since.empty()) {
        // Not used since the window's first day: the counts would all be 0, so only the names, the last
        // sitting before the window and the admin trail.
        Table table{"idle-kiosks",
                    "Kiosks with no sitting from " + report.idle_since + " to " + report.filters.to + " (" +
                        std::to_string(report.kiosks.size()) + ")",
                    {"Region", "Partnership", "Agency", "Kiosk", "Site", "Pack", "Last sitting", "Last admin action"},
                    {}, {}, "none: every kiosk was used"};
        for (const KioskRow& k : report.kiosks)
            table.rows.push_back({TextValue(Label(k.region)), TextValue(Label(k.partnership)), TextValue(Label(k.agency)),
                                  TextValue(k.kiosk), TextValue(k.site),
                                  TextValue(k.pack_id.empty() ? "" : k.pack_id + " v" + std::to_string(k.pack_version)),
                                  TextValue(k.last_sitting.empty() ? "never" : k.last_sitting), TextValue(k.last_admin)});
        return {table};
    }
    Table table{"kiosks", "Kiosks", kKioskColumns, {}, {}, {}};
    for (const KioskRow& k : report.kiosks) table.rows.push_back(KioskValues(k, false));
    table.rows.push_back(KioskValues(report.total, true));
    return {table};
}

Table Sheet(const KiosksReport& report) {
    Table sheet{"kiosks", "Kiosks",
                {"region", "partnership", "agency", "kiosk", "site", "pack", "last_sitting", "sittings", "completed",
                 "idle_resets", "left", "admin_sign_ins", "admin_lockouts", "last_admin_action"},
                {}, {}, {}};
    for (const KioskRow& k : report.kiosks) {
        std::vector<Value> row = KioskValues(k, false);
        row[0] = TextValue(k.region);  // raw names in CSV: "" stays empty
        row[1] = TextValue(k.partnership);
        row[2] = TextValue(k.agency);
        sheet.rows.push_back(std::move(row));
    }
    std::vector<Value> total = KioskValues(report.total, true);
    total[0] = TextValue("(all)");
    sheet.rows.push_back(std::move(total));
    return sheet;
}

}  // namespace report

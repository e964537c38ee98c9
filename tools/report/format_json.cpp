// RenderJson (formats.h) with nlohmann-json. Counts are rounded integers or null; every object lists
// its withheld fields in "suppressed", so a program can tell "withheld" from "not applicable".
#include <nlohmann/json.hpp>

#include "report/formats.h"

namespace report {

using nlohmann::json;

namespace {

void Put(json& object, const char* name, const Cell& cell) {
    if (cell.suppressed) {
        object[name] = nullptr;
        object["suppressed"].push_back(name);
    } else {
        object[name] = cell.value;
    }
}

void Put(json& object, const char* name, const std::optional<double>& number) {
    object[name] = number ? json(*number) : json(nullptr);
}

json Header(const ReportMeta& meta) {
    const Filters& f = meta.filters;
    using Names = std::vector<std::string>;  // each filter: the values given, [] for all
    json filters = {{"from", f.from},
                    {"to", f.to},
                    {"module", Names(f.module)},
                    {"role", Names(f.role)},
                    {"region", Names(f.region)},
                    {"partnership", Names(f.partnership)},
                    {"agency", Names(f.agency)},
                    {"kiosk", Names(f.kiosk)},
                    {"by", ToString(f.period)},
                    {"min_cell", f.min_cell}};
    return {{"report", meta.command},
            {"generated_at", meta.generated_at},
            {"inputs", meta.inputs},
            {"inputs_read", meta.inputs_read},
            {"input_problems", meta.problems},
            {"coverage", {{"first_month", meta.first_month}, {"last_month", meta.last_month}, {"kiosks", meta.kiosks}}},
            {"filters", filters},
            {"disclosure_control", SuppressionNote(f.min_cell)},
            {"rounded_to", kRoundingBase},
            {"people_counted", PeopleNote(meta.people_by_staff_number)}};
}

json OutcomesJson(const Outcomes& o) {
    json j = json::object();
    if (o.sittings) Put(j, "sittings", *o.sittings);
    Put(j, "completions", o.completions);
    Put(j, "passed", o.passed);
    Put(j, "pass_rate", o.pass_rate);
    Put(j, "median_minutes", o.median_minutes);
    return j;
}

json StatsJson(const ItemStats& s) {
    json j = json::object();
    Put(j, "answers", s.answers);
    Put(j, "correct", s.correct);
    Put(j, "facility", s.facility);
    return j;
}

std::string Dump(const json& j) {
    // Invalid UTF-8 from a damaged record becomes U+FFFD rather than aborting the whole report.
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string RenderJson(const SummaryReport& report, const ReportMeta& meta) {
    json j = Header(meta);
    json rollup = json::array();
    for (const RollupRow& r : report.rollup) {
        json row = {{"level", ToString(r.level)},
                    {"region", r.region},
                    {"partnership", r.partnership},
                    {"agency", r.agency},
                    {"kiosk", r.kiosk}};
        row.update(OutcomesJson(r.outcomes));
        rollup.push_back(std::move(row));
    }
    j["rollup"] = std::move(rollup);
    auto breakdown = [](const std::vector<BreakdownRow>& rows, const char* key) {
        json list = json::array();
        for (const BreakdownRow& r : rows) {
            json row = {{key, r.key}};
            row.update(OutcomesJson(r.outcomes));
            list.push_back(std::move(row));
        }
        return list;
    };
    j["by_module"] = breakdown(report.by_module, "module");
    j["by_role"] = breakdown(report.by_role, "role");
    j["by_period"] = breakdown(report.by_period, "period");
    json module_period = json::array();
    for (const ModulePeriodRow& r : report.by_module_period) {
        json row = {{"module", r.module}, {"period", r.period}};
        row.update(OutcomesJson(r.outcomes));
        module_period.push_back(std::move(row));
    }
    j["by_module_period"] = std::move(module_period);
    return Dump(j);
}

std::string RenderJson(const ItemsReport& report, const ReportMeta& meta) {
    json j = Header(meta);
    json items = json::array();
    for (const ItemRow& item : report.items) {
        json row = {{"module", item.module}, {"question", item.scene}, {"type", item.question_type}};
        if (!report.text_source.empty()) row["prompt"] = item.prompt;
        row.update(StatsJson(item.all));
        Put(row, "discrimination", item.discrimination);
        json options = json::array();
        for (const OptionStats& o : item.options) {
            json option = {{"option", o.option}};
            if (!report.text_source.empty()) option["text"] = o.text;
            Put(option, "chosen", o.chosen);
            Put(option, "chosen_when_wrong", o.chosen_when_wrong);
            Put(option, "share", o.share);
            options.push_back(std::move(option));
        }
        row["options"] = std::move(options);
        for (auto [slices, name, key] : {std::tuple{&item.by_role, "by_role", "role"},
                                        std::tuple{&item.by_region, "by_region", "region"},
                                        std::tuple{&item.by_agency, "by_agency", "agency"}}) {
            json list = json::array();
            for (const SliceStats& s : *slices) {
                json slice = {{key, s.key}};
                slice.update(StatsJson(s.stats));
                list.push_back(std::move(slice));
            }
            row[name] = std::move(list);
        }
        items.push_back(std::move(row));
    }
    j["items"] = std::move(items);
    if (!report.text_source.empty()) j["question_text_from"] = "pack " + report.text_source;
    return Dump(j);
}

std::string RenderJson(const KiosksReport& report, const ReportMeta& meta) {
    json j = Header(meta);
    auto kiosk_json = [](const KioskRow& k) {
        json row = {{"region", k.region}, {"partnership", k.partnership}, {"agency", k.agency},
                    {"site", k.site},     {"kiosk", k.kiosk},             {"pack_id", k.pack_id},
                    {"pack_version", k.pack_version}, {"last_sitting", k.last_sitting}};
        Put(row, "sittings", k.sittings);
        Put(row, "completed", k.completed);
        Put(row, "idle_resets", k.idle_resets);
        Put(row, "left", k.left);
        Put(row, "admin_sign_ins", k.admin_sign_ins);
        Put(row, "admin_lockouts", k.admin_lockouts);
        row["last_admin_action"] = k.last_admin;
        return row;
    };
    json kiosks = json::array();
    for (const KioskRow& k : report.kiosks) kiosks.push_back(kiosk_json(k));
    j["kiosks"] = std::move(kiosks);
    if (!report.idle_since.empty()) {
        j["idle_since"] = report.idle_since;  // kiosks --idle-since: these kiosks had no sitting from then
        j["idle_to"] = report.filters.to;
    }
    json total = kiosk_json(report.total);
    for (const char* drop : {"region", "partnership", "agency", "site", "kiosk", "pack_id", "pack_version", "last_sitting"})
        total.erase(drop);
    j["total"] = std::move(total);
    return Dump(j);
}

}  // namespace report

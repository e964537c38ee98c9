// Summarise (summary.h): the selected sittings (SittingIndex), one sequential scan of finished modules
// hash-joined to them, tallies rolled up in memory, then one suppression plan over every table of the
// summary, because the breakdowns and the roll-up share the national totals.
#include "report/summary.h"

#include <map>

#include "report/fast_query.h"
#include "report/median.h"
#include "report/sitting_index.h"

namespace report {

using kiosk::core::Database;
using kiosk::core::Statement;
using kiosk::core::StepResult;

namespace {

constexpr const char* kCompletionsSql =
    "SELECT sitting_id, module_id, passed, seconds FROM r_completions WHERE ?1 = '' OR module_id = ?1";

// Counts for one group before suppression: completions and how many learners they cover.
struct Tally {
    std::int64_t sittings = 0;
    Cell completions, passed, failed;  // value = modules finished; learners = different sittings
    SecondsHistogram seconds;

    void AddCompletion(bool pass, std::int64_t secs) {
        ++completions.value;
        ++(pass ? passed : failed).value;
        seconds.Add(secs);
    }
    void AddLearner(std::uint8_t flags) {
        if (!flags) return;
        ++completions.learners;
        if (flags & kPassed) ++passed.learners;
        if (flags & kFailed) ++failed.learners;
    }
    static constexpr std::uint8_t kPassed = 1, kFailed = 2;
};

using Path = std::vector<std::string>;  // {} national, {region}, ..., {region, partnership, agency, kiosk}

Outcomes FromTally(const Tally& t, bool with_sittings) {
    Outcomes o;
    if (with_sittings) o.sittings = LearnerCount(t.sittings);
    o.completions = t.completions;
    o.passed = t.passed;
    o.failed = t.failed;
    return o;
}

void Register(SuppressionPlan& plan, Outcomes& o) {
    if (o.sittings) plan.Add(*o.sittings);
    plan.Sum(o.completions, {&o.passed, &o.failed});
}

// The sums that tie `parts` to `total`, for every count both have.
void SumOf(SuppressionPlan& plan, Outcomes& total, const std::vector<Outcomes*>& parts) {
    if (parts.empty()) return;
    std::vector<Cell*> sittings, completions, passed, failed;
    for (Outcomes* p : parts) {
        if (p->sittings) sittings.push_back(&*p->sittings);
        completions.push_back(&p->completions);
        passed.push_back(&p->passed);
        failed.push_back(&p->failed);
    }
    if (total.sittings && sittings.size() == parts.size()) plan.Sum(*total.sittings, sittings);
    plan.Sum(total.completions, completions);
    plan.Sum(total.passed, passed);
    plan.Sum(total.failed, failed);
}

// Rates and medians only from published counts; computed after Apply.
void Finish(Outcomes& o, const Tally& t) {
    if (!o.completions.suppressed && o.completions.value > 0) {
        o.median_minutes = t.seconds.Median() / 60.0;
        if (!o.passed.suppressed && !o.failed.suppressed)
            o.pass_rate = static_cast<double>(o.passed.value) / static_cast<double>(o.completions.value);
    }
}

}  // namespace

const char* ToString(Level level) {
    switch (level) {
        case Level::National: return "national";
        case Level::Region: return "region";
        case Level::Partnership: return "partnership";
        case Level::Agency: return "agency";
        case Level::Kiosk: return "kiosk";
    }
    return "?";
}

std::variant<SummaryReport, std::string> Summarise(Database& db, const Filters& filters, const ScanSplit& split) {
    auto loaded = SittingIndex::Load(db, filters, split);
    if (auto* e = std::get_if<std::string>(&loaded)) return *e;
    const SittingIndex& index = std::get<SittingIndex>(loaded);

    // std::map keeps paths in depth-first order: {} < {r} < {r, p} < ... < {r2}.
    std::map<Path, Tally> nodes{{Path{}, Tally{}}};
    std::map<std::string, Tally> modules, roles, periods;
    // Each sitting counts in its area's five levels, its role and its period.
    std::vector<std::vector<Tally*>> area_groups;
    for (const auto& area : index.Areas()) {
        std::vector<Tally*> groups;
        Path path;
        groups.push_back(&nodes[path]);
        for (const std::string& name : area.names) {
            path.push_back(name);
            groups.push_back(&nodes[path]);
        }
        area_groups.push_back(std::move(groups));
    }
    std::vector<Tally*> role_tally, period_tally;
    for (const std::string& role : index.Roles()) role_tally.push_back(&roles[role]);
    for (const std::string& period : index.Periods()) period_tally.push_back(&periods[period]);
    auto each_group = [&](const SittingInfo& s, auto&& add) {
        for (Tally* t : area_groups[s.area]) add(*t);
        add(*role_tally[s.role]);
        add(*period_tally[s.period]);
    };
    for (const SittingInfo& s : index.Sittings()) each_group(s, [](Tally& t) { ++t.sittings; });

    // Completions: counted per row; learners once per sitting, and once per sitting in each module.
    const std::size_t n = index.Sittings().size();
    std::vector<std::uint8_t> sitting_flags(n, 0);
    std::map<std::string, std::vector<std::uint8_t>> module_flags;
    SittingLookup sittings(index);
    FastQuery q;
    if (auto e = q.Prepare(db, kCompletionsSql)) return "cannot read the records (" + *e + ")";
    q.Bind(1, filters.module);
    std::string last_module;
    Tally* module_tally = nullptr;
    std::vector<std::uint8_t>* flags_of_module = nullptr;
    while (q.Step()) {
        std::int64_t i = sittings.Find(q.Text(0));
        if (i < 0) continue;  // not a selected sitting
        std::string_view module = q.Text(1);
        if (!module_tally || module != last_module) {  // rows come in runs of a module: look up on change
            last_module = std::string(module);
            module_tally = &modules[last_module];
            auto [it, added] = module_flags.try_emplace(last_module);
            if (added) it->second.assign(n, 0);
            flags_of_module = &it->second;
        }
        bool pass = q.Int(2) != 0;
        std::int64_t secs = q.Int(3);
        const SittingInfo& s = index.Sittings()[static_cast<std::size_t>(i)];
        each_group(s, [&](Tally& t) { t.AddCompletion(pass, secs); });
        module_tally->AddCompletion(pass, secs);
        std::uint8_t flag = pass ? Tally::kPassed : Tally::kFailed;
        sitting_flags[static_cast<std::size_t>(i)] |= flag;
        (*flags_of_module)[static_cast<std::size_t>(i)] |= flag;
    }
    if (!q.Error().empty()) return "cannot read the records (SQLite: " + q.Error() + ")";
    for (std::size_t i = 0; i < n; ++i)
        each_group(index.Sittings()[i], [&](Tally& t) { t.AddLearner(sitting_flags[i]); });
    for (auto& [module, flags] : module_flags) {
        Tally& t = modules[module];
        for (std::uint8_t f : flags) t.AddLearner(f);
    }

    SummaryReport report;
    report.filters = filters;
    // Every row exists before any cell is registered: the plan holds pointers into these vectors.
    std::vector<const Tally*> rollup_tallies;
    for (const auto& [path, tally] : nodes) {
        RollupRow row;
        row.level = static_cast<Level>(path.size());
        std::string* fields[] = {&row.region, &row.partnership, &row.agency, &row.kiosk};
        for (std::size_t i = 0; i < path.size(); ++i) *fields[i] = path[i];
        row.outcomes = FromTally(tally, true);
        report.rollup.push_back(std::move(row));
        rollup_tallies.push_back(&tally);
    }
    auto breakdown = [](const std::map<std::string, Tally>& from, bool with_sittings) {
        std::vector<BreakdownRow> rows;
        for (const auto& [key, tally] : from) rows.push_back(BreakdownRow{key, FromTally(tally, with_sittings)});
        return rows;
    };
    report.by_module = breakdown(modules, false);
    report.by_role = breakdown(roles, true);
    report.by_period = breakdown(periods, true);

    SuppressionPlan plan;
    for (RollupRow& row : report.rollup) Register(plan, row.outcomes);
    for (auto* rows : {&report.by_module, &report.by_role, &report.by_period})
        for (BreakdownRow& row : *rows) Register(plan, row.outcomes);
    // Children of each roll-up row: the rows one level down that share its path (they follow it).
    for (std::size_t i = 0; i < report.rollup.size(); ++i) {
        std::vector<Outcomes*> children;
        auto depth = static_cast<int>(report.rollup[i].level);
        for (std::size_t j = i + 1; j < report.rollup.size(); ++j) {
            int d = static_cast<int>(report.rollup[j].level);
            if (d <= depth) break;
            if (d == depth + 1) children.push_back(&report.rollup[j].outcomes);
        }
        SumOf(plan, report.rollup[i].outcomes, children);
    }
    Outcomes& national = report.rollup.front().outcomes;
    for (auto* rows : {&report.by_module, &report.by_role, &report.by_period}) {
        std::vector<Outcomes*> parts;
        for (BreakdownRow& row : *rows) parts.push_back(&row.outcomes);
        SumOf(plan, national, parts);
    }
    plan.Apply(filters.min_cell);

    for (std::size_t i = 0; i < report.rollup.size(); ++i) Finish(report.rollup[i].outcomes, *rollup_tallies[i]);
    auto finish = [](std::vector<BreakdownRow>& rows, const std::map<std::string, Tally>& from) {
        auto tally = from.begin();
        for (BreakdownRow& row : rows) Finish(row.outcomes, (tally++)->second);
    };
    finish(report.by_module, modules);
    finish(report.by_role, roles);
    finish(report.by_period, periods);
    return report;
}

}  // namespace report

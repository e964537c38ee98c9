// Summarise (summary.h): the selected sittings (SittingIndex), one sequential scan of finished modules
// hash-joined to them, tallies (and their cell keys) rolled up in memory, then the disclosure rules
// (disclosure.h) for each group: listed only with K people, every count rounded by its cell key.
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
    "SELECT sitting_id, module_id, passed, seconds FROM r_completions WHERE ?1 = '[]' OR module_id IN (SELECT value "
    "FROM json_each(?1))";

// Counts for one group before disclosure control, and the people they cover.
struct Tally {
    std::int64_t sittings = 0;
    std::int64_t completions = 0, passed = 0;  // modules finished
    // The cell keys of the three (disclosure.h); failed's is completions' less passed'.
    std::uint64_t sittings_key = 0, completions_key = 0, passed_key = 0;
    PeopleCount people;      // of its sittings
    PeopleCount completers;  // of its sittings that finished a module (in it, for a module's tally)
    SecondsHistogram seconds;

    void AddCompletion(bool pass, std::int64_t secs, std::uint64_t key) {
        ++completions;
        completions_key += key;
        if (pass) ++passed, passed_key += key;
        seconds.Add(secs);
    }
};

using Path = std::vector<std::string>;  // {} national, {region}, ..., {region, partnership, agency, kiosk}

// The published outcomes of a listed group: rounded counts, and the rate and median only where the
// rules of disclosure.h allow.
Outcomes Published(Tally& t, bool with_sittings, int min_cell) {
    Outcomes o;
    if (with_sittings) o.sittings = LearnerCount(t.sittings, t.sittings_key);
    o.completions = LearnerCount(t.completions, t.completions_key);
    o.passed = LearnerCount(t.passed, t.passed_key);
    o.failed = LearnerCount(t.completions - t.passed, t.completions_key - t.passed_key);
    if (o.sittings) Publish(*o.sittings);
    for (Cell* c : {&o.completions, &o.passed, &o.failed}) Publish(*c);
    o.pass_rate = PublishedRate(o.passed, o.completions);
    if (t.completions > 0 && AverageShown(t.completers.Distinct(), min_cell)) o.median_minutes = t.seconds.Median() / 60.0;
    return o;
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
    for (const SittingInfo& s : index.Sittings()) each_group(s, [&](Tally& t) {
            ++t.sittings;
            t.sittings_key += s.key;
            t.people.Add(s.person);
        });

    // Completions: counted per row; completers once per sitting, and once per sitting in each module.
    const std::size_t n = index.Sittings().size();
    std::vector<std::uint8_t> sitting_flags(n, 0);
    std::map<std::string, std::vector<std::uint8_t>> module_flags;
    std::map<std::pair<std::string, std::uint32_t>, Tally> module_periods;  // (module, period number)
    SittingLookup sittings(index);
    FastQuery q;
    if (auto e = q.Prepare(db, kCompletionsSql)) return "cannot read the records (" + *e + ")";
    q.Bind(1, filters.module.Json());
    std::string last_module;
    std::uint64_t module_key = 0;
    Tally* module_tally = nullptr;
    std::vector<std::uint8_t>* flags_of_module = nullptr;
    while (q.Step()) {
        std::int64_t i = sittings.Find(q.Text(0));
        if (i < 0) continue;  // not a selected sitting
        std::string_view module = q.Text(1);
        if (!module_tally || module != last_module) {  // rows come in runs of a module: look up on change
            last_module = std::string(module);
            module_key = TextKey(module);
            module_tally = &modules[last_module];
            auto [it, added] = module_flags.try_emplace(last_module);
            if (added) it->second.assign(n, 0);
            flags_of_module = &it->second;
        }
        bool pass = q.Int(2) != 0;
        std::int64_t secs = q.Int(3);
        const SittingInfo& s = index.Sittings()[static_cast<std::size_t>(i)];
        std::uint64_t key = RecordKey(s.key, module_key);
        each_group(s, [&](Tally& t) { t.AddCompletion(pass, secs, key); });
        module_tally->AddCompletion(pass, secs, key);
        module_periods[{last_module, s.period}].AddCompletion(pass, secs, key);
        sitting_flags[static_cast<std::size_t>(i)] = 1;
        (*flags_of_module)[static_cast<std::size_t>(i)] = 1;
    }
    if (!q.Error().empty()) return "cannot read the records (SQLite: " + q.Error() + ")";
    for (std::size_t i = 0; i < n; ++i)
        if (sitting_flags[i]) each_group(index.Sittings()[i], [&](Tally& t) { t.completers.Add(index.Sittings()[i].person); });
    for (auto& [module, flags] : module_flags) {
        Tally& t = modules[module];
        for (std::size_t i = 0; i < n; ++i)
            if (flags[i]) {
                const SittingInfo& s = index.Sittings()[i];
                for (Tally* g : {&t, &module_periods[{module, s.period}]}) {
                    g->completers.Add(s.person);
                    g->people.Add(s.person);
                }
            }
    }

    SummaryReport report;
    report.filters = filters;
    const int k = filters.min_cell;
    // Only groups of at least K people are listed (a region's partnerships follow it, so a group under
    // a group that is not listed is never listed either: it has fewer people still).
    for (auto& [path, tally] : nodes) {
        if (!Listed(tally.people.Distinct(), k)) continue;
        RollupRow row;
        row.level = static_cast<Level>(path.size());
        std::string* fields[] = {&row.region, &row.partnership, &row.agency, &row.kiosk};
        for (std::size_t i = 0; i < path.size(); ++i) *fields[i] = path[i];
        row.outcomes = Published(tally, true, k);
        report.rollup.push_back(std::move(row));
    }
    auto breakdown = [&](std::map<std::string, Tally>& from, bool with_sittings) {
        std::vector<BreakdownRow> rows;
        for (auto& [key, tally] : from)
            if (Listed(tally.people.Distinct(), k)) rows.push_back(BreakdownRow{key, Published(tally, with_sittings, k)});
        return rows;
    };
    report.by_module = breakdown(modules, false);
    report.by_role = breakdown(roles, true);
    report.by_period = breakdown(periods, true);
    for (auto& [key, tally] : module_periods)
        if (Listed(tally.people.Distinct(), k))
            report.by_module_period.push_back(
                ModulePeriodRow{key.first, index.Periods()[key.second], Published(tally, false, k)});
    report.people_by_staff_number = nodes[Path{}].people.AnyNamed();
    report.coverage = index.Covered();
    return report;
}

}  // namespace report

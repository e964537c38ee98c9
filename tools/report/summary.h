// `kiosk-report summary`: sittings, completions, pass rate and median time, rolled up national ->
// region -> partnership -> agency -> kiosk, and broken down by module, role category and period.
// Only groups of at least K people are listed; every count is rounded, and rates and medians exist only
// where disclosure.h allows.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/util/sqlite_db.h"
#include "report/filters.h"
#include "report/records_source.h"
#include "report/sitting_index.h"
#include "report/disclosure.h"

namespace report {

enum class Level { National, Region, Partnership, Agency, Kiosk };
const char* ToString(Level level);

// What happened in one group of sittings.
struct Outcomes {
    std::optional<Cell> sittings;  // sittings started (none for a module: a sitting spans modules)
    Cell completions;              // modules finished (a sitting can finish several)
    Cell passed, failed;
    std::optional<double> pass_rate;       // passed / completions, 0..1
    std::optional<double> median_minutes;  // of the finished modules' times
};

struct RollupRow {
    Level level = Level::National;
    std::string region, partnership, agency, kiosk;  // "" above the row's level
    Outcomes outcomes;
};

struct BreakdownRow {
    std::string key;  // the module id, role category or period ("2024-05", "2024-Q2", "2024")
    Outcomes outcomes;
};

// A module in one period (this quarter against last): completions, passed, failed and the pass rate.
struct ModulePeriodRow {
    std::string module, period;
    Outcomes outcomes;
};

struct SummaryReport {
    Filters filters;
    // Depth first: national, region, its partnerships, their agencies... Empty when the selection covers
    // fewer than K people: then nothing at all is published.
    std::vector<RollupRow> rollup;
    // Each covers the national row (before rounding); groups of fewer than K people are left out.
    std::vector<BreakdownRow> by_module, by_role, by_period;
    std::vector<ModulePeriodRow> by_module_period;  // by module, then period; only groups of K people
    bool people_by_staff_number = false;  // some sittings had a staff-number hash (PeopleCount)
    Coverage coverage;
};

// Reads the summary from an open RecordsSource connection (r_* views), protected with filters.min_cell;
// the sittings are read in row ranges at once as `split` allows.
std::variant<SummaryReport, std::string> Summarise(kiosk::core::Database& db, const Filters& filters,
                                                   const ScanSplit& split = {});

}  // namespace report

// `kiosk-report summary`: sittings, completions, pass rate and median time, rolled up national ->
// region -> partnership -> agency -> kiosk, and broken down by module, role category and period.
// Every count is a suppression Cell; rates and medians exist only where their counts are published.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/util/sqlite_db.h"
#include "report/filters.h"
#include "report/records_source.h"
#include "report/suppression.h"

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

struct SummaryReport {
    Filters filters;
    std::vector<RollupRow> rollup;  // depth first: national, region, its partnerships, their agencies...
    std::vector<BreakdownRow> by_module, by_role, by_period;  // each adds up to the national row
};

// Reads the summary from an open RecordsSource connection (r_* views), suppressed with filters.min_cell;
// the sittings are read in row ranges at once as `split` allows.
std::variant<SummaryReport, std::string> Summarise(kiosk::core::Database& db, const Filters& filters,
                                                   const ScanSplit& split = {});

}  // namespace report

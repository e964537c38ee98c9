// The filters and options every report takes (--from/--to, --module, --role, --region, ...), and the
// SQL fragment that applies them to sittings through bound parameters ?1..?8 only.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/util/sqlite_db.h"
#include "report/disclosure.h"

namespace report {

enum class Period { Month, Quarter, Year };

// The values given for one filter (--region a --region b): a sitting passes if it has any of them;
// none = no filter. Bound into SQL as one JSON array (Json()), matched with json_each, so the SQL text
// stays fixed however many values there are.
struct FilterValues : std::vector<std::string> {
    using std::vector<std::string>::vector;
    std::string Json() const;
    // "a or b" for the filters line.
    std::string Words() const;
};

struct Filters {
    std::string from;  // first day, "YYYY-MM-DD" (inclusive); "" = from the start
    std::string to;    // last day, "YYYY-MM-DD" (inclusive); "" = to the end
    FilterValues module, role, region, partnership, agency, kiosk;  // none = all
    Period period = Period::Month;  // the trend's step (--by)
    int min_cell = kDefaultMinCell;  // K: groups of fewer than K people are not listed (disclosure.h)
    std::string by_slice;  // items --by role|region|agency: only that facility table ("" = every table)
    int idle_days = 0;  // kiosks --idle-since DAYS: list the kiosks with no sitting in the window instead

    bool HasDates() const { return !from.empty() || !to.empty(); }
};

const char* ToString(Period period);

// The period a sitting started in: "2024-05", "2024-Q2" or "2024", from its ISO 8601 start.
std::string PeriodOf(const std::string& started_at, Period period);

// Binds ?1..?7 (dates, role, region, partnership, agency, kiosk) and, if `module_too`, ?8 (module).
void BindFilters(kiosk::core::Statement& statement, const Filters& filters, bool module_too);

// Runs a report query with the filters bound, calling `row` for each result row. An error message
// ("cannot read the records (SQLite: ...)") or nullopt.
std::optional<std::string> ScanFiltered(kiosk::core::Database& db, const char* sql, const Filters& filters,
                                        bool module_too, const std::function<void(kiosk::core::Statement&)>& row);

// Filters that match nothing fail loudly (issue 24): a mistyped --region must not print an all-zero
// report. nullopt when every filter given matches some sitting (or answer, for --module); otherwise one
// line naming the option and the value, the closest value the records hold, and a few of those.
std::optional<std::string> CheckFilterValues(kiosk::core::Database& db, const Filters& filters);

// Conditions on the names of the sittings alias `s` (each bound as a JSON array, FilterValues).
#define REPORT_SITTING_NAMES                                                                                 \
    "(?3 = '[]' OR s.role IN (SELECT value FROM json_each(?3))) AND (?4 = '[]' OR s.region IN (SELECT value " \
    "FROM json_each(?4))) AND (?5 = '[]' OR s.partnership IN (SELECT value FROM json_each(?5))) AND (?6 = '[]' " \
    "OR s.agency IN (SELECT value FROM json_each(?6))) AND (?7 = '[]' OR s.kiosk_id IN (SELECT value FROM "   \
    "json_each(?7))) "
// Conditions on the sittings alias `s`, with the date range written so the started_at index serves it.
#define REPORT_SITTING_WHERE                                                                       \
    " s.started_at >= ?1 AND s.started_at < ?2 AND " REPORT_SITTING_NAMES
// The same, for a report over every date: "+" keeps SQLite off the started_at index, since walking an
// index over the whole table and fetching each row from it is slower than one pass over the table.
#define REPORT_SITTING_WHERE_ALL_DATES                                                              \
    " +s.started_at >= ?1 AND +s.started_at < ?2 AND " REPORT_SITTING_NAMES

}  // namespace report

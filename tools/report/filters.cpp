// Filters (filters.h): periods, binding the report filters as SQL parameters and running a filtered query.
#include "report/filters.h"

namespace report {

const char* ToString(Period period) {
    switch (period) {
        case Period::Month: return "month";
        case Period::Quarter: return "quarter";
        case Period::Year: return "year";
    }
    return "month";
}

std::string PeriodOf(const std::string& started_at, Period period) {
    if (started_at.size() < 7) return started_at;
    switch (period) {
        case Period::Year: return started_at.substr(0, 4);
        case Period::Quarter: {
            int month = (started_at[5] - '0') * 10 + (started_at[6] - '0');
            return started_at.substr(0, 4) + "-Q" + std::to_string((month + 2) / 3);
        }
        case Period::Month: break;
    }
    return started_at.substr(0, 7);
}

void BindFilters(kiosk::core::Statement& statement, const Filters& filters, bool module_too) {
    // started_at is "YYYY-MM-DDTHH:MM:SSZ": every time on the last day sorts before "<day>T~".
    statement.Bind(1, std::string_view(filters.from))
        .Bind(2, filters.to.empty() ? std::string("~") : filters.to + "T~")
        .Bind(3, std::string_view(filters.role))
        .Bind(4, std::string_view(filters.region))
        .Bind(5, std::string_view(filters.partnership))
        .Bind(6, std::string_view(filters.agency))
        .Bind(7, std::string_view(filters.kiosk));
    if (module_too) statement.Bind(8, std::string_view(filters.module));
}

std::optional<std::string> ScanFiltered(kiosk::core::Database& db, const char* sql, const Filters& filters,
                                        bool module_too, const std::function<void(kiosk::core::Statement&)>& row) {
    kiosk::core::Statement st;
    if (auto e = st.Prepare(db, sql)) return "cannot read the records (" + *e + ")";
    BindFilters(st, filters, module_too);
    kiosk::core::StepResult r;
    while ((r = st.Step()) == kiosk::core::StepResult::Row) row(st);
    if (r == kiosk::core::StepResult::Error) return "cannot read the records (SQLite: " + st.ErrorMessage() + ")";
    return std::nullopt;
}

}  // namespace report

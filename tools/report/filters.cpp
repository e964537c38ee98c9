// Filters (filters.h): periods, binding the report filters as SQL parameters and running a filtered query.
#include "report/filters.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/util/did_you_mean.h"

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

std::optional<std::string> CheckFilterValues(kiosk::core::Database& db, const Filters& filters) {
    struct Check {
        const char* option;
        const std::string& value;
        const char* sql;  // every value the records hold for it
    };
    const Check checks[] = {
        {"--role", filters.role, "SELECT DISTINCT role FROM r_sittings ORDER BY 1"},
        {"--region", filters.region, "SELECT DISTINCT region FROM r_sittings ORDER BY 1"},
        {"--partnership", filters.partnership, "SELECT DISTINCT partnership FROM r_sittings ORDER BY 1"},
        {"--agency", filters.agency, "SELECT DISTINCT agency FROM r_sittings ORDER BY 1"},
        {"--kiosk", filters.kiosk, "SELECT DISTINCT kiosk_id FROM r_sittings ORDER BY 1"},
        {"--module", filters.module,
         "SELECT module_id FROM r_completions UNION SELECT module_id FROM r_answers ORDER BY 1"},
    };
    for (const Check& check : checks) {
        if (check.value.empty()) continue;
        std::vector<std::string> held;
        kiosk::core::Statement st;
        if (auto e = st.Prepare(db, check.sql)) return "cannot read the records (" + *e + ")";
        kiosk::core::StepResult r;
        bool found = false;
        while ((r = st.Step()) == kiosk::core::StepResult::Row) {
            held.push_back(st.ColumnText(0));
            found = found || held.back() == check.value;
        }
        if (r == kiosk::core::StepResult::Error) return "cannot read the records (SQLite: " + st.ErrorMessage() + ")";
        if (found) continue;
        // The likeliest mistake is the case ("Yorkshire" for "yorkshire"), then a typo.
        std::string suggestion;
        for (const std::string& value : held)
            if (suggestion.empty() && value.size() == check.value.size() &&
                std::equal(value.begin(), value.end(), check.value.begin(), [](char a, char b) {
                    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
                }))
                suggestion = "; did you mean '" + value + "'?";
        if (suggestion.empty()) suggestion = kiosk::core::DidYouMean(check.value, held);
        std::string some;
        for (std::size_t i = 0; i < held.size() && i < 12; ++i) some += (i ? ", " : "") + held[i];
        if (held.size() > 12) some += ", ... (" + std::to_string(held.size()) + " in all)";
        return std::string(check.option) + " '" + check.value + "': no sitting in the records has it" + suggestion +
               (held.empty() ? std::string(" (the records have none)") : " (the records have: " + some + ")");
    }
    return std::nullopt;
}

}  // namespace report
